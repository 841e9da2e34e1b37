package dev.kappa.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.ToJson;
import org.apache.beam.sdk.values.PCollection;

/**
 * Asserts a pipeline's final answers inside the pipeline, with PAssert: the results become the same
 * JSON objects the sinks write, then {@code answers} reduces them to the model's form.
 */
public final class FinalPanes {
  private FinalPanes() {}

  /** When the pipeline runs: {@code answers(results)} must equal {@code expected}. */
  public static <T> void assertEqual(
      Map<String, List<String>> expected, PipelineModels.Answers answers, PCollection<T> results) {
    PAssert.that(results.apply("ResultsAsJson", ToJson.of()))
        .satisfies(
            json -> {
              assertEquals(expected, answers.apply(Panes.parse(json)));
              return null;
            });
  }
}
