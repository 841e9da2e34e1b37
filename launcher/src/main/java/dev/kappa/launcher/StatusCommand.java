package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus;
import dev.kappa.launcher.serving.ServingStatus.PipelineState;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.archive.ArchiveManifest;
import dev.kappa.pipelines.serving.JdbcTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kappa status [PIPELINE] --sink=jdbc:... [--source=kafka:TOPIC] [--env=PROFILE] [--json]
 * [--archive=DIR] [--maxLagRecords=N] [--maxFreshnessSeconds=S] [--maxHistoryGapRecords=N]}: what
 * readers see and how far behind it is. Per version of a pipeline (every {@code PIPELINE_VERSION}
 * table): whether the view points at it, its rows and last write, the event time its final results
 * reached and the freshness that gives (wall clock minus it), its dead letters (all, last hour),
 * its consumer group's lag on the topic ({@code --source}), and on a Flink session cluster ({@code
 * --env=flink-cluster}) the job that writes it; then the pipeline's last switches. Without {@code
 * PIPELINE}, one line per pipeline the database holds. With {@code --source}, how far back the
 * topic reaches, and with {@code --archive} what its archive holds ({@link LogReach}). Exit code 0
 * when healthy, {@value Kappa#UNHEALTHY} when a threshold is passed or a version's job is failing
 * ({@link HealthRules}), 2 for a usage error or a database or broker that does not answer.
 */
@Command(
    name = "status",
    description = {
      "What readers of each pipeline (or of PIPELINE, in detail) see and how far behind it is:"
          + " per version its rows, last write, final event time and freshness, dead letters,"
          + " consumer lag (--source) and job (--env=flink-cluster); the last switches; with"
          + " --source, how far back the topic reaches. Exit 3 when a threshold is passed."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin private HelpOption help;

  @Parameters(
      arity = "0..1",
      paramLabel = "PIPELINE",
      description = "One pipeline in detail (default: a line per pipeline).")
  private String pipeline;

  @Option(
      names = "--sink",
      required = true,
      paramLabel = "jdbc:postgresql://...",
      description = "The serving database.")
  private String sink;

  @Option(
      names = "--source",
      paramLabel = "kafka:TOPIC",
      description = "The topic the pipelines read: consumer lag and how far back it reaches.")
  private String source;

  @Option(
      names = "--bootstrapServers",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9092",
      description = "The Kafka brokers (default ${DEFAULT-VALUE}).")
  private String brokers;

  @Option(
      names = "--env",
      paramLabel = "PROFILE",
      description = "The profile whose Flink cluster runs the jobs (flink-cluster: their state).")
  private String profile;

  @Option(
      names = "--flinkMaster",
      paramLabel = "HOST:PORT",
      description = "The Flink session cluster, if not the profile's.")
  private String flinkMaster;

  @Option(names = "--json", description = "Prints the status as one JSON document.")
  private boolean json;

  @Option(
      names = "--maxLagRecords",
      paramLabel = "N",
      description = "Unhealthy when the serving version is more than N records behind.")
  private Long maxLag;

  @Option(
      names = "--maxFreshnessSeconds",
      paramLabel = "S",
      description = "Unhealthy when the serving version's final results are older than S seconds.")
  private Long maxFreshness;

  @Option(
      names = "--archive",
      paramLabel = "DIR",
      description =
          "The topic's archive ('kappa archive --to=DIR', with --source): what it holds, and which"
              + " lost records a full reprocess can still read from it.")
  private Path archive;

  @Option(
      names = "--maxHistoryGapRecords",
      paramLabel = "N",
      description =
          "Unhealthy when more than N records of the topic's history are gone (with --source; with"
              + " --archive, gone from both).")
  private Long maxHistoryGap;

  private final Launcher launcher;
  private final PrintStream out;

  StatusCommand(Launcher launcher, PrintStream out) {
    this.launcher = launcher;
    this.out = out;
  }

  /** The command line of one status request. */
  private record Request(
      Optional<String> pipeline,
      JdbcTarget database,
      Optional<String> topic,
      String bootstrapServers,
      Optional<Cluster> cluster,
      boolean json,
      HealthRules.Thresholds limits) {}

  @Override
  public Integer call() throws IOException {
    Request request = request();
    request.database().requireReachable("--sink");
    List<String> names = PipelineRegistry.all().stream().map(KappaPipeline::name).toList();
    ServingStatus serving = new ServingStatus(request.database());
    Instant now = Instant.now();
    List<PipelineStatus> pipelines = new ArrayList<>();
    // Asked once per command: a cluster that is down is one line before anything else.
    Optional<FlinkRest> flink =
        request
            .cluster()
            .map(
                c -> {
                  c.requireUp();
                  return new FlinkRest(c.url());
                });
    KafkaLog log = new KafkaLog(request.bootstrapServers());
    try {
      for (String name : request.pipeline().map(List::of).orElse(names)) {
        PipelineState state = serving.of(name, names);
        if (request.pipeline().isPresent() || !state.versions().isEmpty()) {
          pipelines.add(new PipelineStatus(state, versions(request, state, flink, log)));
        }
      }
    } catch (SQLException e) {
      throw new IOException("serving database " + request.database() + ": " + e.getMessage(), e);
    }
    Optional<LogReach> reach =
        request
            .topic()
            .map(
                topic ->
                    new LogReach(
                        topic, log.slice(topic, KafkaLog.RETAINED, "now"), archived(topic)));
    List<String> problems =
        HealthRules.problems(
            request.limits(), request.pipeline().isPresent(), pipelines, reach, now);
    if (request.json()) {
      out.println(
          StatusJson.render(
              request.database().toString(), request.topic(), pipelines, reach, problems, now));
    } else {
      out.print(
          request.pipeline().isPresent()
              ? StatusText.details(pipelines.get(0), now)
              : StatusText.overview(pipelines, now));
      reach.ifPresent(r -> out.print(StatusText.reach(r)));
      problems.forEach(p -> out.println("UNHEALTHY: " + p));
    }
    return problems.isEmpty() ? Kappa.OK : Kappa.UNHEALTHY;
  }

  private Optional<LogReach.Archive> archived(String topic) {
    if (archive == null) {
      return Optional.empty();
    }
    Path folder = archive.toAbsolutePath();
    try {
      return Optional.of(
          new LogReach.Archive(folder.toString(), ArchiveManifest.read(folder, topic).coverage()));
    } catch (IOException e) {
      throw new UsageException(
          "--archive=" + folder + ": cannot read its manifest: " + e.getMessage());
    }
  }

  private Request request() {
    if (archive != null && source == null) {
      throw new UsageException(
          "--archive describes the archive of --source=kafka:TOPIC: give both");
    }
    if (!JdbcTarget.isJdbc(sink)) {
      throw new UsageException(
          "status reads the serving database: give --sink=jdbc:postgresql://..., got " + sink);
    }
    List<String> clusterOptions =
        flinkMaster == null ? List.of() : List.of("--flinkMaster=" + flinkMaster);
    Optional<Cluster> cluster =
        Cluster.of(
                launcher.withProfile(
                    new LaunchRequest(
                        Optional.ofNullable(profile), Optional.empty(), clusterOptions)))
            .filter(Cluster::isFlink);
    return new Request(
        Optional.ofNullable(pipeline).map(name -> KnownPipelines.named(name).name()),
        JdbcTarget.parse(sink),
        Optional.ofNullable(source).map(StatusCommand::kafkaTopic),
        brokers,
        cluster,
        json,
        new HealthRules.Thresholds(
            limit("--maxLagRecords", maxLag),
            limit("--maxFreshnessSeconds", maxFreshness),
            limit("--maxHistoryGapRecords", maxHistoryGap)));
  }

  private static String kafkaTopic(String source) {
    if (!source.startsWith("kafka:") || source.length() == "kafka:".length()) {
      throw new UsageException(
          "status: --source names the topic the pipeline reads,"
              + " --source=kafka:TOPIC; got "
              + source);
    }
    return source.substring("kafka:".length());
  }

  private static OptionalLong limit(String option, Long value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value < 0) {
      throw new UsageException("status: " + option + " takes a number >= 0, got " + value);
    }
    return OptionalLong.of(value);
  }

  private static List<VersionStatus> versions(
      Request request, PipelineState state, Optional<FlinkRest> flink, KafkaLog log)
      throws IOException {
    List<VersionStatus> versions = new ArrayList<>();
    for (VersionState v : state.versions()) {
      String group = LaunchPlan.consumerGroup(state.pipeline(), v.version());
      Optional<List<PartitionLag>> lag = request.topic().map(topic -> log.lag(group, topic));
      Optional<FlinkRest.Job> job = Optional.empty();
      if (flink.isPresent()) {
        job =
            flink
                .get()
                .newestJob(LaunchPlan.jobName(state.pipeline(), v.version(), LaunchPlan.Mode.LIVE));
      }
      versions.add(new VersionStatus(v, group, lag, job));
    }
    return versions;
  }
}
