package dev.kappa.pipelines.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kappa.generator.EventGenerator;
import dev.kappa.generator.GeneratorConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte scan of {@link PayloadEventTime} answers exactly as Jackson's parser does, or leaves the
 * record to it.
 */
class PayloadEventTimeTest {
  @Test
  void generatedRecords_areScannedToTheirDateTime() {
    EventGenerator generator = new EventGenerator(GeneratorConfig.builder().build());
    for (long i = 0; i < 2_000; i++) {
      byte[] json = bytes(generator.json(i));
      assertEquals(generator.event(i).dateTime(), PayloadEventTime.scan(json));
      assertEquals(PayloadEventTime.parse(json), PayloadEventTime.dateTime(json));
    }
  }

  @Test
  void unusualRecords_getTheParsersAnswer() {
    for (String json :
        List.of(
            "{}",
            "",
            "[1]",
            " {\"dateTime\":5}",
            "{\"dateTime\":-5}",
            "{\"dateTime\":05}",
            "{\"dateTime\":5.0}",
            "{\"dateTime\":5e3}",
            "{\"dateTime\":\"5\"}",
            "{\"dateTime\":5",
            "{\"dateTime\":99999999999999999999}",
            "{\"dateTime\":123456789012345678}",
            "{\"date\\u0054ime\":7}",
            "{\"a\":{\"dateTime\":1},\"dateTime\":2}",
            "{\"a\":\"x\\\"dateTime\\\":1\",\"dateTime\":2}",
            "{\"a\":01,\"dateTime\":2}",
            "{\"a\":1.5,\"dateTime\":2}",
            "{\"a\":truex,\"dateTime\":2}",
            "{\"a\":null,\"dateTime\":0}",
            "{\"dateTime\":1,\"dateTime\":2}",
            "{\"a\":\"é\",\"dateTime\":3}",
            "{\"a\":1}",
            "{\"a\":1}garbage",
            "{\"dateTime\":7}garbage",
            "{\"a\" :1,\"dateTime\":2}",
            "{\"a\":-0,\"dateTime\":2}",
            "{\"a\":\"\t\",\"dateTime\":2}")) {
      byte[] bytes = bytes(json);
      assertEquals(PayloadEventTime.parse(bytes), PayloadEventTime.dateTime(bytes), json);
    }
    assertNull(PayloadEventTime.dateTime(bytes("{\"a\":1}")));
  }

  @Test
  void mutatedRecords_getTheParsersAnswer() {
    EventGenerator generator = new EventGenerator(GeneratorConfig.builder().seed(7).build());
    Random random = new Random(7);
    byte[] alphabet = bytes("{}[]\":,.-+0123456789eEtrufalsn \\x\u00e9");
    for (long i = 0; i < 200_000; i++) {
      byte[] json = bytes(generator.json(i % 5_000));
      for (int m = random.nextInt(3); m >= 0; m--) {
        json[random.nextInt(json.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      assertEquals(
          PayloadEventTime.parse(json),
          PayloadEventTime.dateTime(json),
          new String(json, StandardCharsets.UTF_8));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
