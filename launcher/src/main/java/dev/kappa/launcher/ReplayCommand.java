package dev.kappa.launcher;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/**
 * {@code kappa replay PIPELINE --source=kafka:TOPIC [--from=..] [--to=..] [options]}: {@code kappa
 * run PIPELINE --replay=true}, the topic read as a bounded slice (by default all it holds now).
 */
@Command(
    name = "replay",
    description = {
      "Runs PIPELINE over a slice of a Kafka topic as a bounded job (by default from its earliest"
          + " to its latest offset now) and prints its summary: a reprocess of the log that ends."
    },
    footer = {
      "",
      "Needs --source=kafka:TOPIC. --from=earliest|retained|ISO-8601 time and"
          + " --to=now|ISO-8601 time bound the slice.",
      "PIPELINE's options (given as --name=value): kappa help PIPELINE"
    })
final class ReplayCommand extends PipelineCommand {
  private final Launcher launcher;
  private final PrintStream err;

  ReplayCommand(Launcher launcher, PrintStream err) {
    this.launcher = launcher;
    this.err = err;
  }

  @Override
  public Integer call() {
    LaunchPlan<?> plan = launcher.plan(definition(), request("--replay=true"), false);
    if (plan.source().topic().isEmpty()) {
      throw new UsageException("replay reads a Kafka topic: give --source=kafka:TOPIC");
    }
    return RunCommand.runToTheEnd(launcher, err, plan);
  }
}
