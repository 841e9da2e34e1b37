package dev.kappa.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The bid fields the benchmarked queries read, decoded the way a hand-written job would. */
public record BidJson(long auction, long bidder, long price, long dateTime) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bid in a wire-format line, or null for a person or an auction. */
  public static BidJson parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (!"bid".equals(node.path("type").asText())) {
        return null;
      }
      return new BidJson(
          node.get("auction").asLong(),
          node.get("bidder").asLong(),
          node.get("price").asLong(),
          node.get("dateTime").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException("benchmark input must be valid events: " + line, e);
    }
  }

  public static long windowStart(long time, long sizeMs) {
    return Math.floorDiv(time, sizeMs) * sizeMs;
  }
}
