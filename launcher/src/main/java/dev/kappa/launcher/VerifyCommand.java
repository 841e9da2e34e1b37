package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code kappa verify PIPELINE [--version=V] --source=kafka:TOPIC --sink=jdbc:... [--env=PROFILE]
 * [--json] [the pipeline's options as V runs with them]}: checks that what version V (default: the
 * one readers query) serves equals what a replay of the same topic computes, in every window final
 * in both ({@link Verifier}, {@link Reconciliation}). Exit code 0 when every row compared is equal
 * or differs only by records the live version found too late, {@value Kappa#UNHEALTHY} when any
 * difference is unexplained, 2 for a usage error or a service that does not answer.
 */
final class VerifyCommand {
  private static final String VERSION = "--version=";
  private static final String JSON = "--json";

  private final Verifier verifier;
  private final PrintStream out;

  VerifyCommand(Launcher launcher, PrintStream out, PrintStream err) {
    this.verifier = new Verifier(launcher, err);
    this.out = out;
  }

  int run(KappaPipeline<?> definition, List<String> args) throws IOException {
    Optional<String> version =
        args.stream()
            .filter(arg -> arg.startsWith(VERSION))
            .map(arg -> arg.substring(VERSION.length()))
            .reduce((first, second) -> second);
    List<String> replayArgs = args.stream().filter(arg -> !arg.equals(JSON)).toList();
    Verifier.Report report = verifier.verify(definition, replayArgs, version);
    out.print(args.contains(JSON) ? VerifyJson.render(report) + "\n" : VerifyText.render(report));
    return report.outcome().unexplained() == 0 ? Kappa.OK : Kappa.UNHEALTHY;
  }
}
