package dev.kappa.bundles;

import dev.kappa.launcher.testing.ServingOutage;
import dev.kappa.launcher.testing.ServingOutage.Source;
import org.junit.jupiter.api.Test;

/** {@link ServingOutage} on embedded Flink, the CLI's default profile. */
class FlinkServingOutageTest {
  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothing() throws Exception {
    ServingOutage.backWithinPatience_losesNothing(Source.GENERATOR, "--env=flink-local");
  }

  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothingInAReplay() throws Exception {
    ServingOutage.backWithinPatience_losesNothing(Source.KAFKA, "--env=flink-local");
  }

  @Test
  void aDatabaseGoneForGood_failsTheRunWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine(Source.GENERATOR, "--env=flink-local");
  }

  @Test
  void aDatabaseGoneForGood_failsAReplayWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine(Source.KAFKA, "--env=flink-local");
  }
}
