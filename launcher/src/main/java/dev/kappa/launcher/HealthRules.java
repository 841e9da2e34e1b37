package dev.kappa.launcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When {@code kappa status} calls the serving layer unhealthy (exit {@value Kappa#UNHEALTHY}): a
 * version whose cluster job is failing or restarting; the served version more records behind the
 * log end than {@code --maxLagRecords}, or its newest final result older than {@code
 * --maxFreshnessSeconds} (or none yet); a pipeline asked about by name that serves no version while
 * a threshold is set. A pure rule over what the command gathered.
 */
final class HealthRules {
  private HealthRules() {}

  /** The limits given on the command line; none set means only failing jobs count. */
  record Thresholds(
      OptionalLong maxLagRecords,
      OptionalLong maxFreshnessSeconds,
      OptionalLong maxHistoryGapRecords) {
    boolean any() {
      return maxLagRecords.isPresent()
          || maxFreshnessSeconds.isPresent()
          || maxHistoryGapRecords.isPresent();
    }
  }

  /**
   * Why the pipelines are unhealthy, one sentence each; empty if they are healthy.
   *
   * @param pipelineNamed whether the user asked about one pipeline by name
   */
  static List<String> problems(
      Thresholds limits,
      boolean pipelineNamed,
      List<PipelineStatus> pipelines,
      Optional<LogReach> log,
      Instant now) {
    List<String> problems = new ArrayList<>();
    if (log.isPresent()
        && limits.maxHistoryGapRecords().isPresent()
        && log.get().recordsGone() > limits.maxHistoryGapRecords().getAsLong()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "kafka:%s: %,d records of its history are gone (over --maxHistoryGapRecords=%d):"
                  + " a full reprocess can no longer read them",
              log.get().topic(),
              log.get().recordsGone(),
              limits.maxHistoryGapRecords().getAsLong()));
    }
    for (PipelineStatus p : pipelines) {
      for (VersionStatus v : p.versions()) {
        String name = p.state().pipeline() + " " + v.state().version();
        v.job()
            .filter(FlinkRest.Job::unhealthy)
            .ifPresent(job -> problems.add(name + ": its job " + job.id() + " is " + job.state()));
        if (v.state().serving()) {
          problems.addAll(servedVersionProblems(limits, name, v, now));
        }
      }
      if (p.state().servingTable().isEmpty() && pipelineNamed && limits.any()) {
        problems.add(
            p.state().pipeline() + ": no version is served (no view " + p.state().view() + ")");
      }
    }
    return problems;
  }

  private static List<String> servedVersionProblems(
      Thresholds limits, String name, VersionStatus version, Instant now) {
    List<String> problems = new ArrayList<>();
    OptionalLong lag = version.totalLag();
    if (limits.maxLagRecords().isPresent()
        && lag.isPresent()
        && lag.getAsLong() > limits.maxLagRecords().getAsLong()) {
      problems.add(
          String.format(
              Locale.ROOT,
              "%s: %,d records behind the log end (over" + " --maxLagRecords=%d)",
              name,
              lag.getAsLong(),
              limits.maxLagRecords().getAsLong()));
    }
    OptionalLong fresh = version.freshnessSeconds(now);
    if (limits.maxFreshnessSeconds().isPresent()
        && (fresh.isEmpty() || fresh.getAsLong() > limits.maxFreshnessSeconds().getAsLong())) {
      problems.add(
          name
              + ": served answers are "
              + (fresh.isPresent()
                  ? StatusText.seconds(fresh.getAsLong()) + " old"
                  : "not there yet")
              + " (over --maxFreshnessSeconds="
              + limits.maxFreshnessSeconds().getAsLong()
              + ")");
    }
    return problems;
  }
}
