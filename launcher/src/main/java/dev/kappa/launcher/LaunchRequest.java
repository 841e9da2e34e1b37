package dev.kappa.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A run as a command asks for it: the profile ({@code --env}, else the default one), the job's name
 * on its runner if the user gives one ({@code --jobName}, else {@code
 * kappa-PIPELINE-VERSION-MODE}), and the pipeline's own options as Beam parses them, in order (a
 * later one wins over an earlier one and over the profile).
 */
record LaunchRequest(Optional<String> profile, Optional<String> jobName, List<String> options) {
  LaunchRequest {
    options = List.copyOf(options);
  }

  /** The same request with {@code more} options after its own. */
  LaunchRequest with(String... more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(List.of(more));
    return new LaunchRequest(profile, jobName, all);
  }
}
