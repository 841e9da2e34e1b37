package dev.kappa.pipelines;

import dev.kappa.launcher.testing.ServingOutage;
import dev.kappa.launcher.testing.ServingOutage.Source;
import org.junit.jupiter.api.Test;

/** {@link ServingOutage} on the DirectRunner; {@code FlinkServingOutageTest} on embedded Flink. */
class ServingOutageTest {
  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothing() throws Exception {
    ServingOutage.backWithinPatience_losesNothing(Source.GENERATOR);
  }

  @Test
  void aDatabaseBackWithinTheRunsPatience_losesNothingInAReplay() throws Exception {
    ServingOutage.backWithinPatience_losesNothing(Source.KAFKA);
  }

  @Test
  void aDatabaseGoneForGood_failsTheRunWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine(Source.GENERATOR);
  }

  @Test
  void aDatabaseGoneForGood_failsAReplayWithOneLine() throws Exception {
    ServingOutage.goneForGood_failsWithOneLine(Source.KAFKA);
  }
}
