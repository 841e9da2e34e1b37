package dev.kappa.pipelines.serving;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL database given as a JDBC URL. Credentials come from the URL ({@code user},
 * {@code password} parameters), else from {@code PGUSER}/{@code PGPASSWORD}, else from the
 * driver's own {@code ~/.pgpass}; they are never printed: {@link #toString()} hides the password.
 */
public final class JdbcTarget implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String PREFIX = "jdbc:postgresql:";

  private final String url;
  private final Properties credentials;

  private JdbcTarget(String url, Properties credentials) {
    this.url = url;
    this.credentials = credentials;
  }

  public static boolean isJdbc(String spec) {
    return spec.startsWith("jdbc:");
  }

  /** Parses a {@code jdbc:postgresql://...} URL; other databases are refused. */
  public static JdbcTarget parse(String spec) {
    if (!spec.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "the serving layer is PostgreSQL: expected jdbc:postgresql://HOST:PORT/DB, got "
              + redact(spec));
    }
    Properties credentials = new Properties();
    String user = System.getenv("PGUSER");
    String password = System.getenv("PGPASSWORD");
    if (user != null && !spec.contains("user=")) {
      credentials.setProperty("user", user);
    }
    if (password != null && !spec.contains("password=")) {
      credentials.setProperty("password", password);
    }
    return new JdbcTarget(spec, credentials);
  }

  public Connection connect() throws SQLException {
    // The driver directly, not through DriverManager: on a Flink cluster each job has its own
    // class loader, and DriverManager hands a later job only the driver an earlier job's loader
    // registered, which it then refuses ("No suitable driver found").
    Connection connection = new Driver().connect(url, credentials);
    if (connection == null) {
      throw new SQLException("not a PostgreSQL URL: " + redact(url));
    }
    return connection;
  }

  @Override
  public String toString() {
    return redact(url);
  }

  /** {@code url} with any password parameter's value replaced by {@code ***}. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
