package dev.kappa.launcher;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.util.List;
import java.util.Optional;

/**
 * Whether a replay from {@code earliest} reads the whole history: a partition whose first retained
 * offset is above 0 has lost records to retention or deletion, and a replay of what is left
 * computes other answers than the live version did, silently. Such a replay is refused unless the
 * user reads the lost part from an archive ({@code --archive}) or asks for the retained part
 * ({@code --from=retained}).
 */
final class HistoryCheck {
  private HistoryCheck() {}

  /** Why a replay from the first retained offsets of {@code reach} is not the whole history. */
  static Optional<String> missingHistory(LogReach reach) {
    List<String> gone = reach.missing().stream().map(PartitionRange::offsets).toList();
    if (gone.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "topic '"
            + reach.topic()
            + "' no longer holds the start of its history ("
            + String.join(", ", gone)
            + " are gone: retention or deleted records), so a replay from 'earliest' would"
            + " compute answers over part of it; give --archive=DIR where 'kappa archive' kept"
            + " them, or --from=retained to replay what the topic holds");
  }
}
