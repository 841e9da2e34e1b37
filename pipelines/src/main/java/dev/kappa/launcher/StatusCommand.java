package dev.kappa.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.kafka.KafkaLog;
import dev.kappa.pipelines.kafka.KafkaLog.PartitionLag;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingStatus;
import dev.kappa.pipelines.serving.ServingStatus.PipelineState;
import dev.kappa.pipelines.serving.ServingStatus.VersionState;
import dev.kappa.pipelines.serving.SwitchLog;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code kappa status [PIPELINE] --sink=jdbc:... [--source=kafka:TOPIC] [--env=PROFILE] [--json]
 * [--maxLagRecords=N] [--maxFreshnessSeconds=S]}: what readers see and how far behind it is. Per
 * version of a pipeline (every {@code PIPELINE_VERSION} table): whether the view points at it, its
 * rows and last write, the event time its final results reached and the freshness that gives
 * (wall clock minus it), its dead letters (all, last hour), its consumer group's lag on the topic
 * ({@code --source}), and on a Flink session cluster ({@code --env=flink-cluster}) the job that
 * writes it; then the pipeline's last switches. Without {@code PIPELINE}, one line per pipeline
 * the database holds. Exit code 0 when healthy, {@value Kappa#UNHEALTHY} when the served version is
 * over a threshold or a version's job is failing, 2 for a usage error or a database or broker
 * that does not answer.
 */
final class StatusCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Kappa kappa;
  private final PrintStream out;

  StatusCommand(Kappa kappa, PrintStream out) {
    this.kappa = kappa;
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
      OptionalLong maxLagRecords,
      OptionalLong maxFreshnessSeconds) {}

  /** A version with what the log and the cluster say of it. */
  private record Version(
      VersionState state,
      String consumerGroup,
      Optional<List<PartitionLag>> lag,
      Optional<FlinkRest.Job> job) {
    OptionalLong totalLag() {
      return lag.map(partitions -> OptionalLong.of(
          partitions.stream().mapToLong(PartitionLag::lag).sum())).orElse(OptionalLong.empty());
    }

    /** Wall clock minus the event time reached, in seconds. */
    OptionalLong freshnessSeconds(Instant now) {
      return state.eventTimeReached()
          .map(t -> OptionalLong.of(Duration.between(t, now).toSeconds()))
          .orElse(OptionalLong.empty());
    }
  }

  private record Pipeline(PipelineState state, List<Version> versions) {}

  int run(List<String> args) throws IOException {
    Request request = parse(args);
    request.database().requireReachable("--sink");
    List<String> names = PipelineRegistry.all().stream().map(KappaPipeline::name).toList();
    ServingStatus serving = new ServingStatus(request.database());
    Instant now = Instant.now();
    List<Pipeline> pipelines = new ArrayList<>();
    // Asked once per command: a cluster that is down is one line before anything else.
    Optional<FlinkRest> flink = request.cluster().map(c -> {
      c.requireUp();
      return new FlinkRest(c.url());
    });
    KafkaLog log = new KafkaLog(request.bootstrapServers());
    try {
      for (String name : request.pipeline().map(List::of).orElse(names)) {
        PipelineState state = serving.of(name, names);
        if (request.pipeline().isPresent() || !state.versions().isEmpty()) {
          pipelines.add(new Pipeline(state, versions(request, state, flink, log)));
        }
      }
    } catch (SQLException e) {
      throw new IOException("serving database " + request.database() + ": " + e.getMessage(), e);
    }
    List<String> problems = problems(request, pipelines, now);
    if (request.json()) {
      out.println(json(request, pipelines, problems, now).toPrettyString());
    } else if (request.pipeline().isPresent()) {
      out.print(details(pipelines.get(0), now));
      problems.forEach(p -> out.println("UNHEALTHY: " + p));
    } else {
      out.print(overview(pipelines, now));
      problems.forEach(p -> out.println("UNHEALTHY: " + p));
    }
    return problems.isEmpty() ? Kappa.OK : Kappa.UNHEALTHY;
  }

  private Request parse(List<String> args) {
    Optional<String> pipeline = Optional.empty();
    List<String> rest = args;
    if (!args.isEmpty() && !args.get(0).startsWith("--")) {
      pipeline = Optional.of(PipelineRegistry.byName(args.get(0)).name());
      rest = args.subList(1, args.size());
    }
    String sink = null;
    Optional<String> topic = Optional.empty();
    String brokers = "127.0.0.1:9092";
    boolean json = false;
    OptionalLong maxLag = OptionalLong.empty();
    OptionalLong maxFreshness = OptionalLong.empty();
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
        default -> throw new UsageException("status: unknown option " + kv[0] + " (--sink,"
            + " --source, --bootstrapServers, --env, --flinkMaster, --json, --maxLagRecords,"
            + " --maxFreshnessSeconds)");
      }
    }
    if (sink == null || !JdbcTarget.isJdbc(sink)) {
      throw new UsageException(
          "status reads the serving database: give --sink=jdbc:postgresql://...");
    }
    Optional<Cluster> cluster =
        Cluster.of(kappa.withProfile(profileArgs)).filter(Cluster::isFlink);
    return new Request(pipeline, JdbcTarget.parse(sink), topic, brokers, cluster, json, maxLag,
        maxFreshness);
  }

  private static String kafkaTopic(String source) {
    if (!source.startsWith("kafka:") || source.length() == "kafka:".length()) {
      throw new UsageException("status: --source names the topic the pipeline reads,"
          + " --source=kafka:TOPIC; got " + source);
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

  private static List<Version> versions(Request request, PipelineState state,
      Optional<FlinkRest> flink, KafkaLog log) throws IOException {
    List<Version> versions = new ArrayList<>();
    for (VersionState v : state.versions()) {
      String group = LaunchPlan.consumerGroup(state.pipeline(), v.version());
      Optional<List<PartitionLag>> lag =
          request.topic().map(topic -> log.lag(group, topic));
      Optional<FlinkRest.Job> job = Optional.empty();
      if (flink.isPresent()) {
        job = flink.get().newestJob(
            LaunchPlan.jobName(state.pipeline(), v.version(), LaunchPlan.Mode.LIVE));
      }
      versions.add(new Version(v, group, lag, job));
    }
    return versions;
  }

  /** Why the served versions are unhealthy; none if they are not. */
  private static List<String> problems(Request request, List<Pipeline> pipelines, Instant now) {
    List<String> problems = new ArrayList<>();
    for (Pipeline p : pipelines) {
      for (Version v : p.versions()) {
        String name = p.state().pipeline() + " " + v.state().version();
        v.job().filter(FlinkRest.Job::unhealthy).ifPresent(job ->
            problems.add(name + ": its job " + job.id() + " is " + job.state()));
        if (!v.state().serving()) {
          continue;
        }
        OptionalLong lag = v.totalLag();
        if (request.maxLagRecords().isPresent() && lag.isPresent()
            && lag.getAsLong() > request.maxLagRecords().getAsLong()) {
          problems.add(String.format(Locale.ROOT, "%s: %,d records behind the log end (over"
                  + " --maxLagRecords=%d)", name, lag.getAsLong(),
              request.maxLagRecords().getAsLong()));
        }
        OptionalLong fresh = v.freshnessSeconds(now);
        if (request.maxFreshnessSeconds().isPresent() && (fresh.isEmpty()
            || fresh.getAsLong() > request.maxFreshnessSeconds().getAsLong())) {
          problems.add(name + ": served answers are "
              + (fresh.isPresent() ? seconds(fresh.getAsLong()) + " old" : "not there yet")
              + " (over --maxFreshnessSeconds=" + request.maxFreshnessSeconds().getAsLong() + ")");
        }
      }
      if (p.state().servingTable().isEmpty() && request.pipeline().isPresent()
          && (request.maxLagRecords().isPresent() || request.maxFreshnessSeconds().isPresent())) {
        problems.add(p.state().pipeline() + ": no version is served (no view "
            + p.state().view() + ")");
      }
    }
    return problems;
  }

  private static String details(Pipeline p, Instant now) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s: readers query %s%s%n",
        p.state().pipeline(), p.state().view(),
        p.state().servingTable().map(t -> " -> " + t).orElse(" (no view yet)")));
    if (p.versions().isEmpty()) {
      return text.append("  no version has written a table yet\n").toString();
    }
    text.append(String.format(Locale.ROOT, "  %-10s %-9s %10s %-21s %-21s %10s %12s %14s  %s%n",
        "version", "serving", "rows", "last write", "event time reached", "freshness",
        "dead letters", "lag (records)", "job"));
    for (Version v : p.versions()) {
      VersionState s = v.state();
      text.append(String.format(Locale.ROOT, "  %-10s %-9s %,10d %-21s %-21s %10s %12s %14s  %s%n",
          s.version(), s.serving() ? "serving" : retained(p.state(), s), s.rows(),
          instant(s.newestUpdate()), instant(s.eventTimeReached()),
          v.freshnessSeconds(now).isPresent() ? seconds(v.freshnessSeconds(now).getAsLong())
              : "-",
          String.format(Locale.ROOT, "%,d (%,d/h)", s.deadLetters(), s.deadLettersLastHour()),
          v.totalLag().isPresent() ? String.format(Locale.ROOT, "%,d", v.totalLag().getAsLong())
              : "-",
          v.job().map(StatusCommand::job).orElse("-")));
    }
    for (Version v : p.versions()) {
      if (!v.state().serving() && lastSwitchAway(p.state(), v.state()).isPresent()) {
        text.append(String.format(Locale.ROOT, "  %s is retained %s%n", v.state().version(),
            retainedUntil(p.state(), v.state())
                .map(t -> "until " + instant(Optional.of(t)) + " (a later reprocess drops it)")
                .orElse("until dropped by hand (a manual switch left it)")));
      }
    }
    if (!p.state().switches().isEmpty()) {
      text.append("  switches, newest first:\n");
      for (SwitchLog.Switch s : p.state().switches()) {
        text.append(String.format(Locale.ROOT, "    %s  %s -> %s (%s)%n",
            instant(Optional.of(s.switchedAt())), s.fromTable().orElse("nothing"), s.toTable(),
            s.reason()));
      }
    }
    return text.toString();
  }

  /** A version readers do not query: "retained" if it served before, else "new". */
  private static String retained(PipelineState pipeline, VersionState version) {
    return lastSwitchAway(pipeline, version).isPresent() ? "retained" : "new";
  }

  /** The newest switch away from {@code version}'s table, if readers ever left it. */
  private static Optional<SwitchLog.Switch> lastSwitchAway(PipelineState pipeline,
      VersionState version) {
    return pipeline.switches().stream()
        .filter(s -> s.fromTable().filter(version.table()::equals).isPresent()).findFirst();
  }

  /** Until when a version readers left is kept: a reprocess's retention, or none (by hand). */
  private static Optional<Instant> retainedUntil(PipelineState pipeline, VersionState version) {
    return version.serving() ? Optional.empty()
        : lastSwitchAway(pipeline, version).flatMap(SwitchLog.Switch::retainUntil);
  }

  private static String overview(List<Pipeline> pipelines, Instant now) {
    if (pipelines.isEmpty()) {
      return "no pipeline has written a table in this database yet\n";
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%-16s %-9s %9s %10s %-21s %10s %12s %14s%n", "pipeline", "serving", "versions", "rows",
        "event time reached", "freshness", "dead letters", "lag (records)"));
    for (Pipeline p : pipelines) {
      Optional<Version> served = p.versions().stream().filter(v -> v.state().serving())
          .findFirst();
      text.append(String.format(Locale.ROOT, "%-16s %-9s %9d %10s %-21s %10s %12s %14s%n",
          p.state().pipeline(), served.map(v -> v.state().version()).orElse("-"),
          p.versions().size(),
          served.map(v -> String.format(Locale.ROOT, "%,d", v.state().rows())).orElse("-"),
          served.map(v -> instant(v.state().eventTimeReached())).orElse("-"),
          served.flatMap(v -> v.freshnessSeconds(now).isPresent()
              ? Optional.of(seconds(v.freshnessSeconds(now).getAsLong())) : Optional.empty())
              .orElse("-"),
          served.map(v -> String.format(Locale.ROOT, "%,d (%,d/h)", v.state().deadLetters(),
              v.state().deadLettersLastHour())).orElse("-"),
          served.flatMap(v -> v.totalLag().isPresent()
              ? Optional.of(String.format(Locale.ROOT, "%,d", v.totalLag().getAsLong()))
              : Optional.empty()).orElse("-")));
    }
    return text.toString();
  }

  private static ObjectNode json(Request request, List<Pipeline> pipelines,
      List<String> problems, Instant now) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("database", request.database().toString());
    doc.put("checkedAt", now.toString());
    doc.put("healthy", problems.isEmpty());
    ArrayNode problemList = doc.putArray("problems");
    problems.forEach(problemList::add);
    ArrayNode list = doc.putArray("pipelines");
    for (Pipeline p : pipelines) {
      ObjectNode pipeline = list.addObject();
      pipeline.put("pipeline", p.state().pipeline());
      pipeline.put("view", p.state().view());
      putOptional(pipeline, "servingTable", p.state().servingTable());
      ArrayNode versions = pipeline.putArray("versions");
      for (Version v : p.versions()) {
        ObjectNode version = versions.addObject();
        VersionState s = v.state();
        version.put("version", s.version());
        version.put("table", s.table());
        version.put("serving", s.serving());
        version.put("role", s.serving() ? "serving" : retained(p.state(), s));
        putOptional(version, "retainedUntil",
            retainedUntil(p.state(), s).map(Instant::toString));
        version.put("rows", s.rows());
        putOptional(version, "lastWrite", s.newestUpdate().map(Instant::toString));
        putOptional(version, "eventTimeReached", s.eventTimeReached().map(Instant::toString));
        OptionalLong fresh = v.freshnessSeconds(now);
        if (fresh.isPresent()) {
          version.put("freshnessSeconds", fresh.getAsLong());
        } else {
          version.putNull("freshnessSeconds");
        }
        version.put("deadLetters", s.deadLetters());
        version.put("deadLettersLastHour", s.deadLettersLastHour());
        version.put("consumerGroup", v.consumerGroup());
        if (v.lag().isPresent()) {
          ObjectNode lag = version.putObject("lag");
          lag.put("topic", request.topic().orElseThrow());
          lag.put("records", v.totalLag().getAsLong());
          ArrayNode partitions = lag.putArray("partitions");
          for (PartitionLag partition : v.lag().get()) {
            ObjectNode node = partitions.addObject();
            node.put("partition", partition.partition());
            node.put("logEnd", partition.logEnd());
            if (partition.committed().isPresent()) {
              node.put("committed", partition.committed().getAsLong());
            } else {
              node.putNull("committed");
            }
            node.put("lag", partition.lag());
          }
        } else {
          version.putNull("lag");
        }
        if (v.job().isPresent()) {
          FlinkRest.Job job = v.job().get();
          ObjectNode node = version.putObject("job");
          node.put("id", job.id());
          node.put("state", job.state());
          node.put("uptimeSeconds", job.uptimeMillis() / 1000);
          putOptional(node, "lastCheckpoint", job.lastCheckpoint().map(Instant::toString));
        } else {
          version.putNull("job");
        }
      }
      ArrayNode switches = pipeline.putArray("switches");
      for (SwitchLog.Switch s : p.state().switches()) {
        ObjectNode node = switches.addObject();
        putOptional(node, "from", s.fromTable());
        node.put("to", s.toTable());
        node.put("at", s.switchedAt().toString());
        node.put("reason", s.reason());
      }
    }
    return doc;
  }

  private static void putOptional(ObjectNode node, String field, Optional<String> value) {
    if (value.isPresent()) {
      node.put(field, value.get());
    } else {
      node.putNull(field);
    }
  }

  private static String job(FlinkRest.Job job) {
    return job.state() + ", up " + seconds(job.uptimeMillis() / 1000) + ", checkpoint "
        + job.lastCheckpoint().map(Instant::toString).orElse("none");
  }

  private static String instant(Optional<Instant> time) {
    return time.map(t -> t.toString().replaceAll("\\.\\d+Z$", "Z")).orElse("-");
  }

  /** A duration for people: 42 s, 17 min, 5.2 h, 3.1 d. */
  private static String seconds(long s) {
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s < 172_800 ? String.format(Locale.ROOT, "%.1f h", s / 3600.0)
        : String.format(Locale.ROOT, "%.1f d", s / 86_400.0);
  }
}
