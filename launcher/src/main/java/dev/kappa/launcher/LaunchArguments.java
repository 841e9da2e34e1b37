package dev.kappa.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The command-line part of a {@link LaunchRequest}, mixed into every command that plans a run: the
 * options the launcher reads itself, and everything else handed on to Beam as the pipeline's
 * options.
 */
final class LaunchArguments {
  @Option(
      names = "--env",
      paramLabel = "PROFILE",
      description =
          "Environment profile: runners-config/PROFILE.options (default "
              + Profiles.DEFAULT_PROFILE
              + "); options given here win over it.")
  private String profile;

  @Option(
      names = "--jobName",
      paramLabel = "NAME",
      description = "The job's name on its runner (default kappa-PIPELINE-VERSION-MODE).")
  private String jobName;

  /** What was given, with {@code leading} options before the pipeline's own. */
  LaunchRequest request(List<String> pipelineOptions, String... leading) {
    List<String> options = new ArrayList<>(List.of(leading));
    options.addAll(pipelineOptions);
    return new LaunchRequest(Optional.ofNullable(profile), Optional.ofNullable(jobName), options);
  }

  /** {@code args} read as a command that plans a run reads them (for runs started in code). */
  static LaunchRequest parse(List<String> args) {
    LaunchArguments arguments = new LaunchArguments();
    ParseResult parsed =
        new CommandLine(arguments)
            .setExpandAtFiles(false)
            .setUnmatchedArgumentsAllowed(true)
            .parseArgs(args.toArray(new String[0]));
    return arguments.request(parsed.unmatched());
  }
}
