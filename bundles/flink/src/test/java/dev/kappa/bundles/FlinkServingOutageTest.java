package dev.kappa.bundles;

import dev.kappa.pipelines.testing.ServingOutage;
import org.junit.jupiter.api.Test;

/** {@link ServingOutage} on embedded Flink, the CLI's default profile. */
class FlinkServingOutageTest {
  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothing() throws Exception {
    ServingOutage.backWithinPatience_losesNothing("--env=flink-local");
  }

  @Test
  void aDatabaseGoneForGood_failsTheRunWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine("--env=flink-local");
  }
}
