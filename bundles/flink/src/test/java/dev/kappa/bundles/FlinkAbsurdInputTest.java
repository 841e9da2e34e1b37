package dev.kappa.bundles;

import dev.kappa.launcher.testing.AbsurdTopic;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AbsurdTopic} on embedded Flink, the CLI's default profile. */
class FlinkAbsurdInputTest {
  @Test
  void oneRecordInTwentyBad_deadLettersEachAndTheRestGiveTheModelsAnswers(@TempDir Path dir)
      throws Exception {
    AbsurdTopic.replayedGivesTheGoodRecordsAnswers(dir, "absurd-flink", "--env=flink-local");
  }
}
