package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.launcher.serving.SwitchLog;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code kappa status} for people: one pipeline in detail, or one line per pipeline. */
final class StatusText {
  private StatusText() {}

  static String details(PipelineStatus p, Instant now) {
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s: readers query %s%s%n",
                p.state().pipeline(),
                p.state().view(),
                p.state().servingTable().map(t -> " -> " + t).orElse(" (no view yet)")));
    if (p.versions().isEmpty()) {
      return text.append("  no version has written a table yet\n").toString();
    }
    text.append(
        String.format(
            Locale.ROOT,
            "  %-10s %-9s %10s %-21s %-21s %10s %12s %14s  %s%n",
            "version",
            "serving",
            "rows",
            "last write",
            "event time reached",
            "freshness",
            "dead letters",
            "lag (records)",
            "job"));
    for (VersionStatus v : p.versions()) {
      VersionState s = v.state();
      text.append(
          String.format(
              Locale.ROOT,
              "  %-10s %-9s %,10d %-21s %-21s %10s %12s %14s  %s%n",
              s.version(),
              p.role(s),
              s.rows(),
              instant(s.newestUpdate()),
              instant(s.eventTimeReached()),
              freshness(v, now),
              deadLetters(s),
              lag(v),
              v.job().map(StatusText::job).orElse("-")));
    }
    for (VersionStatus v : p.versions()) {
      if (!v.state().serving() && p.lastSwitchAway(v.state()).isPresent()) {
        text.append(
            String.format(
                Locale.ROOT,
                "  %s is retained %s%n",
                v.state().version(),
                p.retainedUntil(v.state())
                    .map(t -> "until " + instant(Optional.of(t)) + " (a later reprocess drops it)")
                    .orElse("until dropped by hand (a manual switch left it)")));
      }
    }
    if (!p.state().switches().isEmpty()) {
      text.append("  switches, newest first:\n");
      for (SwitchLog.Switch s : p.state().switches()) {
        text.append(
            String.format(
                Locale.ROOT,
                "    %s  %s -> %s (%s)%n",
                instant(Optional.of(s.switchedAt())),
                s.fromTable().orElse("nothing"),
                s.toTable(),
                s.reason()));
      }
    }
    return text.toString();
  }

  static String overview(List<PipelineStatus> pipelines, Instant now) {
    if (pipelines.isEmpty()) {
      return "no pipeline has written a table in this database yet\n";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-16s %-9s %9s %10s %-21s %10s %12s %14s%n",
                "pipeline",
                "serving",
                "versions",
                "rows",
                "event time reached",
                "freshness",
                "dead letters",
                "lag (records)"));
    for (PipelineStatus p : pipelines) {
      Optional<VersionStatus> served = p.served();
      text.append(
          String.format(
              Locale.ROOT,
              "%-16s %-9s %9d %10s %-21s %10s %12s %14s%n",
              p.state().pipeline(),
              served.map(v -> v.state().version()).orElse("-"),
              p.versions().size(),
              served.map(v -> String.format(Locale.ROOT, "%,d", v.state().rows())).orElse("-"),
              served.map(v -> instant(v.state().eventTimeReached())).orElse("-"),
              served.map(v -> freshness(v, now)).orElse("-"),
              served.map(v -> deadLetters(v.state())).orElse("-"),
              served.map(StatusText::lag).orElse("-")));
    }
    return text.toString();
  }

  /**
   * How far back the topic reaches: "the whole history" while every partition starts at offset 0,
   * else how many records are gone and from which offset each partition starts; with an archive,
   * what it holds and whether a full reprocess can read the lost records from it.
   */
  static String reach(LogReach reach) {
    String archive =
        reach
            .archive()
            .map(
                a ->
                    String.format(
                        Locale.ROOT,
                        "; its archive under %s holds %,d records",
                        a.folder(),
                        a.records()))
            .orElse("");
    if (reach.recordsGoneFromTopic() == 0) {
      return String.format(
          Locale.ROOT,
          "log kafka:%s holds its whole history (every partition from offset 0)%s%n",
          reach.topic(),
          archive);
    }
    List<String> starts =
        reach.truncated().stream()
            .map(p -> String.format(Locale.ROOT, "partition %d from %,d", p.partition(), p.start()))
            .toList();
    String lost =
        String.format(
            Locale.ROOT,
            "log kafka:%s has lost %,d records of its history (%s)%s",
            reach.topic(),
            reach.recordsGoneFromTopic(),
            String.join(", ", starts),
            archive);
    if (reach.recordsGone() == 0) {
      return String.format(
          Locale.ROOT, "%s: a full reprocess with --archive reads them from it%n", lost);
    }
    if (reach.archive().isPresent()) {
      List<String> missing = reach.missing().stream().map(PartitionRange::offsets).toList();
      return String.format(
          Locale.ROOT,
          "%s, but not %,d of them (%s): a full reprocess can no longer read those%n",
          lost,
          reach.recordsGone(),
          String.join(", ", missing));
    }
    return String.format(Locale.ROOT, "%s: a full reprocess can no longer read them%n", lost);
  }

  private static String freshness(VersionStatus version, Instant now) {
    return version.freshnessSeconds(now).isPresent()
        ? seconds(version.freshnessSeconds(now).getAsLong())
        : "-";
  }

  private static String deadLetters(VersionState version) {
    return String.format(
        Locale.ROOT,
        "%,d (%,d/h%s)",
        version.deadLetters(),
        version.deadLettersLastHour(),
        version.tooLate() > 0
            ? String.format(Locale.ROOT, ", %,d too late", version.tooLate())
            : "");
  }

  private static String lag(VersionStatus version) {
    return version.totalLag().isPresent()
        ? String.format(Locale.ROOT, "%,d", version.totalLag().getAsLong())
        : "-";
  }

  private static String job(FlinkRest.Job job) {
    return job.state()
        + ", up "
        + seconds(job.uptimeMillis() / 1000)
        + ", checkpoint "
        + job.lastCheckpoint().map(Instant::toString).orElse("none");
  }

  private static String instant(Optional<Instant> time) {
    return time.map(t -> t.toString().replaceAll("\\.\\d+Z$", "Z")).orElse("-");
  }

  /** A duration for people: 42 s, 17 min, 5.2 h, 3.1 d. */
  static String seconds(long s) {
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s < 172_800
        ? String.format(Locale.ROOT, "%.1f h", s / 3600.0)
        : String.format(Locale.ROOT, "%.1f d", s / 86_400.0);
  }
}
