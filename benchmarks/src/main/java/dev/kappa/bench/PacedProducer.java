package dev.kappa.bench;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a run's events to the topic on the wall clock: each at {@code start} plus its offset in the
 * run's schedule ({@link LiveEvents#sendOffsetNanos}, never earlier), so its event time is at or
 * just before the moment it is appended. The broker's acknowledgement time of each latency sample
 * is kept: that is when the event is in the log.
 */
final class PacedProducer {
  private PacedProducer() {}

  /**
   * Sends every event, starting at {@code startMillis} (epoch), and returns the append times of the
   * samples (epoch ms, in sample order). Fails if the broker refused any record.
   */
  static long[] send(String bootstrapServers, String topic, LiveEvents events, long startMillis) {
    long[] appended = new long[events.samples];
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrapServers)) {
      long startNanos = System.nanoTime() + (startMillis - System.currentTimeMillis()) * 1_000_000;
      int sample = 0;
      for (int i = 0; i < events.size(); i++) {
        long wait = startNanos + events.sendOffsetNanos(i) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        int thisSample = sample < events.samples && events.sampleEvent[sample] == i ? sample++ : -1;
        producer.send(
            new ProducerRecord<>(
                topic, null, events.eventTimes[i], events.keys[i], events.values[i]),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else if (thisSample >= 0) {
                appended[thisSample] = System.currentTimeMillis();
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("the broker refused a record", failure.get());
    }
    return appended;
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    // A few milliseconds of batching, as a live producer would use; it is part of the latency.
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }
}
