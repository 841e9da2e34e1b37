package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.testing.LocalFlinkCluster;
import dev.kappa.testing.LocalScripts;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Flink Kubernetes operator's {@code FlinkDeployment} in {@code runners-config/kubernetes},
 * parsed and checked against what it runs, since no Kubernetes runs here: the bundle's jar and the
 * launcher's main class, arguments the launcher plans into a run on the Flink runner (attached, as
 * application mode runs the main in the JobManager, with the operator's parallelism), and the
 * profile's max parallelism, so that its savepoints restore on the operator's cluster.
 */
class FlinkDeploymentTest {
  private static final Path DEPLOYMENT =
      LocalScripts.repository().resolve("runners-config/kubernetes/flink-deployment.yaml");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent.get(key);
    assertTrue(child instanceof Map, key + " in " + parent);
    return (Map<String, Object>) child;
  }

  private static Map<String, Object> deployment() throws IOException {
    try (Reader reader = Files.newBufferedReader(DEPLOYMENT)) {
      return new Yaml().load(reader);
    }
  }

  @Test
  void itIsAFlinkDeploymentOfTheBundleInApplicationMode() throws IOException {
    Map<String, Object> deployment = deployment();
    assertEquals("flink.apache.org/v1beta1", deployment.get("apiVersion"));
    assertEquals("FlinkDeployment", deployment.get("kind"));
    Map<String, Object> spec = map(deployment, "spec");
    assertEquals("v1_19", spec.get("flinkVersion"));
    Map<String, Object> job = map(spec, "job");
    assertEquals(Kappa.class.getName(), job.get("entryClass"));
    assertEquals(
        "local:///opt/flink/usrlib/" + LocalFlinkCluster.bundledJar().getFileName(),
        job.get("jarURI"));
    assertEquals("savepoint", job.get("upgradeMode"));
  }

  @Test
  void itsArgumentsPlanALiveRunOnTheFlinkRunner_atTheOperatorsParallelism() throws IOException {
    Map<String, Object> job = map(map(deployment(), "spec"), "job");
    @SuppressWarnings("unchecked")
    List<String> args = new ArrayList<>((List<String>) job.get("args"));
    assertEquals("run", args.remove(0));
    LaunchRequest request = LaunchArguments.parse(args.subList(1, args.size()));
    List<String> resolved =
        new Profiles(LocalScripts.repository().resolve("runners-config"), "direct")
            .resolve(request.profile(), request.options());

    LaunchPlan<?> plan =
        LaunchPlan.of(KnownPipelines.named(args.get(0)), resolved, Optional.empty(), false);

    assertEquals(LaunchPlan.Mode.LIVE, plan.mode());
    assertEquals("FlinkRunner", plan.runner());
    assertTrue(plan.cluster().isEmpty(), "[auto]: the cluster the main runs in");
    assertFalse(plan.detached(), "the main stays with its job, as application mode expects");
    assertEquals(OptionalInt.of(-1), ReadParallelism.of(resolved));
    FlinkPipelineOptions flink = plan.options().as(FlinkPipelineOptions.class);
    assertEquals(
        Integer.parseInt(
            String.valueOf(
                map(map(deployment(), "spec"), "flinkConfiguration")
                    .get("pipeline.max-parallelism"))),
        flink.getMaxParallelism());
    assertTrue((Integer) job.get("parallelism") <= flink.getMaxParallelism());
  }
}
