package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.launcher.HealthRules.Thresholds;
import dev.kappa.launcher.kafka.KafkaLog.PartitionLag;
import dev.kappa.launcher.serving.ServingStatus.PipelineState;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When {@code kappa status} says unhealthy, and what it says. */
class HealthRulesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final Thresholds NONE =
      new Thresholds(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  private static final Thresholds LAG_100 =
      new Thresholds(OptionalLong.of(100), OptionalLong.empty(), OptionalLong.empty());
  private static final Thresholds FRESH_60 =
      new Thresholds(OptionalLong.empty(), OptionalLong.of(60), OptionalLong.empty());

  @Test
  void withoutThresholds_aServedVersionFarBehindIsHealthy() {
    assertEquals(List.of(), problems(NONE, true, served(5_000, 3_600)));
  }

  @Test
  void theServedVersionOverMaxLag_isUnhealthy() {
    assertEquals(
        List.of(
            "auction-stats v1: 1,001 records behind the log end (over" + " --maxLagRecords=100)"),
        problems(LAG_100, false, served(1_001, 0)));
    assertEquals(List.of(), problems(LAG_100, false, served(100, 0)));
  }

  @Test
  void aVersionReadersDoNotQuery_isNotJudgedByLagOrFreshness() {
    VersionStatus behind =
        version("v2", false, OptionalLong.of(1_000_000), Optional.empty(), Optional.empty());
    assertEquals(
        List.of(), problems(LAG_100, true, pipeline("auction_stats_v1", behind, served(0, 0))));
  }

  @Test
  void staleOrMissingAnswers_overMaxFreshness_areUnhealthy() {
    assertEquals(
        List.of(
            "auction-stats v1: served answers are 2 min old (over" + " --maxFreshnessSeconds=60)"),
        problems(FRESH_60, false, served(0, 120)));
    VersionStatus noFinalResultYet =
        version("v1", true, OptionalLong.empty(), Optional.empty(), Optional.empty());
    assertEquals(
        List.of(
            "auction-stats v1: served answers are not there yet (over"
                + " --maxFreshnessSeconds=60)"),
        problems(FRESH_60, false, noFinalResultYet));
  }

  @Test
  void aFailingJob_isUnhealthyWhateverTheVersionAndThresholds() {
    VersionStatus restarting =
        version(
            "v2",
            false,
            OptionalLong.empty(),
            Optional.empty(),
            Optional.of(new FlinkRest.Job("ab12", "RESTARTING", 1_000, Optional.empty())));
    assertEquals(
        List.of("auction-stats v2: its job ab12 is RESTARTING"),
        problems(NONE, false, pipeline("auction_stats_v1", restarting, served(0, 0))));
  }

  @Test
  void aPipelineAskedForByNameThatServesNothing_isUnhealthyOnlyUnderAThreshold() {
    PipelineStatus nothingServed =
        new PipelineStatus(
            new PipelineState(
                "auction-stats", "auction_stats", Optional.empty(), List.of(), List.of()),
            List.of());
    assertEquals(
        List.of("auction-stats: no version is served (no view auction_stats)"),
        HealthRules.problems(LAG_100, true, List.of(nothingServed), Optional.empty(), NOW));
    assertEquals(
        List.of(), HealthRules.problems(NONE, true, List.of(nothingServed), Optional.empty(), NOW));
    assertEquals(
        List.of(),
        HealthRules.problems(LAG_100, false, List.of(nothingServed), Optional.empty(), NOW));
  }

  @Test
  void aTopicThatLostMoreOfItsHistoryThanAllowed_isUnhealthy() {
    LogReach reach =
        new LogReach(
            "bids",
            List.of(new PartitionRange("bids", 0, 0, 90), new PartitionRange("bids", 1, 300, 900)));
    Thresholds gapOf =
        new Thresholds(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(299));
    assertEquals(
        List.of(
            "kafka:bids: 300 records of its history are gone (over --maxHistoryGapRecords=299):"
                + " a full reprocess can no longer read them"),
        HealthRules.problems(gapOf, false, List.of(), Optional.of(reach), NOW));
    Thresholds allowed =
        new Thresholds(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(300));
    assertEquals(
        List.of(), HealthRules.problems(allowed, false, List.of(), Optional.of(reach), NOW));
    assertEquals(List.of(), HealthRules.problems(NONE, false, List.of(), Optional.of(reach), NOW));
  }

  private static List<String> problems(Thresholds limits, boolean named, VersionStatus v1) {
    return problems(limits, named, pipeline("auction_stats_v1", v1));
  }

  private static List<String> problems(Thresholds limits, boolean named, PipelineStatus p) {
    return HealthRules.problems(limits, named, List.of(p), Optional.empty(), NOW);
  }

  private static PipelineStatus pipeline(String servingTable, VersionStatus... versions) {
    return new PipelineStatus(
        new PipelineState(
            "auction-stats", "auction_stats", Optional.of(servingTable), List.of(), List.of()),
        List.of(versions));
  }

  /** The served version v1, {@code lag} records behind, its answers {@code age} seconds old. */
  private static VersionStatus served(long lag, long ageSeconds) {
    return version(
        "v1",
        true,
        OptionalLong.of(ageSeconds),
        Optional.of(List.of(new PartitionLag(0, lag, OptionalLong.of(0), lag))),
        Optional.empty());
  }

  private static VersionStatus version(
      String version,
      boolean serving,
      OptionalLong ageSeconds,
      Optional<List<PartitionLag>> lag,
      Optional<FlinkRest.Job> job) {
    Optional<Instant> reached =
        ageSeconds.isPresent()
            ? Optional.of(NOW.minusSeconds(ageSeconds.getAsLong()))
            : Optional.empty();
    VersionState state =
        new VersionState(
            version, "auction_stats_" + version, serving, 10, reached, reached, 0, 0, 0);
    return new VersionStatus(state, "kappa-auction-stats-" + version, lag, job);
  }
}
