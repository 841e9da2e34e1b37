package dev.kappa.launcher;

import dev.kappa.pipelines.serving.ServingDatabaseUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kappa} command line, its entry point: picocli reads the command and the options the
 * launcher declares and hands the rest (the pipeline's own options) on to Beam; this class turns
 * what comes back into an exit code: 0 done, 1 failed, 2 a usage error or a service that does not
 * answer (one line on stderr, no stack trace), 3 unhealthy or refused. The runner comes from {@code
 * --env=PROFILE} or {@code --runner}, never from code.
 */
@Command(
    name = "kappa",
    synopsisSubcommandLabel = "COMMAND",
    description =
        "Runs Kappa pipelines live on a Kafka topic or over a file, replays and reprocesses the"
            + " log into a new version of the serving tables, switches readers after checking it,"
            + " and reports their state; on the DirectRunner, Flink or Spark.",
    footer = {
      "",
      "A pipeline's own options: kappa help PIPELINE. A command's: kappa COMMAND --help.",
      "Exit codes: 0 done, 1 failed, 2 usage error or a service that does not answer,"
          + " 3 unhealthy or refused."
    })
public final class Kappa implements Callable<Integer> {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /** {@code status}: unhealthy; {@code reprocess}: the new version failed its check, no switch. */
  static final int UNHEALTHY = 3;

  @Mixin private HelpOption help;
  @Spec private CommandSpec spec;

  private final Launcher launcher;
  private final PrintStream out;
  private final PrintStream err;

  /** The kappa command; {@code defaultProfile} is the profile of runs without {@code --env}. */
  Kappa(Path home, String defaultProfile, PrintStream out, PrintStream err) {
    this.launcher = new Launcher(new Profiles(home.resolve("runners-config"), defaultProfile), err);
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(fromEnvironment().execute(List.of(args)));
  }

  private static Kappa fromEnvironment() {
    return new Kappa(
        Path.of(System.getProperty("kappa.home", ".")),
        Profiles.DEFAULT_PROFILE,
        System.out,
        System.err);
  }

  int execute(List<String> args) {
    return commandLine().execute(args.toArray(new String[0]));
  }

  /** {@code kappa} alone. */
  @Override
  public Integer call() {
    List<String> commands =
        spec.subcommands().entrySet().stream()
            .filter(command -> !command.getValue().getCommandSpec().usageMessage().hidden())
            .map(Map.Entry::getKey)
            .toList();
    throw new UsageException(
        "no command (" + String.join(", ", commands) + "); see 'kappa --help'");
  }

  private CommandLine commandLine() {
    CommandLine line = new CommandLine(this);
    line.addSubcommand(new ListCommand(out));
    line.addSubcommand(new HelpCommand(out));
    line.addSubcommand(new RunCommand(launcher, err));
    line.addSubcommand(new ReplayCommand(launcher, err));
    line.addSubcommand(new ReprocessCommand(launcher, err));
    line.addSubcommand(new ArchiveCommand(launcher, err));
    line.addSubcommand(new StopCommand(launcher, out, err));
    line.addSubcommand(new StatusCommand(launcher, out));
    line.addSubcommand(new VerifyCommand(launcher, out, err));
    line.addSubcommand(new SwitchCommand(err));
    line.addSubcommand(new GenerateCommand(err));
    line.addSubcommand(new ProduceCommand(err));
    line.addSubcommand(new DemoCommand(launcher, out, err));
    line.addSubcommand(new BundleCommand(launcher, out));
    optionsListedBelow(line, "reprocess", ReprocessOptions.class);
    optionsListedBelow(line, "generate", GenerateCommand.Options.class);
    optionsListedBelow(line, "produce", ProduceCommand.Options.class);
    optionsListedBelow(line, "demo", DemoCommand.Options.class);
    // Set after the subcommands: picocli passes these settings down to the ones it has.
    line.setExpandAtFiles(false);
    // "--sink --events=5" is a missing value, not a sink named "--events=5".
    line.setUnmatchedOptionsAllowedAsOptionParameters(false);
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.getSubcommands().values().stream()
        .filter(command -> !command.getCommandSpec().unmatchedArgsBindings().isEmpty())
        .forEach(Kappa::handsOptionsOnToBeam);
    line.setParameterExceptionHandler(this::usageError);
    line.setExecutionExceptionHandler(this::failure);
    return line;
  }

  /**
   * A command whose other options are Beam's: picocli lets them through (a subcommand takes its
   * parent's parser settings, which refuse them) and its usage line shows where they go.
   */
  private static void handsOptionsOnToBeam(CommandLine command) {
    command.setUnmatchedArgumentsAllowed(true);
    Map<String, IHelpSectionRenderer> sections = command.getHelpSectionMap();
    IHelpSectionRenderer synopsis = sections.get(UsageMessageSpec.SECTION_KEY_SYNOPSIS);
    sections.put(
        UsageMessageSpec.SECTION_KEY_SYNOPSIS,
        help -> synopsis.render(help).stripTrailing() + " [--OPTION=VALUE...]\n");
  }

  /**
   * The Beam options of {@code command} at the end of its help, as written (a footer would be read
   * as a format string and markup).
   */
  private static void optionsListedBelow(CommandLine line, String command, Class<?> options) {
    CommandLine subcommand = line.getSubcommands().get(command);
    String key = "beamOptions";
    subcommand.getHelpSectionMap().put(key, help -> OptionsHelp.of(command, options));
    List<String> keys = new ArrayList<>(subcommand.getHelpSectionKeys());
    keys.add(key);
    subcommand.setHelpSectionKeys(keys);
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String where = command.getParent() == null ? "kappa" : "kappa " + command.getCommandName();
    String problem = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null) {
      problem = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    err.println("kappa: " + problem + "; see '" + where + " --help'");
    return USAGE;
  }

  private int failure(Exception e, CommandLine command, ParseResult parsed) throws Exception {
    if (e instanceof UsageException || e instanceof IllegalArgumentException) {
      err.println("kappa: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof IOException) {
      err.println("kappa: " + e);
      return FAILED;
    }
    if (e instanceof Launcher.RunFailedException failed) {
      Optional<String> explained = explainedFailure(failed.getCause());
      err.println(
          "kappa: "
              + failed.getMessage()
              + ": "
              + explained.orElseGet(() -> rootCause(failed.getCause())));
      if (explained.isEmpty()) {
        failed.getCause().printStackTrace(err);
      }
      return FAILED;
    }
    throw e;
  }

  /**
   * The message of a failure that says all there is to say (the serving database did not come
   * back), whose stack trace would only bury it. Matched by name: a runner may hand the cause back
   * as a serialized copy (Flink's SerializedThrowable), whose toString is the original's.
   */
  private static Optional<String> explainedFailure(Throwable e) {
    String prefix = ServingDatabaseUnavailableException.class.getName() + ": ";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.toString().startsWith(prefix)) {
        return Optional.of(cause.toString().substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.toString();
  }
}
