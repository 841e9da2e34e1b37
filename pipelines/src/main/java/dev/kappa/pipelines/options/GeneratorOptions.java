package dev.kappa.pipelines.options;

import dev.kappa.generator.GeneratorConfig;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** What the generator makes: shared by {@code --source=generator} and {@code kappa generate}. */
public interface GeneratorOptions extends PipelineOptions {
  @Description("Generator: number of events; with --rate or --streaming, 0 means no end.")
  @Default.Long(10_000)
  long getEvents();

  void setEvents(long events);

  @Description("Generator: the seed; the same seed and settings give byte-identical events.")
  @Default.Long(42)
  long getSeed();

  void setSeed(long seed);

  @Description("Generator: events per second of event time (how fast event time advances).")
  @Default.Long(1_000)
  long getEventsPerSecond();

  void setEventsPerSecond(long eventsPerSecond);

  @Description(
      "Generator: how far (ms) an event may be delivered after newer ones; the watermark allows"
          + " for it.")
  @Default.Long(2_000)
  long getMaxOutOfOrderMs();

  void setMaxOutOfOrderMs(long maxOutOfOrderMs);

  @Description("Generator: share of events (0 to 1) delivered behind the watermark (late data).")
  @Default.Double(0.001)
  double getLateFraction();

  void setLateFraction(double lateFraction);

  @Description("Generator: how far (ms) behind the watermark a late event can be, at most.")
  @Default.Long(20_000)
  long getMaxLateMs();

  void setMaxLateMs(long maxLateMs);

  @Description(
      "Generator: the event time of the first event, ISO-8601 or 'now' (event time then follows"
          + " the wall clock at --eventsPerSecond). Default: 2026-01-01T00:00:00Z.")
  @Default.String("")
  String getFirstEventTime();

  void setFirstEventTime(String firstEventTime);

  /** The options as the generator's typed config. */
  static GeneratorConfig generatorConfig(GeneratorOptions options) {
    String first = options.getFirstEventTime();
    long firstEventTime =
        first.isEmpty()
            ? GeneratorConfig.DEFAULT_FIRST_EVENT_TIME
            : first.equals("now")
                ? System.currentTimeMillis()
                : java.time.Instant.parse(first).toEpochMilli();
    return GeneratorConfig.builder()
        .firstEventTime(firstEventTime)
        .seed(options.getSeed())
        .events(options.getEvents())
        .eventsPerSecond(options.getEventsPerSecond())
        .maxOutOfOrderMs(options.getMaxOutOfOrderMs())
        .lateFraction(options.getLateFraction())
        .maxLateMs(options.getMaxLateMs())
        .build();
  }
}
