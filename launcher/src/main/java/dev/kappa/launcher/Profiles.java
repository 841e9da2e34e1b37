package dev.kappa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Environment profiles: {@code runners-config/NAME.options}, one Beam option per line ({@code #}
 * starts a comment). A profile supplies defaults; an option given on the command line wins.
 */
final class Profiles {
  /**
   * Without {@code --env}, runs are embedded Flink: a million events in seconds, where the
   * DirectRunner takes minutes once results have many keys (it re-translates a step for every key's
   * bundle). The DirectRunner stays the profile of the unit tests, which check more.
   */
  static final String DEFAULT_PROFILE = "flink-local";

  private static final String SUFFIX = ".options";
  private static final String ENV = "--env=";

  private final Path directory;
  private final String defaultProfile;

  Profiles(Path directory, String defaultProfile) {
    this.directory = directory;
    this.defaultProfile = defaultProfile;
  }

  /** The profile {@code --env} names (or the default) merged under the other arguments. */
  List<String> resolve(List<String> args) {
    String profile = defaultProfile;
    List<String> rest = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith(ENV)) {
        profile = arg.substring(ENV.length());
      } else {
        rest.add(arg);
      }
    }
    return merge(load(profile), rest);
  }

  List<String> load(String profile) {
    Path file = directory.resolve(profile + SUFFIX);
    if (profile.isEmpty() || !Files.isRegularFile(file)) {
      throw new UsageException(
          "unknown profile '" + profile + "' (profiles: " + String.join(", ", names()) + ")");
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file, e);
    }
  }

  List<String> names() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(SUFFIX))
          .map(name -> name.substring(0, name.length() - SUFFIX.length()))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Options by name, later ones replacing earlier ones, in first-seen order. */
  static List<String> merge(List<String> defaults, List<String> overrides) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String arg : defaults) {
      byName.put(optionName(arg), arg);
    }
    for (String arg : overrides) {
      byName.put(optionName(arg), arg);
    }
    return new ArrayList<>(byName.values());
  }

  private static String optionName(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? arg : arg.substring(0, equals);
  }
}
