package dev.kappa.pipelines;

import dev.kappa.launcher.testing.AbsurdTopic;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbsurdTopic} on the DirectRunner; {@code FlinkAbsurdInputTest} on embedded Flink. */
class AbsurdInputTest {
  @Test
  void oneRecordInTwentyBad_deadLettersEachAndTheRestGiveTheModelsAnswers(@TempDir Path dir)
      throws Exception {
    AbsurdTopic.replayedGivesTheGoodRecordsAnswers(dir, "absurd-direct", "--env=direct");
  }
}
