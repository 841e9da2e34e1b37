package dev.kappa.bundles;

import dev.kappa.launcher.testing.VerifyScenario;
import dev.kappa.testing.LocalPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kappa verify} on embedded Flink: a live version run there equals a replay of its topic run
 * there too (verify's default profile).
 */
class FlinkVerifyTest {
  @TempDir Path dir;

  @Test
  void aLiveVersionOnEmbeddedFlink_equalsAReplayOnEmbeddedFlink() throws Exception {
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      VerifyScenario scenario = VerifyScenario.produce(dir, "verify-flink", 3_000, database);
      scenario.runLive("auction-stats", "v1", "--env=flink-local");
      scenario.verifiesClean("auction-stats", "v1", "--env=flink-local");
    }
  }

  @Test
  void recordsLaterThanTheAllowedLatenessOnEmbeddedFlink_explainTheirWindowsDifferences()
      throws Exception {
    try (LocalPostgres.Database database = LocalPostgres.createDatabase()) {
      VerifyScenario.produce(dir, "verify-late-flink", VerifyScenario.lateEvents(), database)
          .explainsTooLateRecordsThenKeepsThem("--env=flink-local");
    }
  }
}
