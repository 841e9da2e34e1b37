package dev.kappa.pipelines.io;

import dev.kappa.model.DeadLetter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The dead-letter edge: every rejected record, with its payload, reason and stage, to JSON lines
 * files {@code DIR/dead-letters-*.jsonl} or as one line each on stderr.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {
  public static final String DEAD_LETTERS_WRITTEN = "deadLettersWritten";
  private final Destination destination;

  private WriteDeadLetters(Destination destination) {
    this.destination = destination;
  }

  public static WriteDeadLetters to(Destination destination) {
    if (destination.kind() == Destination.Kind.CONSOLE) {
      throw new IllegalArgumentException("dead letters go to stderr or to jsonl:DIR");
    }
    return new WriteDeadLetters(destination);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    if (destination.kind() == Destination.Kind.JSONL) {
      return deadLetters.apply(
          "WriteJsonLines", new WriteJsonLines<DeadLetter>(
              destination.directory(), "dead-letters", DEAD_LETTERS_WRITTEN));
    }
    deadLetters.apply("PrintToStderr", ParDo.of(new PrintFn()));
    return PDone.in(deadLetters.getPipeline());
  }

  private static final class PrintFn extends DoFn<DeadLetter, Void> {
    @ProcessElement
    public void processElement(@Element DeadLetter deadLetter) {
      System.err.println(
          "dead letter ("
              + deadLetter.getStage()
              + "): "
              + deadLetter.getReason()
              + " | "
              + deadLetter.getPayload());
    }
  }
}
