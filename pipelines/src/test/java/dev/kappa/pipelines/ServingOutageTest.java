package dev.kappa.pipelines;

import dev.kappa.pipelines.testing.ServingOutage;
import org.junit.jupiter.api.Test;

/** {@link ServingOutage} on the DirectRunner; {@code FlinkServingOutageTest} on embedded Flink. */
class ServingOutageTest {
  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothing() throws Exception {
    ServingOutage.backWithinPatience_losesNothing();
  }

  @Test
  void aDatabaseGoneForGood_failsTheRunWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine();
  }
}
