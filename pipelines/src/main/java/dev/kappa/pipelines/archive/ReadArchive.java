package dev.kappa.pipelines.archive;

import dev.kappa.metrics.KappaMetrics;
import dev.kappa.model.SourceRecord;
import dev.kappa.pipelines.archive.ArchiveManifest.ArchiveFile;
import dev.kappa.pipelines.kafka.PartitionRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Offset ranges of a topic read back from its archive, as a bounded input: the manifest's files
 * that hold any of them, spread over the workers, each read whole and its records outside the
 * ranges skipped. Records come out as a replay of the topic gives them (the same origin {@code
 * kafka:TOPIC/PARTITION@OFFSET}, the same rejections), so results and dead letters do not depend on
 * where a record was read from. Counts them as {@code kappa/archiveRecordsRead}.
 */
public final class ReadArchive extends PTransform<PBegin, PCollection<SourceRecord>> {
  private final String folder;
  private final String topic;
  private final List<ArchiveFile> files;
  private final List<PartitionRange> ranges;

  private ReadArchive(
      String folder, String topic, List<ArchiveFile> files, List<PartitionRange> ranges) {
    this.folder = folder;
    this.topic = topic;
    this.files = List.copyOf(files);
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Reads {@code ranges} of the topic whose archive is under {@code archive}, as {@code manifest}
   * lists it.
   */
  public static ReadArchive of(
      Path archive, ArchiveManifest manifest, List<PartitionRange> ranges) {
    List<ArchiveFile> needed =
        manifest.files().stream().filter(file -> overlaps(file, ranges)).toList();
    return new ReadArchive(
        ArchiveManifest.folder(archive, manifest.topic()).toString(),
        manifest.topic(),
        needed,
        ranges);
  }

  private static boolean overlaps(ArchiveFile file, List<PartitionRange> ranges) {
    return ranges.stream()
        .anyMatch(
            range ->
                range.partition() == file.partition()
                    && range.start() < file.end()
                    && file.start() < range.end());
  }

  /** Records the ranges hold. */
  public long records() {
    return ranges.stream().mapToLong(PartitionRange::size).sum();
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "the archive of '" + topic + "' under " + folder + " holds none of " + ranges);
    }
    return input
        .apply("ListFiles", Create.of(files).withCoder(SerializableCoder.of(ArchiveFile.class)))
        .apply("SpreadFiles", Reshuffle.viaRandomKey())
        .apply("ReadFiles", ParDo.of(new ReadFileFn(folder, topic, ranges)));
  }

  private static final class ReadFileFn extends DoFn<ArchiveFile, SourceRecord> {
    private final String folder;
    private final String topic;
    private final Map<Integer, PartitionRange> ranges = new HashMap<>();
    private final Counter read = KappaMetrics.counter(KappaMetrics.ARCHIVE_RECORDS_READ);

    ReadFileFn(String folder, String topic, List<PartitionRange> ranges) {
      this.folder = folder;
      this.topic = topic;
      ranges.forEach(range -> this.ranges.put(range.partition(), range));
    }

    @ProcessElement
    public void processElement(@Element ArchiveFile file, OutputReceiver<SourceRecord> out)
        throws IOException {
      PartitionRange wanted = ranges.get(file.partition());
      Path path = Path.of(folder).resolve(file.path());
      try (BufferedReader lines = ArchiveFiles.lines(path)) {
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          number++;
          LogRecord record = decode(line, path, number);
          if (record.offset() >= wanted.start() && record.offset() < wanted.end()) {
            read.inc();
            out.output(
                PartitionRange.sourceRecord(
                    topic, record.partition(), record.offset(), record.value()));
          }
        }
      }
    }

    private static LogRecord decode(String line, Path path, long number) throws IOException {
      try {
        return ArchiveLine.decode(line);
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "archive file "
                + path
                + " line "
                + number
                + " is not an archived record: "
                + e.getMessage(),
            e);
      }
    }
  }
}
