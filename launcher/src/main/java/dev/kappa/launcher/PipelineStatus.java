package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServingStatus.PipelineState;
import dev.kappa.launcher.serving.ServingStatus.VersionState;
import dev.kappa.launcher.serving.SwitchLog;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One pipeline as {@code kappa status} found it: its view, switches and versions. */
record PipelineStatus(PipelineState state, List<VersionStatus> versions) {

  Optional<VersionStatus> served() {
    return versions.stream().filter(v -> v.state().serving()).findFirst();
  }

  /** "serving", "retained" if readers used it before and left it, else "new". */
  String role(VersionState version) {
    if (version.serving()) {
      return "serving";
    }
    return lastSwitchAway(version).isPresent() ? "retained" : "new";
  }

  /** The newest switch away from {@code version}'s table, if readers ever left it. */
  Optional<SwitchLog.Switch> lastSwitchAway(VersionState version) {
    return state.switches().stream()
        .filter(s -> s.fromTable().filter(version.table()::equals).isPresent())
        .findFirst();
  }

  /** Until when a version readers left is kept: a reprocess's retention, or none (by hand). */
  Optional<Instant> retainedUntil(VersionState version) {
    return version.serving()
        ? Optional.empty()
        : lastSwitchAway(version).flatMap(SwitchLog.Switch::retainUntil);
  }
}
