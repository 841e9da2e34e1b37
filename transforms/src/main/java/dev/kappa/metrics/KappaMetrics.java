package dev.kappa.metrics;

import dev.kappa.model.Event;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Every counter Kappa keeps, in one namespace ({@value #NAMESPACE}) and under one list of names, so
 * the run summary, {@code reprocess} and a monitoring system read the same names the pipelines
 * count. They balance: {@link #RECORDS_READ} = decoded (all types) + {@link #DEAD_LETTERS}.
 */
public final class KappaMetrics {
  public static final String NAMESPACE = "kappa";

  /** Records the source handed to decoding. */
  public static final String RECORDS_READ = "recordsRead";

  /** Records that could not be decoded, or came too late for their windows. */
  public static final String DEAD_LETTERS = "deadLetters";

  /** Of the dead letters, the records too late for every window they fall in. */
  public static final String TOO_LATE = "tooLate";

  /** Dead letters the dead-letter sink has written. */
  public static final String DEAD_LETTERS_WRITTEN = "deadLettersWritten";

  /** Result rows (one per pane) the results sink has written. */
  public static final String RESULTS_WRITTEN = "resultsWritten";

  /** {@code clean-bids}: bids kept and left out by its auction filter. */
  public static final String BIDS_KEPT = "bidsKept";

  public static final String BIDS_FILTERED_OUT = "bidsFilteredOut";

  /** Records a run read from a topic's archive ({@code --archive}). */
  public static final String ARCHIVE_RECORDS_READ = "archiveRecordsRead";

  /**
   * Live Kafka reads: the offsets read from one partition, a distribution whose maximum is the
   * newest offset read there (see {@link #offsetsRead}).
   */
  public static final String OFFSETS_READ_PREFIX = "offsetsReadPartition";

  private KappaMetrics() {}

  /** The counter {@code name} in Kappa's namespace. */
  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /** The distribution {@code name} in Kappa's namespace. */
  public static Distribution distribution(String name) {
    return Metrics.distribution(NAMESPACE, name);
  }

  /**
   * The name of the distribution of offsets a live read took from {@code partition}: {@code
   * reprocess} reads its maximum to tell, partition by partition, how far a job has read while it
   * runs (committed offsets trail by a checkpoint).
   */
  public static String offsetsRead(int partition) {
    return OFFSETS_READ_PREFIX + partition;
  }

  /** The name of the counter of events decoded of one type, e.g. {@code decodedBids}. */
  public static String decoded(Event.Type type) {
    switch (type) {
      case PERSON:
        return "decodedPersons";
      case AUCTION:
        return "decodedAuctions";
      default:
        return "decodedBids";
    }
  }
}
