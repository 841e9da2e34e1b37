package dev.kappa.bundles;

import dev.kappa.generator.GeneratorConfig;
import dev.kappa.launcher.testing.LiveAndReplay;
import dev.kappa.launcher.testing.ReprocessScenario;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa reprocess} on embedded Flink: the detached Flink job reports no counters until it
 * ends, so catch-up is measured from the offsets its consumer group commits on each checkpoint
 * (reprocess turns checkpointing on for Flink). Same scenario as the DirectRunner's (v1, then v2
 * with other windows, switched).
 */
class FlinkReprocessTest {
  @TempDir Path dir;

  @Test
  void reprocessOnEmbeddedFlinkCatchesUpThenSwitchesReaders() throws Exception {
    LiveAndReplay topic =
        LiveAndReplay.produce(
            dir, GeneratorConfig.builder().events(10_000).seed(29).build(), "reprocess-flink");
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      ReprocessScenario.run("reprocess-flink", topic.bootstrapArg(), database, "--env=flink-local");
    }
  }
}
