package dev.kappa.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code kappa bundle ARGS...} (hidden): prints the bundle ({@code flink} or {@code spark}) that
 * {@code bin/kappa ARGS...} must run from: the one a {@code --runner} needs, else the one the
 * profile declares. Each cluster runner has a bundle of its own (Flink's and Spark's kryo versions
 * clash), and the script asks here instead of reading options itself.
 */
@Command(name = "bundle", hidden = true)
final class BundleCommand implements Callable<Integer> {
  @Option(names = "--env")
  private String profile;

  @Option(names = "--runner")
  private String runner;

  /** The command, its pipeline and every other option: they do not choose the bundle. */
  @Unmatched private List<String> rest = new ArrayList<>();

  private final Launcher launcher;
  private final PrintStream out;

  BundleCommand(Launcher launcher, PrintStream out) {
    this.launcher = launcher;
    this.out = out;
  }

  @Override
  public Integer call() {
    String bundle;
    if (runner == null) {
      bundle = launcher.bundle(Optional.ofNullable(profile));
    } else {
      bundle = runner.toLowerCase(Locale.ROOT).contains("spark") ? "spark" : "flink";
    }
    out.println(bundle);
    return Kappa.OK;
  }
}
