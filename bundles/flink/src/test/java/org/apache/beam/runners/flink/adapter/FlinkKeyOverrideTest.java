package org.apache.beam.runners.flink.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kappa's {@link FlinkKey} (the bundle's override of Beam's) keeps Beam's hash, which decides a
 * key's key group, and Beam's equality.
 */
class FlinkKeyOverrideTest {
  @Test
  void hashCode_isBeamsMurmur3OfTheKeyBytes() {
    for (long auction : new long[] {0, 1, 1000, 123_456_789L, Long.MAX_VALUE}) {
      FlinkKey key = FlinkKey.of(auction, VarLongCoder.of());
      int beams = Hashing.murmur3_128().hashBytes(key.getSerializedKey().array()).asInt();
      assertEquals(beams, key.hashCode());
    }
  }

  @Test
  void equals_asByteBufferEquals() {
    FlinkKey a = FlinkKey.of(42L, VarLongCoder.of());
    FlinkKey sameBytes = FlinkKey.of(ByteBuffer.wrap(a.getSerializedKey().array().clone()));
    FlinkKey other = FlinkKey.of(43L, VarLongCoder.of());

    assertEquals(a, sameBytes);
    assertEquals(a.hashCode(), sameBytes.hashCode());
    assertNotEquals(a, other);
  }

  @Test
  void keysThatDoNotSpanTheirArray_compareTheirBytesAsBefore() {
    byte[] bytes = {9, 1, 2, 3, 9};
    FlinkKey slice = FlinkKey.of(ByteBuffer.wrap(bytes, 1, 3).slice());
    FlinkKey whole = FlinkKey.of(ByteBuffer.wrap(new byte[] {1, 2, 3}));

    assertEquals(whole.getSerializedKey().equals(slice.getSerializedKey()), whole.equals(slice));
  }

  @Test
  void aKeyReadBack_hasTheHashOfItsNewBytes() throws Exception {
    FlinkKey written = FlinkKey.of(7L, VarLongCoder.of());
    DataOutputSerializer out = new DataOutputSerializer(16);
    written.write(out);
    FlinkKey read = new FlinkKey();
    read.read(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertEquals(written, read);
    assertEquals(written.hashCode(), read.hashCode());
  }
}
