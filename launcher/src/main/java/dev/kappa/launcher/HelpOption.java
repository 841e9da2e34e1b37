package dev.kappa.launcher;

import picocli.CommandLine.Option;

/**
 * {@code -h}/{@code --help}, mixed into every command. Not picocli's standard help options: their
 * {@code --version} would take the pipelines' {@code --version=V}.
 */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Shows this help.")
  private boolean help;
}
