package dev.kappa.pipelines.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * PostgreSQL's password file, where the driver looks up the password of a URL that gives none:
 * {@code -Dorg.postgresql.pgpassfile=FILE}, else {@code PGPASSFILE}, else {@code ~/.pgpass} (the
 * driver's own order). Kappa keeps a serving database's password here rather than in the job: Beam
 * publishes every pipeline option in the job's configuration (Flink's REST API and web UI show them
 * to anyone who can reach them, savepoints keep them), and a DoFn's fields travel in the job graph.
 * The file stays on the machines that read it, with owner-only permissions.
 */
public final class PgPassFile {
  private final Path path;

  PgPassFile(Path path) {
    this.path = path;
  }

  /** The file the driver of this JVM reads. */
  public static PgPassFile standard() {
    String property = System.getProperty("org.postgresql.pgpassfile");
    String environment = System.getenv("PGPASSFILE");
    Path path =
        property != null && !property.isBlank()
            ? Path.of(property)
            : environment != null && !environment.isBlank()
                ? Path.of(environment)
                : Path.of(System.getProperty("user.home"), ".pgpass");
    return new PgPassFile(path);
  }

  public Path path() {
    return path;
  }

  /**
   * {@code url} without its password, the password kept in this file for the URL's host, port,
   * database and user; with no password in the URL, {@code fallback} (the launcher's {@code
   * PGPASSWORD}) is kept instead, if given. A URL with no password and no fallback is returned as
   * it is.
   */
  public String keepPasswordOf(String url, Optional<String> fallback) {
    Properties parsed = Driver.parseURL(url, null);
    if (parsed == null) {
      throw new IllegalArgumentException("not a PostgreSQL URL: " + JdbcTarget.redact(url));
    }
    Optional<String> password =
        Optional.ofNullable(parsed.getProperty("password")).or(() -> fallback);
    if (password.isEmpty()) {
      return url;
    }
    String user =
        Optional.ofNullable(parsed.getProperty("user"))
            .or(() -> Optional.ofNullable(System.getenv("PGUSER")))
            .orElse(System.getProperty("user.name"));
    store(
        String.join(
            ":",
            escape(parsed.getProperty("PGHOST").split(",")[0]),
            escape(parsed.getProperty("PGPORT").split(",")[0]),
            escape(parsed.getProperty("PGDBNAME")),
            escape(user)),
        escape(password.get()));
    return withoutPassword(url);
  }

  /** Writes {@code entry:password}, replacing the line of the same entry; owner-only. */
  private void store(String entry, String password) {
    try {
      List<String> lines = new ArrayList<>();
      if (Files.exists(path)) {
        for (String line : Files.readAllLines(path)) {
          if (!line.startsWith(entry + ":")) {
            lines.add(line);
          }
        }
      } else {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      lines.add(entry + ":" + password);
      Files.write(path, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the password in " + path, e);
    }
  }

  /** The file's fields are separated by ':', so ':' and '\' in a value are escaped with '\'. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(":", "\\:");
  }

  static String withoutPassword(String url) {
    return url.replaceAll("(?i)([?&])password=[^&]*&?", "$1").replaceAll("[?&]$", "");
  }
}
