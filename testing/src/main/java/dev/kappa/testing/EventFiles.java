package dev.kappa.testing;

import dev.kappa.generator.EventGenerator;
import dev.kappa.generator.GeneratorConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Generated event files for tests: the same bytes {@code kappa generate} writes. */
public final class EventFiles {
  private EventFiles() {}

  /**
   * Writes {@code config.events()} events (plus any extra raw lines at the end) to {@code file}.
   */
  public static Path write(Path file, GeneratorConfig config, String... extraLines)
      throws IOException {
    Files.createDirectories(file.getParent());
    EventGenerator generator = new EventGenerator(config);
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < config.events(); i++) {
        writer.write(generator.json(i));
        writer.write('\n');
      }
      for (String line : extraLines) {
        writer.write(line);
        writer.write('\n');
      }
    }
    return file;
  }
}
