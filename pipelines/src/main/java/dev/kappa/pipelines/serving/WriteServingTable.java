package dev.kappa.pipelines.serving;

import dev.kappa.metrics.KappaMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.Row;

/**
 * Upserts result panes into the serving table {@code PIPELINE_VERSION}, creating it (and the
 * readers' view, if there is none yet) on first use. Each bundle is one transaction, and a pane's
 * rows are emitted together, so a reader sees all of a pane or none of it; the last pane written
 * replaces what its {@link ServingTable.Replace} says (see {@code ResultTable.upsert} for why the
 * last write, not the highest pane index). Writing the same results twice leaves the same table,
 * which is what lets a bundle run again when the database went away ({@link ServingConnection}).
 */
public final class WriteServingTable<T> extends PTransform<PCollection<T>, PDone> {
  private final JdbcTarget target;
  private final String pipeline;
  private final String version;
  private final ServingTable serving;
  private final String counterName;

  private WriteServingTable(
      JdbcTarget target,
      String pipeline,
      String version,
      ServingTable serving,
      String counterName) {
    this.target = target;
    this.pipeline = pipeline;
    this.version = version;
    this.serving = serving;
    this.counterName = counterName;
  }

  public static <T> WriteServingTable<T> to(
      JdbcTarget target,
      String pipeline,
      String version,
      ServingTable serving,
      String counterName) {
    return new WriteServingTable<>(target, pipeline, version, serving, counterName);
  }

  @Override
  public PDone expand(PCollection<T> results) {
    ResultTable table =
        new ResultTable(ServingViews.tableName(pipeline, version), results.getSchema(), serving);
    results.apply(
        "UpsertPanes",
        ParDo.of(new UpsertFn<>(target, pipeline, table, results.getToRowFunction(), counterName)));
    return PDone.in(results.getPipeline());
  }

  private static final class UpsertFn<T> extends DoFn<T, Void> {
    private final JdbcTarget target;
    private final String pipeline;
    private final ResultTable table;
    private final SerializableFunction<T, Row> toRow;
    private final Counter written;
    private transient ServingConnection serving;
    private transient List<Row> bundle;

    UpsertFn(
        JdbcTarget target,
        String pipeline,
        ResultTable table,
        SerializableFunction<T, Row> toRow,
        String counterName) {
      this.target = target;
      this.pipeline = pipeline;
      this.table = table;
      this.toRow = toRow;
      this.written = KappaMetrics.counter(counterName);
    }

    @Setup
    public void setup() throws SQLException {
      serving = new ServingConnection(target);
      serving.transact(
          "creating " + table.name(),
          connection -> {
            ServingViews.lock(connection, table.name());
            try (Statement ddl = connection.createStatement()) {
              ddl.execute(table.createTable());
            }
            ServingViews.createIfMissing(connection, pipeline, table.name());
          });
    }

    @StartBundle
    public void startBundle() {
      bundle = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element T result) {
      bundle.add(toRow.apply(result));
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      if (bundle.isEmpty()) {
        return;
      }
      serving.transact("writing " + bundle.size() + " rows to " + table.name(), this::write);
      written.inc(bundle.size());
    }

    private void write(Connection connection) throws SQLException {
      try (PreparedStatement upsert = connection.prepareStatement(table.upsert());
          PreparedStatement delete =
              table.replaced() == null ? null : connection.prepareStatement(table.replaced())) {
        for (Row row : bundle) {
          if (delete != null) {
            bindReplaced(delete, row);
            delete.executeUpdate();
            bindUpsert(upsert, row);
            upsert.executeUpdate();
          } else {
            bindUpsert(upsert, row);
            upsert.addBatch();
          }
        }
        if (delete == null) {
          upsert.executeBatch();
        }
      }
    }

    private void bindUpsert(PreparedStatement statement, Row row) throws SQLException {
      int next = 1;
      for (int i = 0; i < table.columnCount(); i++) {
        statement.setObject(next++, row.getValue(i));
      }
      if (table.replace() == ServingTable.Replace.ABSORBED_SESSIONS) {
        bindSessionAndKey(statement, row, next);
      }
    }

    /** The parameters of {@link ResultTable#replaced}: the row's window, and pane or key. */
    private void bindReplaced(PreparedStatement statement, Row row) throws SQLException {
      if (table.replace() == ServingTable.Replace.ABSORBED_SESSIONS) {
        bindSessionAndKey(statement, row, 1);
        return;
      }
      statement.setObject(1, value(row, ResultTable.WINDOW_START));
      statement.setObject(2, value(row, ResultTable.WINDOW_END));
      statement.setObject(3, value(row, ResultTable.TIMING));
      statement.setObject(4, value(row, ResultTable.PANE_INDEX));
    }

    private void bindSessionAndKey(PreparedStatement statement, Row row, int first)
        throws SQLException {
      int next = first;
      statement.setObject(next++, value(row, ResultTable.WINDOW_START));
      statement.setObject(next++, value(row, ResultTable.WINDOW_END));
      statement.setObject(next++, value(row, ResultTable.WINDOW_START));
      statement.setObject(next++, value(row, ResultTable.WINDOW_END));
      for (String column : table.entityKey()) {
        statement.setObject(next++, value(row, column));
      }
    }

    private Object value(Row row, String column) {
      return row.getValue(table.columnIndex(column));
    }

    @Teardown
    public void teardown() {
      if (serving != null) {
        serving.close();
      }
    }
  }
}
