package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import dev.kappa.pipelines.options.FixedWindowOptions;
import dev.kappa.pipelines.options.GeneratorOptions;
import dev.kappa.pipelines.options.KafkaOptions;
import dev.kappa.pipelines.options.KappaOptions;
import dev.kappa.pipelines.options.WindowedOptions;
import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * {@code kappa help PIPELINE}: the options Kappa declares for a pipeline (its own first, then the
 * shared ones), each with its description and default. Beam's and the runners' own options are
 * listed by {@code --help} through Beam.
 */
final class OptionsHelp {
  private OptionsHelp() {}

  static String of(KappaPipeline<?> pipeline) {
    StringBuilder help = new StringBuilder();
    help.append(pipeline.name()).append(": ").append(pipeline.description()).append("\n\n");
    help.append("usage: kappa run ").append(pipeline.name()).append(" [--env=PROFILE] [options]\n");
    help.append(listing(pipeline.optionsClass(), options -> title(options, pipeline)));
    help.append("\nRunner: --env=PROFILE (runners-config/PROFILE.options) or --runner=NAME;")
        .append(" the command line wins over the profile.\n");
    return help.toString();
  }

  /** The options of {@code command}, which Beam parses ({@code generate}, {@code produce}, ...). */
  static String of(String command, Class<?> optionsClass) {
    return listing(
        optionsClass, options -> SHARED_TITLES.getOrDefault(options, command + " options"));
  }

  /** Each Kappa interface of {@code optionsClass} under its title, its options with defaults. */
  private static String listing(Class<?> optionsClass, Function<Class<?>, String> titles) {
    StringBuilder help = new StringBuilder();
    for (Class<?> options : kappaInterfaces(optionsClass)) {
      List<Method> getters = new ArrayList<>();
      for (Method method : options.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Description.class)) {
          getters.add(method);
        }
      }
      if (getters.isEmpty()) {
        continue;
      }
      help.append('\n').append(titles.apply(options)).append(":\n");
      getters.sort(Comparator.comparing(OptionsHelp::property));
      for (Method getter : getters) {
        Description description = getter.getAnnotation(Description.class);
        help.append(
            String.format("  --%s (default: %s)%n", property(getter), defaultValue(getter)));
        help.append("      ").append(description.value()).append('\n');
      }
    }
    return help.toString();
  }

  /** The options interface and the Kappa interfaces it extends, nearest first. */
  private static List<Class<?>> kappaInterfaces(Class<?> optionsClass) {
    Set<Class<?>> seen = new LinkedHashSet<>();
    Deque<Class<?>> queue = new ArrayDeque<>(List.of(optionsClass));
    while (!queue.isEmpty()) {
      Class<?> next = queue.removeFirst();
      if (next.getName().startsWith("dev.kappa.") && seen.add(next)) {
        queue.addAll(List.of(next.getInterfaces()));
      }
    }
    return new ArrayList<>(seen);
  }

  private static final Map<Class<?>, String> SHARED_TITLES =
      Map.of(
          FixedWindowOptions.class, "Window options",
          WindowedOptions.class, "Trigger options (every windowed pipeline)",
          KappaOptions.class, "Source and sink options (every pipeline)",
          KafkaOptions.class, "Kafka options",
          GeneratorOptions.class, "Generator options (--source=generator, kappa generate)");

  /** "hot-auctions options" for the pipeline's own interface, a plain title for shared ones. */
  private static String title(Class<?> options, KappaPipeline<?> pipeline) {
    if (options == pipeline.optionsClass()) {
      return pipeline.name() + " options";
    }
    return SHARED_TITLES.getOrDefault(options, options.getSimpleName());
  }

  private static String property(Method getter) {
    String name = getter.getName();
    return Introspector.decapitalize(name.substring(name.startsWith("is") ? 2 : 3));
  }

  private static String defaultValue(Method getter) {
    for (Annotation annotation : getter.getAnnotations()) {
      if (annotation.annotationType().getEnclosingClass() == Default.class) {
        try {
          Object value = annotation.annotationType().getMethod("value").invoke(annotation);
          return String.valueOf(value).isEmpty() ? "none" : String.valueOf(value);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("unreadable default on " + getter, e);
        }
      }
    }
    return "(no default)";
  }
}
