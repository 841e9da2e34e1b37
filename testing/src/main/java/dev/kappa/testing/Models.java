package dev.kappa.testing;

import dev.kappa.codec.EventJson;
import dev.kappa.codec.InvalidEventException;
import dev.kappa.model.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers for the plain-Java reference computations ("models") of the pipelines' tests. */
public final class Models {
  private Models() {}

  /**
   * The valid events of a file, in file order; invalid lines are the dead-letter tests' business.
   */
  public static List<Event> events(Path file) {
    List<Event> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        try {
          events.add(EventJson.decode(line));
        } catch (InvalidEventException e) {
          // not an event: the pipelines send it to dead letters
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  /** The start of the fixed window of {@code sizeMs} that holds {@code time}. */
  public static long windowStart(long time, long sizeMs) {
    return Math.floorDiv(time, sizeMs) * sizeMs;
  }

  /** A group key as {@link Panes#lastPanes} writes it: key fields, then the window. */
  public static String group(String keyFields, long windowStart, long windowEnd) {
    return keyFields + "@" + windowStart + "-" + windowEnd;
  }
}
