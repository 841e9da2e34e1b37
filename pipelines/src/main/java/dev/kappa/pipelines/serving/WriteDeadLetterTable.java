package dev.kappa.pipelines.serving;

import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.DeadLetter;
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
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Dead letters into the serving database's table {@value #TABLE}, one row per rejected record,
 * tagged with the pipeline and version that rejected it. A row is identified by pipeline, version,
 * origin, stage and the payload's MD5, so a replay or a retried bundle adds nothing twice (and two
 * identical bad lines of one file are one row; the {@code deadLetters} counter counts both).
 */
public final class WriteDeadLetterTable extends PTransform<PCollection<DeadLetter>, PDone> {
  public static final String TABLE = "dead_letters";
  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS "
          + TABLE
          + " (pipeline text NOT NULL, version text NOT NULL,"
          + " origin text NOT NULL, stage text NOT NULL, reason text NOT NULL,"
          + " payload text NOT NULL,"
          + " payload_md5 text GENERATED ALWAYS AS (md5(payload)) STORED,"
          + " recorded_at timestamptz NOT NULL DEFAULT now(),"
          + " PRIMARY KEY (pipeline, version, origin, stage, payload_md5))";
  private static final String INSERT =
      "INSERT INTO "
          + TABLE
          + " (pipeline, version, origin, stage, reason, payload)"
          + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private final JdbcTarget target;
  private final String pipeline;
  private final String version;
  private final String counterName;

  private WriteDeadLetterTable(
      JdbcTarget target, String pipeline, String version, String counterName) {
    this.target = target;
    this.pipeline = pipeline;
    this.version = version;
    this.counterName = counterName;
  }

  public static WriteDeadLetterTable to(
      JdbcTarget target, String pipeline, String version, String counterName) {
    return new WriteDeadLetterTable(target, pipeline, version, counterName);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> deadLetters) {
    deadLetters.apply("InsertDeadLetters", ParDo.of(new InsertFn(this)));
    return PDone.in(deadLetters.getPipeline());
  }

  /** Inserts a bundle in one transaction. */
  private static final class InsertFn extends DoFn<DeadLetter, Void> {
    private final JdbcTarget target;
    private final String pipeline;
    private final String version;
    private final Counter written;
    private transient ServingConnection serving;
    private transient List<DeadLetter> bundle;

    InsertFn(WriteDeadLetterTable spec) {
      this.target = spec.target;
      this.pipeline = spec.pipeline;
      this.version = spec.version;
      this.written = KappaMetrics.counter(spec.counterName);
    }

    @Setup
    public void setup() throws SQLException {
      serving = new ServingConnection(target);
      serving.transact(
          "creating " + TABLE,
          connection -> {
            ServingViews.lock(connection, TABLE);
            try (Statement ddl = connection.createStatement()) {
              ddl.execute(CREATE);
            }
          });
    }

    @StartBundle
    public void startBundle() {
      bundle = new ArrayList<>();
    }

    @ProcessElement
    public void processElement(@Element DeadLetter deadLetter) {
      bundle.add(deadLetter);
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      if (bundle.isEmpty()) {
        return;
      }
      serving.transact("writing " + bundle.size() + " dead letters to " + TABLE, this::insert);
      written.inc(bundle.size());
    }

    private void insert(Connection connection) throws SQLException {
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        for (DeadLetter letter : bundle) {
          insert.setString(1, pipeline);
          insert.setString(2, version);
          insert.setString(3, letter.getOrigin());
          insert.setString(4, letter.getStage());
          insert.setString(5, letter.getReason());
          insert.setString(6, letter.getPayload());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }

    @Teardown
    public void teardown() {
      if (serving != null) {
        serving.close();
      }
    }
  }
}
