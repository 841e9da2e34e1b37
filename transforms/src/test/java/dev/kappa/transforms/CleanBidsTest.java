package dev.kappa.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * {@code clean-bids}' conversion to euro cents (its pipeline is checked against CleanBidsModel).
 */
class CleanBidsTest {
  @Test
  void roundsHalfEvenToAWholeCent() {
    assertEquals(44, CleanBids.toEuroCents(50, new BigDecimal("0.89"))); // 44.5 -> 44
    assertEquals(46, CleanBids.toEuroCents(52, new BigDecimal("0.89"))); // 46.28 -> 46
    assertEquals(2, CleanBids.toEuroCents(5, new BigDecimal("0.5"))); // 2.5 -> 2
    assertEquals(4, CleanBids.toEuroCents(7, new BigDecimal("0.5"))); // 3.5 -> 4
  }
}
