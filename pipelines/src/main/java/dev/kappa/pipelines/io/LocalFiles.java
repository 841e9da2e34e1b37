package dev.kappa.pipelines.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files a local path or glob names, found before the job starts. Beam's own matching walks
 * every directory below the deepest existing parent when a path does not exist, so {@code
 * /nonexistent} walked the whole machine (for minutes, {@code /proc} included); here a path is
 * checked directly and a glob is matched only as deep as it reaches ({@code **} aside).
 */
final class LocalFiles {
  private LocalFiles() {}

  /** Whether {@code spec} names local files (no scheme, or {@code file:}), which this checks. */
  static boolean isLocal(String spec) {
    return !spec.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || spec.startsWith("file://");
  }

  /**
   * The regular files {@code spec} names, sorted; an IllegalArgumentException naming the spec and
   * what to do when there are none.
   */
  static List<String> matching(String spec) {
    String local = spec.startsWith("file://") ? spec.substring("file://".length()) : spec;
    int glob = firstGlobPart(local);
    int slash = glob < 0 ? -1 : local.lastIndexOf('/', glob);
    String base = glob < 0 ? local : slash < 0 ? "." : slash == 0 ? "/" : local.substring(0, slash);
    String rest = glob < 0 ? "" : slash < 0 ? "/" + local : local.substring(slash);
    Path absolute;
    try {
      absolute = Path.of(base).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("--source=file:" + spec + " is not a valid path");
    }
    if (glob < 0) {
      if (Files.isRegularFile(absolute)) {
        return List.of(absolute.toString());
      }
      throw new IllegalArgumentException(
          "--source=file:"
              + spec
              + ": "
              + (Files.isDirectory(absolute)
                  ? absolute + " is a directory; give a file or a glob such as " + spec + "/*.jsonl"
                  : "no such file (" + absolute + ")"));
    }
    if (!Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(
          "--source=file:" + spec + ": no such directory (" + absolute + ")");
    }
    String root =
        absolute.toString().endsWith("/")
            ? absolute.toString().substring(0, absolute.toString().length() - 1)
            : absolute.toString();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + root + rest);
    int depth =
        rest.contains("**") ? Integer.MAX_VALUE : (int) rest.chars().filter(c -> c == '/').count();
    List<String> files;
    try (Stream<Path> walk = Files.walk(absolute, depth)) {
      files =
          walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p))
              .map(Path::toString)
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--source=file:" + spec + ": cannot list " + absolute + " (" + e.getMessage() + ")");
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "--source=file:"
              + spec
              + " matches no file in "
              + absolute
              + "; check the pattern (for example DIR/*.jsonl)");
    }
    return files;
  }

  private static int firstGlobPart(String spec) {
    for (int i = 0; i < spec.length(); i++) {
      if ("*?[{".indexOf(spec.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
