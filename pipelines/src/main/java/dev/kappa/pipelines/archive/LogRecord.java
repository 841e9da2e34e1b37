package dev.kappa.pipelines.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A Kafka record as the log holds it: its partition, offset and value bytes (null for a tombstone),
 * undecoded, so that the archive keeps every record, valid or not, exactly as it was written.
 */
public record LogRecord(int partition, long offset, byte @Nullable [] value) {

  /** Encodes a record as its three fields; the value's absence is a flag before it. */
  public static final class Coder extends AtomicCoder<LogRecord> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LogRecord record, OutputStream out) throws IOException {
      VarIntCoder.of().encode(record.partition(), out);
      VarLongCoder.of().encode(record.offset(), out);
      BooleanCoder.of().encode(record.value() != null, out);
      if (record.value() != null) {
        ByteArrayCoder.of().encode(record.value(), out);
      }
    }

    @Override
    public LogRecord decode(InputStream in) throws IOException {
      int partition = VarIntCoder.of().decode(in);
      long offset = VarLongCoder.of().decode(in);
      byte[] value = BooleanCoder.of().decode(in) ? ByteArrayCoder.of().decode(in) : null;
      return new LogRecord(partition, offset, value);
    }
  }
}
