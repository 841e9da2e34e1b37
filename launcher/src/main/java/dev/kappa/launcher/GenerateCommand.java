package dev.kappa.launcher;

import dev.kappa.generator.EventGenerator;
import dev.kappa.pipelines.options.GeneratorOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code kappa generate --events=N --seed=S --out=FILE}: the generator's events as JSON lines, the
 * same bytes a {@code --source=generator} run decodes, so any run can be replayed from the file.
 */
@Command(
    name = "generate",
    description =
        "Writes the generator's events to a JSON lines file, as a generator run reads them.")
final class GenerateCommand implements Callable<Integer> {
  /** The options of {@code kappa generate}. */
  public interface Options extends GeneratorOptions {
    @Description("The JSON lines file to write.")
    @Validation.Required
    String getOut();

    void setOut(String out);
  }

  @Mixin private HelpOption help;

  /** The options of {@link Options}, parsed by Beam. */
  @Unmatched private List<String> args = new ArrayList<>();

  private final PrintStream err;

  GenerateCommand(PrintStream err) {
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    Options options = CommandLineOptions.parse(args, Options.class);
    EventGenerator generator = new EventGenerator(GeneratorOptions.generatorConfig(options));
    long events = generator.config().events();
    if (events <= 0) {
      throw new UsageException("--events must be > 0 for generate, got " + events);
    }
    Path out = Path.of(options.getOut());
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    long start = System.nanoTime();
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (long i = 0; i < events; i++) {
        writer.write(generator.json(i));
        writer.write('\n');
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    err.printf(
        "kappa: wrote %,d events (seed %d) to %s in %.1f s%n",
        events, options.getSeed(), out, seconds);
    return Kappa.OK;
  }
}
