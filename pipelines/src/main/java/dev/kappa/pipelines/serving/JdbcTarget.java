package dev.kappa.pipelines.serving;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * A PostgreSQL database given as a JDBC URL. The user comes from the URL, else from {@code PGUSER};
 * the password from the URL, else from the driver's password file ({@link PgPassFile}), where the
 * launcher moves a password given in {@code --sink} or {@code PGPASSWORD} so that it never travels
 * in the job. A password is never printed: {@link #toString()} hides it.
 */
public final class JdbcTarget implements Serializable {
  private static final long serialVersionUID = 2L;
  private static final String PREFIX = "jdbc:postgresql:";
  private static final int CHECK_SECONDS = 10;

  /** How long a worker waits for the database to come back before the run fails, by default. */
  private static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(60);

  private final String url;
  private final Properties credentials;
  private final Duration patience;

  private JdbcTarget(String url, Properties credentials, Duration patience) {
    this.url = url;
    this.credentials = credentials;
    this.patience = patience;
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
    if (user != null && !spec.contains("user=")) {
      credentials.setProperty("user", user);
    }
    return new JdbcTarget(spec, credentials, DEFAULT_PATIENCE);
  }

  /** This database, waited for up to {@code patience} when it goes away while a job writes. */
  public JdbcTarget withPatience(Duration patience) {
    return new JdbcTarget(url, credentials, patience);
  }

  public Duration patience() {
    return patience;
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

  /**
   * Connects once, giving up after {@value #CHECK_SECONDS} s, so that a database that is down,
   * missing or refuses the credentials is one line before a job starts rather than a stack trace
   * after it has: an IllegalArgumentException naming the database (password redacted), what it said
   * and what to do.
   */
  public void requireReachable(String option) {
    Properties check = new Properties();
    check.putAll(credentials);
    check.setProperty("connectTimeout", String.valueOf(CHECK_SECONDS));
    check.setProperty("loginTimeout", String.valueOf(CHECK_SECONDS));
    try (Connection connection = new Driver().connect(url, check)) {
      if (connection == null) {
        throw new SQLException("not a PostgreSQL URL");
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(
          "the serving database " + this + " " + problemAndAdvice(e, option));
    }
  }

  private static String problemAndAdvice(SQLException e, String option) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String said = " (" + firstLine(e) + "); ";
    if (state.equals("28P01") || state.equals("28000")) {
      return "refused the credentials" + said + "fix " + option + ", PGUSER or PGPASSWORD";
    }
    if (state.equals("3D000")) {
      return "has no such database" + said + "create it, or fix " + option;
    }
    if (isUnavailable(e)) {
      return "does not answer"
          + said
          + "start it (runners-config/local/postgres start), or fix "
          + option;
    }
    return "refused to connect" + said + "fix " + option;
  }

  /**
   * Whether the database is not there to talk to: class 08 is a connection exception (refused,
   * broken); 57P01-57P03 are an administrator's shutdown, a crash shutdown and a server that cannot
   * accept connections yet (starting up). The writers wait for such a database; the launcher's
   * check says it does not answer.
   */
  static boolean isUnavailable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return state.startsWith("08")
        || state.equals("57P01")
        || state.equals("57P02")
        || state.equals("57P03");
  }

  private static String firstLine(SQLException e) {
    return redact(String.valueOf(e.getMessage()).lines().findFirst().orElse("")).strip();
  }

  /**
   * The URL of database {@code name} on the same server, with the same parameters: {@code
   * jdbc:postgresql://h:5432/postgres?user=u} becomes {@code jdbc:postgresql://h:5432/NAME?user=u}.
   */
  public String withDatabase(String name) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String parameters = query < 0 ? "" : url.substring(query);
    return base.substring(0, base.lastIndexOf('/') + 1) + name + parameters;
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
