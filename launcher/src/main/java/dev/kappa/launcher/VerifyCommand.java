package dev.kappa.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kappa verify PIPELINE [--version=V] --source=kafka:TOPIC --sink=jdbc:... [--env=PROFILE]
 * [--json] [the pipeline's options as V runs with them]}: checks that what version V (default: the
 * one readers query) serves equals what a replay of the same topic computes, in every window final
 * in both ({@link Verifier}, {@link Reconciliation}). Exit code 0 when every row compared is equal
 * or differs only by records the live version found too late, {@value Kappa#UNHEALTHY} when any
 * difference is unexplained, 2 for a usage error or a service that does not answer.
 */
@Command(
    name = "verify",
    description = {
      "Checks that what a version of PIPELINE serves equals what a replay of the same topic"
          + " computes, in every window final in both, and says why where it does not. Exit 0"
          + " equal or explained by records too late, 3 anything unexplained."
    },
    footer = {
      "",
      "Needs --source=kafka:TOPIC --sink=jdbc:postgresql://... and PIPELINE's options as the"
          + " version runs with them (kappa help PIPELINE). The replay runs on --env"
          + " (default embedded Flink) into a scratch table dropped afterwards."
    })
final class VerifyCommand extends PipelineCommand {
  @Option(
      names = "--version",
      paramLabel = "V",
      description = "The version to check (default: the one readers query).")
  private String version;

  @Option(names = "--json", description = "Prints the report as one JSON document.")
  private boolean json;

  @Option(
      names = "--readWaitSeconds",
      paramLabel = "S",
      description =
          "How long to wait at most after the replay for the version to commit offsets up to"
              + " where the replay ended, so that records too late among them are in its dead"
              + " letters; it stops waiting once the offsets have not moved for 15 s (default:"
              + " ${DEFAULT-VALUE}; 0: not at all).")
  private long readWaitSeconds = Verifier.DEFAULT_READ_WAIT.toSeconds();

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  VerifyCommand(Launcher launcher, PrintStream out, PrintStream err) {
    this.launcher = launcher;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (readWaitSeconds < 0) {
      throw new UsageException("--readWaitSeconds must be 0 or more, got " + readWaitSeconds);
    }
    Verifier verifier =
        new Verifier(
            launcher, err, Verifier.LivePositions.committed(), Duration.ofSeconds(readWaitSeconds));
    Verifier.Report report = verifier.verify(definition(), request(), Optional.ofNullable(version));
    out.print(json ? VerifyJson.render(report) + "\n" : VerifyText.render(report));
    return report.outcome().unexplained() == 0 ? Kappa.OK : Kappa.UNHEALTHY;
  }
}
