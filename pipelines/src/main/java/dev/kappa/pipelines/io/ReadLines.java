package dev.kappa.pipelines.io;

import dev.kappa.model.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The lines of the given files, or of the files a pattern matches, each with its origin. Each
 * uncompressed file is cut into byte ranges that are spread over the workers; a line belongs to the
 * range it starts in. Compressed files (by extension, as {@code TextIO} detects them) are read
 * whole. Lines end at {@code \n}; a {@code \r} before it is dropped.
 *
 * <p>Ranges are elements read by a {@code DoFn} rather than a {@code TextIO} source: Beam's Flink
 * runner pushes a source's metrics into Flink after every record it reads, which was 14-16% of a
 * file run's CPU, and a {@code DoFn}'s once per bundle.
 */
public final class ReadLines extends PTransform<PBegin, PCollection<SourceRecord>> {
  private static final long MIN_RANGE_BYTES = 1 << 20;
  private static final long MAX_RANGE_BYTES = 16 << 20;

  /** Ranges per file, so that a single file keeps every worker busy. */
  private static final long RANGES_PER_FILE = 16;

  /** A pattern Beam matches when the job runs (remote file systems), or files already found. */
  private final String filepattern;

  private final List<String> files;
  private final String origin;

  private ReadLines(String filepattern, List<String> files, String origin) {
    this.filepattern = filepattern;
    this.files = files;
    this.origin = origin;
  }

  /** The files Beam's file systems match to {@code filepattern} when the job runs. */
  public static ReadLines matching(String filepattern) {
    return new ReadLines(filepattern, List.of(), "file:" + filepattern);
  }

  /** These files, with {@code origin} on every record. */
  public static ReadLines of(List<String> files, String origin) {
    return new ReadLines(null, List.copyOf(files), origin);
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    PCollection<MatchResult.Metadata> matched =
        filepattern != null
            ? input.apply("MatchFiles", FileIO.match().filepattern(filepattern))
            : input
                .apply("ListFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
                .apply("MatchFiles", FileIO.matchAll());
    return matched
        .apply("OpenFiles", FileIO.readMatches())
        .apply("SplitFiles", ParDo.of(new SplitFn()))
        .setCoder(KvCoder.of(ReadableFileCoder.of(), OffsetRange.Coder.of()))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadRanges", ParDo.of(new ReadRangeFn(origin)));
  }

  private static final class SplitFn
      extends DoFn<FileIO.ReadableFile, KV<FileIO.ReadableFile, OffsetRange>> {
    @ProcessElement
    public void processElement(
        @Element FileIO.ReadableFile file,
        OutputReceiver<KV<FileIO.ReadableFile, OffsetRange>> out) {
      long size = file.getMetadata().sizeBytes();
      if (file.getCompression() != Compression.UNCOMPRESSED
          || !file.getMetadata().isReadSeekEfficient()) {
        out.output(KV.of(file, new OffsetRange(0, Long.MAX_VALUE)));
        return;
      }
      long rangeBytes =
          Math.max(MIN_RANGE_BYTES, Math.min(MAX_RANGE_BYTES, size / RANGES_PER_FILE));
      for (long start = 0; start < size; start += rangeBytes) {
        out.output(KV.of(file, new OffsetRange(start, Math.min(size, start + rangeBytes))));
      }
    }
  }

  private static final class ReadRangeFn
      extends DoFn<KV<FileIO.ReadableFile, OffsetRange>, SourceRecord> {
    private final String origin;

    ReadRangeFn(String origin) {
      this.origin = origin;
    }

    @ProcessElement
    public void processElement(
        @Element KV<FileIO.ReadableFile, OffsetRange> range, OutputReceiver<SourceRecord> out)
        throws IOException {
      FileIO.ReadableFile file = range.getKey();
      long start = range.getValue().getFrom();
      long end = range.getValue().getTo();
      if (end == Long.MAX_VALUE) {
        try (InputStream in = Channels.newInputStream(file.open())) {
          readLines(new LineScanner(in, 0), end, out);
        }
        return;
      }
      try (SeekableByteChannel channel = file.openSeekable()) {
        // The line that straddles the range's start belongs to the range before.
        channel.position(Math.max(0, start - 1));
        LineScanner lines =
            new LineScanner(Channels.newInputStream(channel), Math.max(0, start - 1));
        if (start > 0) {
          lines.skipLine();
        }
        readLines(lines, end, out);
      }
    }

    private void readLines(LineScanner lines, long end, OutputReceiver<SourceRecord> out)
        throws IOException {
      while (lines.position() < end) {
        String line = lines.nextLine();
        if (line == null) {
          return;
        }
        out.output(SourceRecord.of(origin, line));
      }
    }
  }

  /** Lines of a byte stream, and the byte offset of the next one. */
  static final class LineScanner {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int next;
    private int filled;
    private long position;
    private byte[] line = new byte[1024];

    LineScanner(InputStream in, long position) {
      this.in = in;
      this.position = position;
    }

    long position() {
      return position;
    }

    /** Skips to just after the next {@code \n}. */
    void skipLine() throws IOException {
      while (fill()) {
        for (int i = next; i < filled; i++) {
          if (buffer[i] == '\n') {
            position += i + 1 - next;
            next = i + 1;
            return;
          }
        }
        position += filled - next;
        next = filled;
      }
    }

    /** The next line without its end, or null at the end of the stream. */
    String nextLine() throws IOException {
      int length = 0;
      while (fill()) {
        int i = next;
        while (i < filled && buffer[i] != '\n') {
          i++;
        }
        int chunk = i - next;
        if (length + chunk > line.length) {
          line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
        }
        System.arraycopy(buffer, next, line, length, chunk);
        length += chunk;
        position += chunk;
        next = i;
        if (i < filled) {
          next++;
          position++;
          return text(length);
        }
      }
      return length > 0 ? text(length) : null;
    }

    private String text(int length) {
      if (length > 0 && line[length - 1] == '\r') {
        length--;
      }
      return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
      if (next < filled) {
        return true;
      }
      filled = in.read(buffer);
      next = 0;
      if (filled <= 0) {
        filled = 0;
        return false;
      }
      return true;
    }
  }
}
