package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.runbook.RunbookException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
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
    return commandLine(context).execute(args);
  }

  /** The command tree, with writers, exception handler and exit-code mapping set. */
  public static CommandLine commandLine(CliContext context) {
    CommandLine root = new CommandLine(new MaintCommand(), new ContextFactory(context));
    MaintCommand.addCadenceCommands(root, context);
    root.addSubcommand(new CommandLine(new ListCommand(context)));
    root.addSubcommand(new CommandLine(new ShowCommand(context)));
    root.addSubcommand(new CommandLine(new ValidateCommand(context)));
    root.addSubcommand(new CommandLine(new SessionsCommand(context)));
    root.addSubcommand(new CommandLine(new CheckCommand(context)));
    root.addSubcommand(new CommandLine(new LogCommand(context)).addSubcommand(new LogCommand.Show(context)));
    root.addSubcommand(new CommandLine(new CompletionCommand()));
    root.setCaseInsensitiveEnumValuesAllowed(true);
    root.addSubcommand(new CommandLine(new CalendarCommand(context)));
    root.addSubcommand(new CommandLine(new DueCommand(context)));
    root.addSubcommand(new CommandLine(new WindowsCommand(context)));
    root.addSubcommand(new CommandLine(new SiteCommand(context)));
    root.addSubcommand(new CommandLine(new RunCommand(context)));
    root.addSubcommand(new CommandLine(new ImportCommand(context)));
    root.addSubcommand(new CommandLine(new RenderCommand(context)));
    // These mix in the walk options of WalkCommand, which the factory makes with the context.
    root.addSubcommand(new CommandLine(new EmergencyCommand(context), new ContextFactory(context)));
    root.addSubcommand(new CommandLine(new RollbackCommand(context), new ContextFactory(context)));
    root.addSubcommand(new CommandLine(new WalkAnyCommand(), new ContextFactory(context)));
    root.setOut(context.out());
    root.setErr(context.err());
    root.setExecutionExceptionHandler((e, cmd, parseResult) -> handle(e, cmd, verbose(parseResult)));
    root.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("maint: " + UsageMessage.of(e, root));
      // A wrong value is said in one line; a word maint does not know also points at the help.
      if (e instanceof CommandLine.UnmatchedArgumentException || e instanceof CommandLine.MissingParameterException) {
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      }
      err.flush();
      return ExitCode.USAGE;
    });
    return root;
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
      err.println(e instanceof RunbookException ? m.getMessage() : "maint: " + m.getMessage());
      if (verbose) {
        trace(m, err);
      }
      err.flush();
      return m.exitCode();
    }
    err.println("maint: internal error: " + e + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      trace(e, err);
    }
    err.flush();
    return ExitCode.INTERNAL;
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
    // Libraries that log through java.util.logging (jline) must not print to the console either.
    Logger.getLogger("").setLevel(Level.OFF);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    boolean stdinTty = isTerminal(0);
    return new CliContext(
        System.in, out, err, System.getenv(), Clock.systemDefaultZone(), Path.of("").toAbsolutePath(),
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
   * Whether a standard stream of this process is a terminal. Java 17 only answers for stdin and
   * stdout together ({@code System.console()}), so ask {@code test -t} with the stream inherited.
   */
  private static boolean isTerminal(int fd) {
    ProcessBuilder pb = new ProcessBuilder("test", "-t", Integer.toString(fd));
    if (fd == 0) {
      pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
    } else {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    }
    try {
      return pb.start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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
