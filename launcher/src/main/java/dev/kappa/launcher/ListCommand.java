package dev.kappa.launcher;

import dev.kappa.pipelines.PipelineRegistry;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kappa list}: the pipelines, one line each. */
@Command(name = "list", description = "Lists the pipelines, one line each.")
final class ListCommand implements Callable<Integer> {
  @Mixin private HelpOption help;

  private final PrintStream out;

  ListCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    PipelineRegistry.all().forEach(p -> out.printf("%-16s %s%n", p.name(), p.description()));
    return Kappa.OK;
  }
}
