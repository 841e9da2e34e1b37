package dev.kappa.launcher;

import dev.kappa.launcher.kafka.KafkaLog;
import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus;
import dev.kappa.launcher.serving.ServingStatus.PipelineState;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.serving.JdbcTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code kappa status [PIPELINE] --sink=jdbc:... [--source=kafka:TOPIC] [--env=PROFILE] [--json]
 * [--maxLagRecords=N] [--maxFreshnessSeconds=S] [--maxHistoryGapRecords=N]}: what readers see and
 * how far behind it is. Per version of a pipeline (every {@code PIPELINE_VERSION} table): whether
 * the view points at it, its rows and last write, the event time its final results reached and the
 * freshness that gives (wall clock minus it), its dead letters (all, last hour), its consumer
 * group's lag on the topic ({@code --source}), and on a Flink session cluster ({@code
 * --env=flink-cluster}) the job that writes it; then the pipeline's last switches. Without {@code
 * PIPELINE}, one line per pipeline the database holds. With {@code --source}, how far back the
 * topic reaches ({@link LogReach}). Exit code 0 when healthy, {@value Kappa#UNHEALTHY} when a
 * threshold is passed or a version's job is failing ({@link HealthRules}), 2 for a usage error or a
 * database or broker that does not answer.
 */
final class StatusCommand {
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

  int run(List<String> args) throws IOException {
    Request request = parse(args);
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
            .map(topic -> new LogReach(topic, log.slice(topic, KafkaLog.RETAINED, "now")));
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

  private Request parse(List<String> args) {
    Optional<String> pipeline = Optional.empty();
    List<String> rest = args;
    if (!args.isEmpty() && !args.get(0).startsWith("--")) {
      pipeline = Optional.of(KnownPipelines.named(args.get(0)).name());
      rest = args.subList(1, args.size());
    }
    String sink = null;
    Optional<String> topic = Optional.empty();
    String brokers = "127.0.0.1:9092";
    boolean json = false;
    OptionalLong maxLag = OptionalLong.empty();
    OptionalLong maxFreshness = OptionalLong.empty();
    OptionalLong maxHistoryGap = OptionalLong.empty();
    List<String> profileArgs = new ArrayList<>();
    for (String arg : rest) {
      String[] kv = arg.split("=", 2);
      String value = kv.length == 2 ? kv[1] : "";
      switch (kv[0]) {
        case "--sink" -> sink = value;
        case "--source" -> topic = Optional.of(kafkaTopic(value));
        case "--bootstrapServers" -> brokers = value;
        case "--env", "--flinkMaster" -> profileArgs.add(arg);
        case "--json" -> json = true;
        case "--maxLagRecords" -> maxLag = OptionalLong.of(nonNegative(kv[0], value));
        case "--maxFreshnessSeconds" -> maxFreshness = OptionalLong.of(nonNegative(kv[0], value));
        case "--maxHistoryGapRecords" -> maxHistoryGap = OptionalLong.of(nonNegative(kv[0], value));
        default ->
            throw new UsageException(
                "status: unknown option "
                    + kv[0]
                    + " (--sink,"
                    + " --source, --bootstrapServers, --env, --flinkMaster, --json, --maxLagRecords,"
                    + " --maxFreshnessSeconds, --maxHistoryGapRecords)");
      }
    }
    if (sink == null || !JdbcTarget.isJdbc(sink)) {
      throw new UsageException(
          "status reads the serving database: give --sink=jdbc:postgresql://...");
    }
    Optional<Cluster> cluster =
        Cluster.of(launcher.withProfile(profileArgs)).filter(Cluster::isFlink);
    return new Request(
        pipeline,
        JdbcTarget.parse(sink),
        topic,
        brokers,
        cluster,
        json,
        new HealthRules.Thresholds(maxLag, maxFreshness, maxHistoryGap));
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

  private static long nonNegative(String option, String value) {
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("status: " + option + " takes a number >= 0, got '" + value + "'");
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
