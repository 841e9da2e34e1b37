package dev.kappa.launcher;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a wider job buys on a live read: Kafka gives each partition to one reader, so a live read of
 * a topic with fewer partitions than the job's parallelism leaves readers idle (the windows and the
 * sink still use every slot; a replay splits its ranges and uses them all).
 */
final class ReadParallelism {
  private static final Pattern LOCAL_SPARK = Pattern.compile("--sparkMaster=local\\[(\\d+)]");

  private ReadParallelism() {}

  /** The parallelism {@code args} ask of Flink ({@code --parallelism=N}, the last one given). */
  static OptionalInt of(List<String> args) {
    OptionalInt parallelism = OptionalInt.empty();
    for (String arg : args) {
      if (arg.startsWith("--parallelism=")) {
        try {
          parallelism = OptionalInt.of(Integer.parseInt(arg.substring("--parallelism=".length())));
        } catch (NumberFormatException e) {
          throw new UsageException("--parallelism expects a whole number, got '" + arg + "'");
        }
      }
    }
    return parallelism;
  }

  /**
   * How many readers the job runs side by side, as its runner's options say: Flink's {@code
   * --parallelism}, the DirectRunner's {@code --targetParallelism}, Spark's {@code
   * --sparkMaster=local[N]}; 1 when none says.
   */
  static int readers(List<String> args) {
    OptionalInt flink = of(args);
    if (flink.isPresent() && flink.getAsInt() > 0) {
      return flink.getAsInt();
    }
    int readers = 1;
    for (String arg : args) {
      Matcher local = LOCAL_SPARK.matcher(arg);
      if (arg.startsWith("--targetParallelism=")) {
        readers = Integer.parseInt(arg.substring("--targetParallelism=".length()));
      } else if (local.matches()) {
        readers = Integer.parseInt(local.group(1));
      }
    }
    return Math.max(1, readers);
  }

  /** The note a live read of {@code topic} at {@code parallelism} deserves, if any. */
  static Optional<String> idleReaders(String topic, int partitions, int parallelism) {
    if (parallelism <= partitions) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "%s has %d partitions: at --parallelism=%d its live read keeps %d readers busy and"
                + " %d idle (each partition has one reader); the windows and the sink use all %d",
            topic, partitions, parallelism, partitions, parallelism - partitions, parallelism));
  }
}
