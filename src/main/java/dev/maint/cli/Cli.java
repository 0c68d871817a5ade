package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.runbook.RunbookException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * Builds the picocli command tree and maps every outcome to an exit code. Errors print as one
 * line: {@code FILE:LINE:COLUMN: message} for a runbook, {@code maint: message} for the rest.
 */
public final class Cli {
  private Cli() {}

  /**
   * Runs {@code maint} with these arguments.
   *
   * @return the exit code (see {@link ExitCode})
   */
  public static int run(CliContext context, String... args) {
    try {
      return runCommand(context, args);
    } catch (Error e) {
      // An Error (StackOverflowError, OutOfMemoryError, ExceptionInInitializerError, a failed
      // assert) is a bug in maint like any unexpected exception: picocli passes Errors through
      // its handlers, and the JVM would print a stack trace and exit 1. Those thrown while a
      // command runs are met by the execution strategy (which knows --verbose from the parsed
      // line); these came before one ran (the configured defaults, a converter, help, completion).
      return internalError(e, context.err(), verboseWord(args));
    }
  }

  private static int runCommand(CliContext context, String... args) {
    // picocli would build the root command by reflection (its annotations' proxies, tens of
    // milliseconds on a cold JVM) only to print these two lines, as printVersionHelp would.
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      for (String line : new VersionProvider().getVersion()) {
        context.out().println(line);
      }
      context.out().flush();
      return ExitCode.OK;
    }
    // Help as picocli renders it, but rendered when the jar was built: building the commands to
    // print it cost more than the JVM's start (see RenderedHelp).
    Optional<String> help = renderedHelp(context, args);
    if (help.isPresent()) {
      context.out().print(help.get());
      context.out().flush();
      // maint alone shows the help as a usage error, as MaintCommand does.
      return args.length == 0 ? ExitCode.USAGE : ExitCode.OK;
    }
    // Shell completion asks on every Tab press: answered before picocli builds any command, and
    // hidden from the help (see Completer).
    if (args.length > 0 && args[0].equals(Completer.COMMAND)) {
      return Completer.run(context, Arrays.copyOfRange(args, 1, args.length));
    }
    return commandLine(context, args).execute(args);
  }

  /**
   * The help {@code args} ask for ({@code maint}, {@code maint -h|--help}, {@code maint COMMAND
   * -h|--help}) when it was rendered at build time for this process; empty for anything else. A
   * command's help is picocli's only when picocli can give it the configured defaults: it applies
   * them before it sees {@code --help}, and says what is wrong with them instead.
   */
  private static Optional<String> renderedHelp(CliContext context, String[] args) {
    if (args.length == 0 || args.length == 1 && isHelp(args[0])) {
      return RenderedHelp.text(null);
    }
    if (args.length == 2 && isHelp(args[1]) && ConfigDefaults.applicable(context)) {
      return RenderedHelp.text(args[0]);
    }
    return Optional.empty();
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }

  /** The whole command tree, every command built, with writers, exception handler and exit-code mapping set. */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, null);
  }

  /**
   * The command tree for running {@code args}: only the command they name is built (see {@link
   * Commands}); the whole tree when {@code args} is null.
   */
  static CommandLine commandLine(CliContext context, String[] line) {
    // picocli's tracer prints developer warnings on stderr (e.g. "[picocli WARN] Unbalanced quotes"
    // for a --set value holding one double quote, which maint passes on unchanged): an operator
    // must see only maint's own one-line messages. -Dpicocli.trace=... still turns it on.
    if (System.getProperty("picocli.trace") == null) {
      System.setProperty("picocli.trace", "OFF");
    }
    Commands commands = commands(context);
    if (line != null && "check".equals(commands.named(line))) {
      // Reading the JDK trust store and starting JSSE take as long as building the commands
      // below: on another core, they are done by the time the probe needs them.
      CheckCommand.prepare(line);
    }
    CommandLine root = new CommandLine(new MaintCommand(commands), new ContextFactory(context));
    root.setCaseInsensitiveEnumValuesAllowed(true);
    commands.addTo(root, line);
    EnumConverter.registerAll(root);
    // After the commands are added: picocli gives the provider to the subcommands present now.
    root.setDefaultValueProvider(new ConfigDefaults(context));
    root.setOut(context.out());
    root.setErr(context.err());
    root.setExecutionExceptionHandler((e, cmd, parseResult) -> handle(e, cmd, verbose(parseResult)));
    CommandLine.IExecutionStrategy runLast = new CommandLine.RunLast();
    root.setExecutionStrategy(parseResult -> {
      unusableValues(parseResult);
      try {
        return runLast.execute(parseResult);
      } catch (Error e) {
        // picocli hands only Exceptions to the execution exception handler.
        return internalError(e, context.err(), verbose(parseResult));
      }
    });
    root.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      // The message quotes what was typed (an option, a command, a value): an escape sequence or a
      // bidirectional control in it is shown escaped (OneLine.escape), never sent to the terminal.
      err.println("maint: " + dev.maint.text.OneLine.escape(UsageMessage.of(e, root)));
      // A wrong value is said in one line; a word maint does not know also points at the help.
      if (e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException m
          && m.getMissing().stream().noneMatch(CommandLine.Model.ArgSpec::isOption)) {
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      err.flush();
      return ExitCode.USAGE;
    });
    return root;
  }

  /**
   * Every subcommand, in the order {@code maint --help} lists them. A new command is one line here.
   */
  private static Commands commands(CliContext context) {
    Commands c = new Commands();
    MaintCommand.addCadenceCommands(c, context);
    c.add("list", ListCommand.class, () -> new CommandLine(new ListCommand(context)));
    c.add("show", ShowCommand.class, () -> new CommandLine(new ShowCommand(context)));
    c.add("validate", ValidateCommand.class, () -> new CommandLine(new ValidateCommand(context)));
    c.add("sessions", SessionsCommand.class, () -> new CommandLine(new SessionsCommand(context)));
    c.add("check", CheckCommand.class, () -> new CommandLine(new CheckCommand(context)));
    c.add("log", LogCommand.class,
        () -> new CommandLine(new LogCommand(context)).addSubcommand(new LogCommand.Show(context)));
    c.add("completion", CompletionCommand.class, () -> new CommandLine(new CompletionCommand()));
    c.add("config", ConfigCommand.class, () -> new CommandLine(new ConfigCommand(context)));
    c.add("calendar", CalendarCommand.class, () -> new CommandLine(new CalendarCommand(context)));
    c.add("due", DueCommand.class, () -> new CommandLine(new DueCommand(context)));
    c.add("windows", WindowsCommand.class, () -> new CommandLine(new WindowsCommand(context)));
    c.add("site", SiteCommand.class, () -> new CommandLine(new SiteCommand(context)));
    c.add("run", RunCommand.class, () -> new CommandLine(new RunCommand(context)));
    c.add("import", ImportCommand.class, () -> new CommandLine(new ImportCommand(context)));
    c.add("render", RenderCommand.class, () -> new CommandLine(new RenderCommand(context)));
    // These mix in the walk options of WalkCommand, which the factory makes with the context.
    c.add("emergency", EmergencyCommand.class,
        () -> new CommandLine(new EmergencyCommand(context), new ContextFactory(context)));
    c.add("rollback", RollbackCommand.class,
        () -> new CommandLine(new RollbackCommand(context), new ContextFactory(context)));
    c.add("walk", WalkAnyCommand.class, () -> new CommandLine(new WalkAnyCommand(), new ContextFactory(context)));
    return c;
  }

  /**
   * Refuses an option value that could only fail later or act as something else, for every
   * command and every option that takes one:
   *
   * <ul>
   *   <li>an empty value: a blank single value ({@code --start-at ''}, {@code --env ''}, {@code
   *       --repo ''}, {@code --push=}), which would otherwise act as if the option were not given
   *       or name the current folder, and a comma-separated value with an empty item ({@code
   *       --only ,,}, {@code --skip a,}, {@code --report ,}), which picocli drops, so that an
   *       option whose items all vanished would act as if it were not given (an {@code --only} of
   *       nothing walking every step);
   *   <li>a NUL character, which no command line, path or environment can carry on to a command;
   *   <li>U+FFFD, what the JVM makes of bytes of the command line that are not valid UTF-8: the
   *       value typed is lost, and a command would get another one silently.
   * </ul>
   *
   * Checked after parsing and before the command runs, so nothing has been done yet. A value of
   * {@code --set NAME=VALUE} (a map option) may be a secret: the message names its option and
   * variable, never the value.
   *
   * @throws CommandLine.ParameterException usage (exit 2), naming the option and the value as typed
   */
  static void unusableValues(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      for (CommandLine.Model.OptionSpec option : p.matchedOptions()) {
        if (option.arity().max() == 0) {
          continue;
        }
        String split = option.splitRegex();
        boolean map = java.util.Map.class.isAssignableFrom(option.type());
        for (String value : option.originalStringValues()) {
          String problem = value.isBlank() ? "an empty value (expected " + option.paramLabel() + ")"
              : !split.isEmpty() && Arrays.stream(value.split(split, -1)).anyMatch(String::isBlank)
                  ? "an empty item (a list is comma-separated names, none of them empty)"
                  : UsageMessage.unusable(value);
          if (problem != null) {
            String what = map && !value.isBlank() ? option.longestName() + " " + value.substring(0, Math.max(0, value.indexOf('=')))
                : option.longestName() + " '" + dev.maint.text.OneLine.escape(value) + "'";
            throw new CommandLine.ParameterException(p.commandSpec().commandLine(), what + ": " + problem, option, value);
          }
        }
      }
    }
  }

  /** Whether {@code -v} was given to any command of the line, also clustered as in {@code -qv}. */
  private static boolean verbose(CommandLine.ParseResult parseResult) {
    for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static int handle(Exception e, CommandLine cmd, boolean verbose) {
    PrintWriter err = cmd.getErr();
    if (e instanceof MaintException m) {
      // FILE:LINE:COLUMN: message with nothing before it, as compilers print it, so editors and
      // CI annotators can jump to the line.
      // A message may quote what a file or another clone holds (a session, a runbook, a parse
      // error) or what was typed (a cadence, an environment, a path): a terminal must not act on
      // its control or bidirectional characters, and they are shown, not dropped, so that
      // "no cadence 'mon<ESC>[2Jthly'" does not read as "no cadence 'monthly'".
      String message = dev.maint.text.OneLine.escapeKeepingLines(m.getMessage());
      err.println(e instanceof RunbookException ? message : "maint: " + message);
      if (verbose) {
        trace(m, err);
      }
      err.flush();
      return m.exitCode();
    }
    return internalError(e, err, verbose);
  }

  /**
   * A bug in maint: one line naming {@code t}, its stack trace under {@code --verbose} only.
   *
   * @return {@link ExitCode#INTERNAL} (70)
   */
  private static int internalError(Throwable t, PrintWriter err, boolean verbose) {
    err.println("maint: internal error: " + dev.maint.text.ControlCharacters.strip(t.toString())
        + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      trace(t, err);
    }
    err.flush();
    return ExitCode.INTERNAL;
  }

  /**
   * Whether {@code args} ask for {@code --verbose} ({@code -v}, also clustered with the other
   * short options that take no value, as in {@code -qv}), read from the words before {@code --}
   * when picocli gave no parse result to ask.
   */
  static boolean verboseWord(String... args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--verbose") || arg.matches("-[hqV]*v[hqvV]*")) {
        return true;
      }
    }
    return false;
  }

  /** The stack trace with its causes, for {@code --verbose} only: users otherwise see one line. */
  private static void trace(Throwable t, PrintWriter err) {
    for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      err.println((cause == t ? "" : "Caused by: ") + cause);
      for (StackTraceElement frame : cause.getStackTrace()) {
        err.println("\tat " + frame);
      }
    }
  }

  /** The context of a real process: standard streams, the environment, the system terminal. */
  public static CliContext systemContext() {
    // Libraries that log through java.util.logging (jline, okhttp) must not print to the console
    // either; configured when something first logs, so a command that does not never starts it.
    dev.maint.log.QuietJavaLogging.install();
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    boolean stdinTty = isTerminal(0);
    return new CliContext(
        System.in, out, err, System.getenv(), new SystemClock(), Path.of("").toAbsolutePath(),
        stdinTty ? Optional.of(() -> {
          try {
            // UTF-8 like standard output, whatever the locale: under LANG=C, jline's default
            // (the locale's ASCII) would turn every non-ASCII character of a runbook into '?'.
            return TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build();
          } catch (IOException e) {
            throw new MaintException(ExitCode.USAGE, "cannot open the terminal: " + e.getMessage(), e);
          }
        }) : Optional.empty(),
        isTerminal(1),
        true);
  }

  /**
   * Whether a standard stream of this process is a terminal, without starting a process: Java 17
   * only answers for stdin and stdout together ({@code System.console()}), so on Linux the
   * descriptor's {@code /proc/self/fd} link is read: a terminal is a character device under
   * {@code /dev/pts/} (a pseudo-terminal), {@code /dev/tty*} or {@code /dev/console}. Elsewhere,
   * {@code System.console()} decides for both streams.
   */
  static boolean isTerminal(int fd) {
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      return isTerminalDevice(Files.readSymbolicLink(link).toString());
    } catch (IOException | UnsupportedOperationException e) {
      return !Files.isDirectory(Path.of("/proc/self/fd")) && System.console() != null;
    }
  }

  /** Whether {@code device} (a {@code /proc/self/fd} link's target) names a terminal. */
  static boolean isTerminalDevice(String device) {
    return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
  }

  /** Creates commands that take the {@link CliContext}; others through picocli's default factory. */
  private static final class ContextFactory implements CommandLine.IFactory {
    private final CliContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    ContextFactory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      Optional<Constructor<?>> withContext = Arrays.stream(cls.getDeclaredConstructors())
          .filter(c -> c.getParameterCount() == 1 && c.getParameterTypes()[0] == CliContext.class)
          .findFirst();
      if (withContext.isPresent()) {
        return cls.cast(withContext.get().newInstance(context));
      }
      return fallback.create(cls);
    }
  }
}
