package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every profile declares the bundle {@code bin/kappa} runs it from ({@code # bundle: NAME}), and
 * that bundle's pom carries the profile's runner: a new profile that forgets it, or names the wrong
 * jar, fails here instead of with "unknown runner" on a user's machine.
 */
class ProfilesTest {
  /** The Beam artifact each runner class comes from. */
  private static final Map<String, String> RUNNER_ARTIFACT =
      Map.of(
          "DirectRunner", "beam-runners-direct-java",
          "FlinkRunner", "beam-runners-flink-1.19",
          "SparkRunner", "beam-runners-spark-3");

  static List<String> profiles() {
    return new Profiles(LocalScripts.repository().resolve("runners-config"), "direct").names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("profiles")
  void declaresABundleThatCarriesItsRunner(String profile) throws IOException {
    Path repository = LocalScripts.repository();
    Profiles profiles = new Profiles(repository.resolve("runners-config"), "direct");
    Optional<String> bundle = profiles.declaredBundle(profile);
    assertTrue(bundle.isPresent(), profile + " has no '# bundle: NAME' line");
    Path pom = repository.resolve("bundles/" + bundle.get() + "/pom.xml");
    assertTrue(Files.isRegularFile(pom), "no bundle " + pom);

    List<String> runners =
        profiles.load(profile).stream()
            .filter(arg -> arg.startsWith("--runner="))
            .map(arg -> arg.substring("--runner=".length()))
            .toList();
    assertEquals(1, runners.size(), profile + " names one runner");
    // The bundles get the DirectRunner from pipelines/, which both depend on.
    String pomText =
        Files.readString(pom) + Files.readString(repository.resolve("pipelines/pom.xml"));
    assertTrue(
        pomText.contains("<artifactId>" + RUNNER_ARTIFACT.get(runners.get(0)) + "</artifactId>"),
        "bundles/" + bundle.get() + " does not carry " + runners.get(0));
  }
}
