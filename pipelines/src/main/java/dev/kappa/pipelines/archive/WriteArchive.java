package dev.kappa.pipelines.archive;

import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes one round of the archive into a staging folder: a gzip JSON lines file ({@link
 * ArchiveLine}) per partition and event-time hour, named by the round's range of that partition
 * ({@link ArchiveFiles}). A file appears under its name only once it is complete; the launcher
 * publishes the round (moves the files and lists them in the manifest) after the job has ended. The
 * output is the relative path of each file written.
 */
public final class WriteArchive extends PTransform<PCollection<LogRecord>, PCollection<String>> {
  private final String topic;
  private final String staging;
  private final List<PartitionRange> round;

  private WriteArchive(String topic, String staging, List<PartitionRange> round) {
    this.topic = topic;
    this.staging = staging;
    this.round = List.copyOf(round);
  }

  /**
   * Writes the records of {@code round} (offsets of {@code topic}) under local folder {@code
   * staging}.
   */
  public static WriteArchive to(String topic, Path staging, List<PartitionRange> round) {
    return new WriteArchive(topic, staging.toString(), round);
  }

  @Override
  public PCollection<String> expand(PCollection<LogRecord> records) {
    if (round.isEmpty()) {
      throw new IllegalArgumentException("an archive round needs the ranges it copies");
    }
    Map<Integer, PartitionRange> ranges = new HashMap<>();
    round.forEach(range -> ranges.put(range.partition(), range));
    return records
        .apply(
            "ByFile",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(LogRecord.class)))
                .via(record -> KV.of(fileOf(topic, ranges, record), record)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), LogRecord.Coder.of()))
        .apply("GroupByFile", GroupByKey.create())
        .apply("WriteFiles", ParDo.of(new WriteFileFn(staging)));
  }

  private static String fileOf(
      String topic, Map<Integer, PartitionRange> ranges, LogRecord record) {
    PartitionRange range = ranges.get(record.partition());
    if (range == null || record.offset() < range.start() || record.offset() >= range.end()) {
      throw new IllegalStateException(
          "record "
              + record.partition()
              + "@"
              + record.offset()
              + " is not in this round's ranges");
    }
    return ArchiveFiles.path(topic, ArchiveLine.eventHour(record), range);
  }

  private static final class WriteFileFn extends DoFn<KV<String, Iterable<LogRecord>>, String> {
    private final String staging;

    WriteFileFn(String staging) {
      this.staging = staging;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<LogRecord>> file, OutputReceiver<String> out)
        throws IOException {
      Path target = Path.of(staging).resolve(file.getKey());
      Files.createDirectories(target.getParent());
      // Written aside and renamed when complete: a retried bundle never leaves half a file
      // under the name the launcher publishes.
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      try (Writer lines =
          new BufferedWriter(
              new OutputStreamWriter(
                  new GZIPOutputStream(Files.newOutputStream(partial), 1 << 16),
                  StandardCharsets.UTF_8),
              1 << 16)) {
        for (LogRecord record : file.getValue()) {
          lines.write(ArchiveLine.encode(record));
          lines.write('\n');
        }
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.output(file.getKey());
    }
  }
}
