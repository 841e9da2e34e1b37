package dev.kappa.pipelines.options;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The one reading of a comma-separated option value: items stripped, empty items dropped. */
public final class CommaList {
  private CommaList() {}

  /** {@code "OR, ID,,CA"} is {@code [OR, ID, CA]}; an empty value is an empty list. */
  public static List<String> of(String value) {
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(item -> !item.isEmpty())
        .collect(Collectors.toList());
  }
}
