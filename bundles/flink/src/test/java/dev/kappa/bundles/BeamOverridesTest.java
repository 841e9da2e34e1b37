package dev.kappa.bundles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.kappa.testing.LocalFlinkCluster;
import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.junit.jupiter.api.Test;

/**
 * The Flink bundle overrides three classes of Beam's Flink runner and one of its Kafka IO (README,
 * "Overrides of Beam's Flink runner"): each is Beam 2.70.0's with one change, so a new Beam version
 * must be compared with them before they are kept; and the bundled jar must carry them, not Beam's.
 */
class BeamOverridesTest {
  private static final String OVERRIDDEN_FOR = "2.70.0";
  private static final Path OVERRIDES =
      LocalScripts.repository().resolve("bundles/flink/target/classes");

  @Test
  void beamIsTheVersionTheOverridesWereWrittenFor() {
    assertEquals(
        OVERRIDDEN_FOR,
        ReleaseInfo.getReleaseInfo().getVersion(),
        "bundles/flink overrides FlinkKey, ReaderInvocationUtil and DoFnOperator of Beam "
            + OVERRIDDEN_FOR
            + "'s Flink runner and its KafkaExactlyOnceSink: compare them with this version's,"
            + " then update or drop them and this test's version");
  }

  @Test
  void theBundledJarCarriesTheOverrides_notBeamsClasses() throws IOException {
    List<Path> overrides = overriddenClasses();
    assertFalse(overrides.isEmpty(), "no override compiled under " + OVERRIDES);
    try (ZipFile jar = new ZipFile(LocalFlinkCluster.bundledJar().toFile())) {
      for (Path override : overrides) {
        String name = OVERRIDES.relativize(override).toString();
        ZipEntry entry = jar.getEntry(name);
        assertNotNull(entry, name + " is missing from the bundled jar");
        assertArrayEquals(
            Files.readAllBytes(override),
            jar.getInputStream(entry).readAllBytes(),
            name + " in the bundled jar is not the override (Beam's own copy won?)");
      }
    }
  }

  private static List<Path> overriddenClasses() throws IOException {
    try (Stream<Path> files = Files.walk(OVERRIDES.resolve("org/apache/beam"))) {
      return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
  }
}
