package dev.kappa.pipelines.serving;

import java.sql.SQLException;

/**
 * The serving database did not come back within the target's patience: the run stops, with one line
 * naming the database (password redacted), how long it waited and what it last said.
 */
public final class ServingDatabaseUnavailableException extends SQLException {
  private static final long serialVersionUID = 1L;

  ServingDatabaseUnavailableException(JdbcTarget target, String what, SQLException last) {
    super(
        "the serving database "
            + target
            + " did not answer for "
            + target.patience().toSeconds()
            + " s while "
            + what
            + " ("
            + JdbcTarget.redact(String.valueOf(last.getMessage()).lines().findFirst().orElse(""))
            + "); the run stops rather than leave results out: start the database again, then"
            + " run again (writes are idempotent), or wait longer with --servingRetrySeconds",
        last.getSQLState(),
        last);
  }
}
