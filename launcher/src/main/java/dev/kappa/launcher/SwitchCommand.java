package dev.kappa.launcher;

import dev.kappa.launcher.serving.ServingStatus;
import dev.kappa.launcher.serving.ServingSwitch;
import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.PipelineRegistry;
import dev.kappa.pipelines.serving.JdbcTarget;
import dev.kappa.pipelines.serving.ServingViews;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * {@code kappa switch PIPELINE --version=V --sink=jdbc:...}: points the readers' view at an
 * existing version's table in one transaction, recorded as a manual switch: the way back when a
 * reprocessed version turns out wrong, or forward again. A version without a table is refused with
 * the versions there are.
 */
final class SwitchCommand {
  private final PrintStream err;

  SwitchCommand(PrintStream err) {
    this.err = err;
  }

  int run(KappaPipeline<?> definition, List<String> args) throws IOException {
    String version = null;
    String sink = null;
    for (String arg : args) {
      if (arg.startsWith("--version=")) {
        version = arg.substring("--version=".length());
      } else if (arg.startsWith("--sink=")) {
        sink = arg.substring("--sink=".length());
      } else {
        throw new UsageException("switch takes --version=V and --sink=jdbc:..., got " + arg);
      }
    }
    if (version == null || sink == null || !JdbcTarget.isJdbc(sink)) {
      throw new UsageException(
          "switch needs --version=V (the table to serve) and"
              + " --sink=jdbc:postgresql://... (the serving database)");
    }
    String pipeline = definition.name();
    String table = ServingViews.tableName(pipeline, version);
    JdbcTarget database = JdbcTarget.parse(sink);
    database.requireReachable("--sink");
    try {
      List<String> versions =
          new ServingStatus(database)
              .versions(
                  pipeline, PipelineRegistry.all().stream().map(KappaPipeline::name).toList());
      if (!versions.contains(version)) {
        throw new UsageException(
            "there is no table "
                + table
                + " to switch to; the versions"
                + " of "
                + pipeline
                + " there are: "
                + (versions.isEmpty() ? "none" : versions));
      }
      // The table a manual switch leaves is kept until dropped by hand: no retention runs out.
      Optional<String> before =
          ServingSwitch.switchTo(
              database, pipeline, version, ServingSwitch.SwitchReason.MANUAL, Optional.empty());
      if (before.filter(table::equals).isPresent()) {
        err.printf(
            "kappa: readers of %s already query %s; recorded anyway%n",
            ServingViews.viewName(pipeline), table);
      } else {
        err.printf(
            "kappa: switched %s from %s to %s%n",
            ServingViews.viewName(pipeline), before.orElse("nothing"), table);
      }
      return Kappa.OK;
    } catch (SQLException e) {
      throw new IOException("serving database " + database + ": " + e.getMessage(), e);
    }
  }
}
