package dev.kappa.launcher;

import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kappa help [PIPELINE | COMMAND]}: a pipeline's own options ({@link OptionsHelp}), a
 * command's usage, or without a name the usage of {@code kappa}.
 */
@Command(name = "help", description = "Shows a pipeline's options, a command's usage, or kappa's.")
final class HelpCommand implements Callable<Integer> {
  @Mixin private HelpOption help;
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "PIPELINE|COMMAND",
      description = "A pipeline (kappa list) or a command.")
  private String name;

  private final PrintStream out;

  HelpCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine kappa = spec.parent().commandLine();
    Optional<CommandLine> command = Optional.ofNullable(name).map(kappa.getSubcommands()::get);
    if (name == null || command.isPresent()) {
      out.print(command.orElse(kappa).getUsageMessage());
    } else {
      out.print(OptionsHelp.of(KnownPipelines.named(name)));
    }
    return Kappa.OK;
  }
}
