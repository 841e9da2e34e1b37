package dev.kappa.launcher;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.beam.sdk.transforms.PTransform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CONTRIBUTING's rules for the code, checked on the classes of {@code transforms}, {@code
 * pipelines}, {@code testing} and {@code launcher} (main code only) so that they hold by build, not
 * by habit.
 */
class ConventionsTest {
  /** The composites, the event model and everything else of the transforms module. */
  private static final String[] TRANSFORMS_MODULE = {
    "dev.kappa.model..",
    "dev.kappa.codec..",
    "dev.kappa.generator..",
    "dev.kappa.metrics..",
    "dev.kappa.windowing..",
    "dev.kappa.results..",
    "dev.kappa.transforms.."
  };

  private static final String[] RUNNERS = {
    "org.apache.beam.runners..", "org.apache.flink..", "org.apache.spark.."
  };

  private static JavaClasses kappa;

  @BeforeAll
  static void importKappa() {
    // Main code only: the other modules come as jars (or class folders), their tests as test jars.
    ImportOption mainCode =
        location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
    kappa = new ClassFileImporter().withImportOption(mainCode).importPackages("dev.kappa");
  }

  @Test
  void runnersComeFromOptions_noRunnerClassIsUsedInCode() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(RUNNERS)
        .because("runners come from options and profiles, never from code")
        .check(kappa);
  }

  @Test
  void dependenciesGoOneWay_launcherToPipelinesToTransforms() {
    noClasses()
        .that()
        .resideInAnyPackage(TRANSFORMS_MODULE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.kappa.pipelines..", "dev.kappa.launcher..")
        .check(kappa);
    noClasses()
        .that()
        .resideInAPackage("dev.kappa.pipelines..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kappa.launcher..")
        .check(kappa);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.kappa.testing..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.kappa.testing..")
        .because("the models and local servers are for tests and benchmarks, not for jobs")
        .check(kappa);
  }

  @Test
  void onlyTheLauncherTheConsoleSinksAndTheTestServersPrint() {
    NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
        .because(
            "a composite or a pipeline reports through counters, dead letters and its"
                + " sinks (the console ones in pipelines.io); the launcher prints the rest, and"
                + " the local servers of the tests say what they start")
        .check(
            kappa.that(
                not(
                    resideInAnyPackage(
                        "dev.kappa.launcher..",
                        "dev.kappa.pipelines.io..",
                        "dev.kappa.testing.."))));
  }

  @Test
  void oneCompositePerFile_publicCompositesAreTopLevel() {
    classes()
        .that()
        .resideInAPackage("dev.kappa.transforms..")
        .and()
        .areAssignableTo(PTransform.class)
        .and()
        .arePublic()
        .should()
        .beTopLevelClasses()
        .because("transforms/ holds one public composite per file")
        .check(kappa);
  }
}
