package dev.kappa.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests for what a running job or server does on its own time: a condition polled every
 * half second until it holds or the timeout passes.
 */
public final class Eventually {
  private static final Duration POLL = Duration.ofMillis(500);

  private Eventually() {}

  /** Whether {@code condition} holds within {@code timeout}. */
  public static boolean holds(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      pause(POLL);
    }
    return true;
  }

  /**
   * Waits until {@code condition} holds, or fails the test naming {@code what} and, read once more
   * at the end, what was {@code seen} instead.
   */
  public static void await(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> seen) {
    if (!holds(condition, timeout)) {
      throw new AssertionError("not reached in " + timeout + ": " + what + " (" + seen.get() + ")");
    }
  }

  /** Waits until {@code condition} holds, or fails the test naming {@code what}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    await(what, timeout, condition, () -> "not yet");
  }

  /** The poll interval of the condition waits above; no test sleeps a fixed time of its own. */
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }
}
