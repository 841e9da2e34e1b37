package dev.kappa.launcher;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Parses a command's options with Beam's {@link PipelineOptionsFactory}, and words its one
 * unhelpful refusal: a value of the wrong type ({@code --events=abc}) comes back as Jackson's
 * "Cannot deserialize value of type `long`... at [Source: UNKNOWN...]", without the option's name.
 */
final class CommandLineOptions {
  private CommandLineOptions() {}

  static <T extends PipelineOptions> T parse(List<String> args, Class<T> type) {
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).withValidation().as(type);
    } catch (IllegalArgumentException e) {
      if (e.getCause() instanceof InvalidFormatException invalid) {
        throw new UsageException(wrongType(args, invalid));
      }
      throw e;
    }
  }

  /** "--events expects a long, got 'abc'", naming the first option given that value. */
  static String wrongType(List<String> args, InvalidFormatException invalid) {
    String value = String.valueOf(invalid.getValue());
    String option =
        args.stream()
            .filter(arg -> arg.startsWith("--") && arg.endsWith("=" + value))
            .map(arg -> arg.substring(0, arg.indexOf('=')))
            .findFirst()
            .orElse("an option");
    return option + " expects " + typeName(invalid.getTargetType()) + ", got '" + value + "'";
  }

  private static String typeName(Class<?> type) {
    if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
      return "a whole number";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    return "a " + type.getSimpleName();
  }
}
