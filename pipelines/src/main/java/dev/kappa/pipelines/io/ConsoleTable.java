package dev.kappa.pipelines.io;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Formats result rows as a fixed-width table; window bounds are shown as UTC times. */
final class ConsoleTable {
  private static final Set<String> TIME_FIELDS = Set.of("windowStart", "windowEnd");
  private static final int TIME_WIDTH = "2026-01-01T00:00:00Z".length();
  private static final int MIN_WIDTH = 8;

  private ConsoleTable() {}

  static String header(Schema schema) {
    StringJoiner line = new StringJoiner(" ");
    for (Schema.Field field : schema.getFields()) {
      line.add(pad(field.getName(), width(field)));
    }
    return line.toString();
  }

  static String row(Row row) {
    StringJoiner line = new StringJoiner(" ");
    List<Schema.Field> fields = row.getSchema().getFields();
    for (int i = 0; i < fields.size(); i++) {
      Schema.Field field = fields.get(i);
      Object value = row.getValue(i);
      String text =
          TIME_FIELDS.contains(field.getName()) && value instanceof Long
              ? Instant.ofEpochMilli((Long) value).toString()
              : String.valueOf(value);
      line.add(pad(text, width(field)));
    }
    return line.toString();
  }

  private static int width(Schema.Field field) {
    int valueWidth = TIME_FIELDS.contains(field.getName()) ? TIME_WIDTH : MIN_WIDTH;
    return Math.max(field.getName().length(), valueWidth);
  }

  private static String pad(String text, int width) {
    StringBuilder padded = new StringBuilder(text);
    while (padded.length() < width) {
      padded.append(' ');
    }
    return padded.toString();
  }
}
