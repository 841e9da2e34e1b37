package dev.kappa.launcher;

import dev.kappa.launcher.Reconciliation.Difference;
import dev.kappa.launcher.Reconciliation.Kind;
import dev.kappa.launcher.Reconciliation.Outcome;
import dev.kappa.launcher.serving.ServingReader.TooLateRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code kappa verify} for people: the summary, then the first differences, both rows each. */
final class VerifyText {
  /** Differences listed; {@code --json} lists them all. */
  static final int SHOWN = 20;

  private VerifyText() {}

  static String render(Verifier.Report report) {
    Outcome o = report.outcome();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%s: %s against a replay of %s (%,d records in %.1f s on %s)%n",
            report.pipeline(),
            report.liveTable(),
            report.topic(),
            report.recordsReplayed(),
            report.replaySeconds(),
            report.runner()));
    text.append(
        String.format(
            Locale.ROOT,
            "  compared %,d rows (key and window) in %,d windows final in both: %,d equal,"
                + " %,d different, %,d only live, %,d only in the replay%n",
            o.rowsCompared(),
            o.windowsCompared(),
            o.equal(),
            o.count(Kind.DIFFERENT),
            o.count(Kind.ONLY_LIVE),
            o.count(Kind.ONLY_REPLAY)));
    text.append(
        String.format(
            Locale.ROOT,
            "  not final yet in the live version: %,d rows (%s)%n",
            o.notFinalYet(),
            o.liveWatermarkAtLeast().isPresent()
                ? "windows ending less than --allowedLatenessSeconds="
                    + report.allowedLatenessSeconds()
                    + " before its watermark, at least "
                    + Instant.ofEpochMilli(o.liveWatermarkAtLeast().getAsLong())
                : "it has written no on-time pane yet"));
    text.append(
        String.format(
            Locale.ROOT,
            "  dead letters: live %,d, replay %,d%n",
            report.liveDeadLetters(),
            report.replayDeadLetters()));
    text.append("  ").append(reach(report.reach())).append('\n');
    List<Difference> differences = o.differences();
    if (!differences.isEmpty()) {
      text.append("  differences (window, key: live | replay):\n");
      for (Difference d : differences.subList(0, Math.min(SHOWN, differences.size()))) {
        text.append(
            String.format(
                "    [%s, %s) %s: %s | %s%n      %s%n",
                Instant.ofEpochMilli(d.windowStart()),
                Instant.ofEpochMilli(d.windowEnd()),
                key(report.keyColumns(), d.key()),
                answer(d.live()),
                answer(d.replay()),
                cause(d)));
      }
      if (differences.size() > SHOWN) {
        text.append(
            String.format(
                Locale.ROOT,
                "    ... and %,d more (--json lists all)%n",
                differences.size() - SHOWN));
      }
    }
    text.append(verdict(report)).append('\n');
    return text.toString();
  }

  /** Whether the live version had read all the replay read. */
  static String reach(LiveReach reach) {
    if (!reach.known()) {
      return "read by the live version: unknown, it commits no offsets (it runs without"
          + " checkpoints)";
    }
    if (reach.readAllReplayed()) {
      return "read by the live version: every record the replay read";
    }
    List<String> partitions =
        reach.behind().stream()
            .map(
                b ->
                    String.format(
                        Locale.ROOT,
                        "partition %d: %,d of %,d",
                        b.partition(),
                        b.position(),
                        b.replayEnd()))
            .toList();
    return String.format(
        Locale.ROOT,
        "read by the live version: not %,d records the replay read (read up to %s)",
        reach.recordsNotRead(),
        String.join(", ", partitions));
  }

  /** Why a row differs: the records too late in its window, a hint, or nothing known. */
  private static String cause(Difference d) {
    if (d.cause() == Reconciliation.Cause.COUNTS_MORE) {
      return "cause: unexplained; the live row holds more in every number that differs, as when a"
          + " record is counted twice (a restore that read records again into panes already"
          + " written)";
    }
    if (d.cause() == Reconciliation.Cause.NOT_READ_YET) {
      return "cause: unexplained yet; the live version had not read every record the replay read,"
          + " and those in this window may be too late for it once it reads them: verify again"
          + " once it has";
    }
    if (!d.explained()) {
      return "cause: unexplained";
    }
    List<String> origins = d.tooLate().stream().map(TooLateRecord::origin).toList();
    return String.format(
        Locale.ROOT,
        "cause: %,d record%s too late for this window (%s)",
        origins.size(),
        origins.size() == 1 ? "" : "s",
        origins.size() <= 5
            ? String.join(", ", origins)
            : String.join(", ", origins.subList(0, 5)) + ", ...");
  }

  /** The last lines: what the exit code says, and what would have kept the too-late records. */
  static String verdict(Verifier.Report report) {
    Outcome o = report.outcome();
    if (o.differences().isEmpty()) {
      return String.format(
          Locale.ROOT,
          "verified: %s equals the replay in all %,d rows final in both",
          report.liveTable(),
          o.rowsCompared());
    }
    String tooLate =
        o.latenessToKeepSeconds().isPresent()
            ? String.format(
                Locale.ROOT,
                "%n%,d records the live version found too late explain %,d differing rows;"
                    + " --allowedLatenessSeconds=%d would have kept them",
                o.tooLate().size(),
                o.differences().size() - o.unexplained(),
                o.latenessToKeepSeconds().getAsLong())
            : "";
    if (o.unexplained() == 0) {
      return String.format(
              Locale.ROOT,
              "verified: %s equals the replay in all %,d rows final in both but for records too"
                  + " late for their windows",
              report.liveTable(),
              o.rowsCompared())
          + tooLate;
    }
    return String.format(
            Locale.ROOT,
            "NOT VERIFIED: %,d of %,d rows differ, %,d unexplained",
            o.differences().size(),
            o.rowsCompared(),
            o.unexplained())
        + tooLate;
  }

  static String key(List<String> columns, List<Object> values) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      parts.add(columns.get(i) + "=" + values.get(i));
    }
    return String.join(" ", parts);
  }

  private static String answer(Map<String, Object> answer) {
    if (answer == null) {
      return "(no row)";
    }
    List<String> parts = new ArrayList<>();
    answer.forEach((column, value) -> parts.add(column + "=" + value));
    return String.join(" ", parts);
  }
}
