package dev.kappa.launcher;

import dev.kappa.pipelines.KappaPipeline;
import java.beans.Introspector;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
    for (Class<?> options : kappaInterfaces(pipeline.optionsClass())) {
      help.append('\n').append(title(options, pipeline)).append(":\n");
      List<Method> getters = new ArrayList<>(List.of(options.getDeclaredMethods()));
      getters.sort(Comparator.comparing(OptionsHelp::property));
      for (Method getter : getters) {
        Description description = getter.getAnnotation(Description.class);
        if (description == null) {
          continue;
        }
        help.append(String.format("  --%s (default: %s)%n", property(getter), defaultValue(getter)));
        help.append("      ").append(description.value()).append('\n');
      }
    }
    help.append("\nRunner: --env=PROFILE (runners-config/PROFILE.options) or --runner=NAME;")
        .append(" the command line wins over the profile.\n");
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

  /** "auction-stats options" for the pipeline's own, "Windowed options" for WindowedOptions. */
  private static String title(Class<?> options, KappaPipeline<?> pipeline) {
    if (options == pipeline.optionsClass()) {
      return pipeline.name() + " options";
    }
    return options.getSimpleName().replaceAll("Options$", "") + " options";
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
