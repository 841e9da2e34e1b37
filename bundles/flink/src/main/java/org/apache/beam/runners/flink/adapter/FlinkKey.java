/*
 * Licensed to the Apache Software Foundation (ASF) under one
 * or more contributor license agreements.  See the NOTICE file
 * distributed with this work for additional information
 * regarding copyright ownership.  The ASF licenses this file
 * to you under the Apache License, Version 2.0 (the
 * "License"); you may not use this file except in compliance
 * with the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package org.apache.beam.runners.flink.adapter;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.annotation.Nullable;
import org.apache.beam.runners.flink.translation.types.CoderTypeSerializer;
import org.apache.beam.runners.flink.translation.wrappers.streaming.FlinkKeyUtils;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.Value;

/**
 * Kappa's override of Beam 2.70.0's {@code FlinkKey} (the key of every keyed Flink operator Beam
 * builds: windows, state, timers), in the Flink bundle only; the README's "Overrides of Beam's
 * Flink runner" says why, and {@code BeamOverridesTest} fails when Beam's version changes so
 * that it is looked at again.
 *
 * <p>What changed, and nothing else: the Murmur3 hash of the key's bytes is computed once per key
 * object, when its bytes are set, instead of on every {@link #hashCode()} (Flink's heap state asks
 * for it on every state and timer access: 12.6% of a live window task's CPU), the same value, so
 * key groups, partitioning and savepoints are unchanged; {@link #equals} compares that hash, then
 * the bytes with {@link Arrays#equals}, instead of {@code ByteBuffer.equals} (8.9%), for keys
 * that span their array (all that Beam's runner builds; others as before); the serializer, which
 * holds no state, is shared instead of built for every key.
 */
public class FlinkKey implements Value {

  private static final CoderTypeSerializer<byte[]> SERIALIZER =
      new CoderTypeSerializer<>(ByteArrayCoder.of(), false);

  @SuppressWarnings("initialization.fields.uninitialized")
  private ByteBuffer underlying;

  /** Beam's hash of {@link #underlying}, computed whenever it is set. */
  private int hash;

  public FlinkKey() {}

  private FlinkKey(ByteBuffer underlying) {
    this.underlying = underlying;
    this.hash = hashOf(underlying);
  }

  public ByteBuffer getSerializedKey() {
    return underlying;
  }

  public static FlinkKey of(ByteBuffer bytes) {
    return new FlinkKey(bytes);
  }

  public static <K> FlinkKey of(K key, Coder<K> coder) {
    return new FlinkKey(FlinkKeyUtils.encodeKey(key, coder));
  }

  @Override
  public void write(DataOutputView out) throws IOException {
    checkNotNull(underlying);
    SERIALIZER.serialize(underlying.array(), out);
  }

  @Override
  public void read(DataInputView in) throws IOException {
    this.underlying = ByteBuffer.wrap(SERIALIZER.deserialize(in));
    this.hash = hashOf(underlying);
  }

  public <K> K getKey(Coder<K> coder) {
    return FlinkKeyUtils.decodeKey(underlying, coder);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Beam's {@code hashCode} of a key, unchanged: it decides the key's key group. */
  private static int hashOf(ByteBuffer underlying) {
    return Hashing.murmur3_128().hashBytes(underlying.array()).asInt();
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    if (this == obj) {
      return true;
    }
    if (!(obj instanceof FlinkKey)) {
      return false;
    }
    FlinkKey other = (FlinkKey) obj;
    if (spansArray(underlying) && spansArray(other.underlying)) {
      // Equal bytes are equal arrays here, hence equal hashes: the cached hash rules most out.
      return hashCode() == other.hashCode()
          && Arrays.equals(underlying.array(), other.underlying.array());
    }
    return underlying.equals(other.underlying);
  }

  /** Whether the buffer's bytes are its whole array, as every key Beam's runner builds. */
  private static boolean spansArray(ByteBuffer buffer) {
    return buffer.hasArray()
        && buffer.arrayOffset() == 0
        && buffer.position() == 0
        && buffer.limit() == buffer.array().length;
  }
}
