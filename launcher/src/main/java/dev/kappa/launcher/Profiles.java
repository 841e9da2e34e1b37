package dev.kappa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final String DEFAULT_BUNDLE = "flink";
  private static final Pattern BUNDLE_LINE = Pattern.compile("^# bundle: *([a-z]+)");

  private final Path directory;
  private final String defaultProfile;

  Profiles(Path directory, String defaultProfile) {
    this.directory = directory;
    this.defaultProfile = defaultProfile;
  }

  /** {@code options} merged over the profile named (or the default one). */
  List<String> resolve(Optional<String> profile, List<String> options) {
    return merge(load(profile.orElse(defaultProfile)), options);
  }

  /**
   * The bundle a run with {@code profile} needs: the one it declares; Flink's, which holds the
   * default profile's runner, for a profile that does not exist (the run names the valid ones).
   */
  String bundle(Optional<String> profile) {
    return declaredBundle(profile.orElse(defaultProfile)).orElse(DEFAULT_BUNDLE);
  }

  /**
   * The bundle {@code profile}'s {@code # bundle: NAME} line declares, if the profile exists and
   * has one ({@code ProfilesTest} checks every profile does, naming a bundle with its runner).
   */
  Optional<String> declaredBundle(String profile) {
    Path file = directory.resolve(profile + SUFFIX);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines
          .map(BUNDLE_LINE::matcher)
          .filter(Matcher::find)
          .map(matcher -> matcher.group(1))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file, e);
    }
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
