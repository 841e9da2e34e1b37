package dev.kappa.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.google.auto.value.AutoValue;
import java.io.Serializable;

/**
 * What the generator produces: which events (seed), how many, and how their event times relate to
 * their delivery order. Two generators with equal configs produce byte-identical events.
 */
@AutoValue
public abstract class GeneratorConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 2026-01-01T00:00:00Z: a fixed start keeps generated files identical from run to run. */
  public static final long DEFAULT_FIRST_EVENT_TIME = 1_767_225_600_000L;

  public abstract long seed();

  /** Number of events; for an unbounded stream 0 means no end. */
  public abstract long events();

  /** Event time of the first event, epoch ms UTC. */
  public abstract long firstEventTime();

  /** How fast event time advances: events per second of event time. */
  public abstract long eventsPerSecond();

  /** Delivery may run up to this far ahead of an event's time; the watermark allows for it. */
  public abstract long maxOutOfOrderMs();

  /** Share of events (0 to 1) delivered behind the watermark. */
  public abstract double lateFraction();

  /** How far behind the watermark a late event can be, at most. */
  public abstract long maxLateMs();

  public static Builder builder() {
    return new AutoValue_GeneratorConfig.Builder()
        .seed(42)
        .events(100_000)
        .firstEventTime(DEFAULT_FIRST_EVENT_TIME)
        .eventsPerSecond(1_000)
        .maxOutOfOrderMs(2_000)
        .lateFraction(0.001)
        .maxLateMs(20_000);
  }

  public abstract Builder toBuilder();

  /** Builds a {@link GeneratorConfig}; {@link #build()} checks every value. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder seed(long seed);

    public abstract Builder events(long events);

    public abstract Builder firstEventTime(long epochMillis);

    public abstract Builder eventsPerSecond(long eventsPerSecond);

    public abstract Builder maxOutOfOrderMs(long maxOutOfOrderMs);

    public abstract Builder lateFraction(double lateFraction);

    public abstract Builder maxLateMs(long maxLateMs);

    abstract GeneratorConfig autoBuild();

    public GeneratorConfig build() {
      GeneratorConfig config = autoBuild();
      checkArgument(config.events() >= 0, "events must be >= 0, got %s", config.events());
      checkArgument(
          config.firstEventTime() >= 0,
          "firstEventTime must be >= 0 (epoch ms), got %s",
          config.firstEventTime());
      checkArgument(
          config.eventsPerSecond() > 0,
          "eventsPerSecond must be > 0, got %s",
          config.eventsPerSecond());
      checkArgument(
          config.maxOutOfOrderMs() >= 0,
          "maxOutOfOrderMs must be >= 0, got %s",
          config.maxOutOfOrderMs());
      checkArgument(
          config.lateFraction() >= 0 && config.lateFraction() <= 1,
          "lateFraction must be between 0 and 1, got %s",
          config.lateFraction());
      checkArgument(
          config.lateFraction() == 0 || config.maxLateMs() > 0,
          "maxLateMs must be > 0 when lateFraction > 0, got %s",
          config.maxLateMs());
      return config;
    }
  }
}
