package dev.kappa.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kappa.launcher.Reconciliation.Kind;
import dev.kappa.launcher.Reconciliation.Outcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code kappa verify --json}: the document the README describes field by field, as records
 * (Jackson writes a record's components in order; an absent value is {@code null}).
 */
final class VerifyJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private VerifyJson() {}

  record Document(
      String pipeline,
      String liveTable,
      String topic,
      String runner,
      long recordsReplayed,
      double replaySeconds,
      long allowedLatenessSeconds,
      String liveWatermarkAtLeast,
      long windowsCompared,
      long rowsCompared,
      long equal,
      long different,
      long onlyLive,
      long onlyReplay,
      long notFinalYet,
      DeadLetters deadLetters,
      LiveRead liveRead,
      long unexplained,
      long tooLateRecords,
      Long latenessToKeepSeconds,
      boolean verified,
      List<Difference> differences) {}

  record DeadLetters(long live, long replay) {}

  /**
   * Whether the live version had read what the replay read: {@code known} false when how far it
   * read is unknown (it commits no offsets; the rest is then empty).
   */
  record LiveRead(boolean known, long recordsNotRead, List<Behind> behind) {}

  /** A partition the live version had not read up to the replay's end. */
  record Behind(int partition, long position, long replayEnd) {}

  record Difference(
      String kind,
      Map<String, Object> key,
      String windowStart,
      String windowEnd,
      Map<String, Object> live,
      Map<String, Object> replay,
      String cause,
      List<TooLate> tooLate) {}

  /** A record the live version found too late: where it was read, its event time, the watermark. */
  record TooLate(String origin, String eventTime, String watermark) {}

  static String render(Verifier.Report report) {
    Outcome o = report.outcome();
    Document document =
        new Document(
            report.pipeline(),
            report.liveTable(),
            report.topic(),
            report.runner(),
            report.recordsReplayed(),
            Math.round(report.replaySeconds() * 10) / 10.0,
            report.allowedLatenessSeconds(),
            o.liveWatermarkAtLeast().isPresent()
                ? Instant.ofEpochMilli(o.liveWatermarkAtLeast().getAsLong()).toString()
                : null,
            o.windowsCompared(),
            o.rowsCompared(),
            o.equal(),
            o.count(Kind.DIFFERENT),
            o.count(Kind.ONLY_LIVE),
            o.count(Kind.ONLY_REPLAY),
            o.notFinalYet(),
            new DeadLetters(report.liveDeadLetters(), report.replayDeadLetters()),
            new LiveRead(
                report.reach().known(),
                report.reach().recordsNotRead(),
                report.reach().behind().stream()
                    .map(b -> new Behind(b.partition(), b.position(), b.replayEnd()))
                    .toList()),
            o.unexplained(),
            o.tooLate().size(),
            o.latenessToKeepSeconds().isPresent() ? o.latenessToKeepSeconds().getAsLong() : null,
            o.unexplained() == 0,
            o.differences().stream().map(d -> difference(report.keyColumns(), d)).toList());
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("verify as JSON", e);
    }
  }

  private static Difference difference(List<String> keyColumns, Reconciliation.Difference d) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (int i = 0; i < keyColumns.size(); i++) {
      key.put(keyColumns.get(i), d.key().get(i));
    }
    return new Difference(
        d.kind().name().toLowerCase(Locale.ROOT),
        key,
        Instant.ofEpochMilli(d.windowStart()).toString(),
        Instant.ofEpochMilli(d.windowEnd()).toString(),
        d.live(),
        d.replay(),
        switch (d.cause()) {
          case TOO_LATE -> "too late";
          case COUNTS_MORE -> "counts more";
          case NOT_READ_YET -> "not read yet";
          case UNEXPLAINED -> "unexplained";
        },
        d.tooLate().stream()
            .map(
                r ->
                    new TooLate(
                        r.origin(),
                        r.expired().eventTime().toString(),
                        r.expired().watermark().toString()))
            .toList());
  }
}
