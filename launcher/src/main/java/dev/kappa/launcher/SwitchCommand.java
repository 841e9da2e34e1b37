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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kappa switch PIPELINE --version=V --sink=jdbc:...}: points the readers' view at an
 * existing version's table in one transaction, recorded as a manual switch: the way back when a
 * reprocessed version turns out wrong, or forward again. A version without a table is refused with
 * the versions there are.
 */
@Command(
    name = "switch",
    description = {
      "Points the readers' view of PIPELINE at version V's table in one transaction, recorded as"
          + " a manual switch: the way back from a reprocessed version, or forward again."
    })
final class SwitchCommand implements Callable<Integer> {
  @Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline (kappa list).")
  private String pipelineName;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = "The version whose table readers query from now on.")
  private String version;

  @Option(
      names = "--sink",
      required = true,
      paramLabel = "jdbc:postgresql://...",
      description = "The serving database.")
  private String sink;

  private final PrintStream err;

  SwitchCommand(PrintStream err) {
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    KappaPipeline<?> definition = KnownPipelines.named(pipelineName);
    if (!JdbcTarget.isJdbc(sink)) {
      throw new UsageException(
          "switch needs --sink=jdbc:postgresql://... (the serving database), got " + sink);
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
