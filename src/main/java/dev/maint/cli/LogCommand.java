package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.record.RecordReader;
import dev.maint.report.RunHistory;
import dev.maint.runbook.Runbook;
import dev.maint.text.ShellWords;
import dev.maint.text.OneLine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint log}: past runs from the records on all maintenance branches, newest first; {@code
 * maint log show SESSION}: one run in full. Reads git's objects only; checks nothing out.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "List past runs recorded on the maintenance branches (local and remote-tracking), newest first.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:not a git repository, or a usage or runbook error"})
public final class LogCommand implements Callable<Integer> {
  @Mixin RunbookOptions runbookOptions;
  @Mixin Options options;

  private final CliContext context;

  LogCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    RecordReader reader = options.reader(context, runbook);
    var runs = reader.list();
    // "No runs" would be untrue where another runbook's runs are here: name them and how to list them.
    var others = runs.isEmpty() ? reader.elsewhere() : List.<RecordReader.Found>of();
    if (options.json()) {
      RunHistory.listJson(context.out(), runs);
      if (!others.isEmpty()) {
        RunHistory.elsewhere(context.err(), runbook.id(), others, options.command("maint log"));
      }
    } else if (!others.isEmpty()) {
      RunHistory.elsewhere(context.out(), runbook.id(), others, options.command("maint log"));
    } else {
      RunHistory.list(context.out(), runs, runbook.timezone());
    }
    return ExitCode.OK;
  }

  /** {@code maint log show SESSION}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print one run in full: every step's outcome, note and timing, and what it carried forward.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:shown", "2:no such run (or an ambiguous session prefix), or not a git repository"})
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "SESSION", description = "Session id, or a unique prefix of one.")
    String session;

    @Mixin RunbookOptions runbookOptions;
    @Mixin Options options;

    private final CliContext context;

    Show(CliContext context) {
      this.context = context;
    }

    @Override
    public Integer call() {
      // An empty prefix is a prefix of every session: it would list them all as "ambiguous".
      if (session.isBlank()) {
        throw MaintException.usage("log show: the session id is empty (give a session id, or a unique prefix of"
            + " one, as maint log lists them)");
      }
      Runbook runbook = runbookOptions.load(context);
      RecordReader reader = options.reader(context, runbook);
      RecordReader.Found found = reader.find(session).orElseThrow(() -> notFound(reader, runbook));
      if (options.json()) {
        RunHistory.showJson(context.out(), found);
      } else {
        RunHistory.show(context.out(), found, runbook.timezone());
      }
      return ExitCode.OK;
    }

    /** No such run of {@code runbook}; where another runbook has it, which one and how to show it. */
    private MaintException notFound(RecordReader reader, Runbook runbook) {
      return reader.elsewhere().stream().filter(f -> f.record().session().startsWith(session)).findFirst()
          .map(f -> MaintException.usage("no run with session '" + OneLine.escape(session) + "' of runbook '" + runbook.id()
              + "' on its maintenance branches; " + f.record().session() + " is a run of runbook '"
              + f.record().runbook().id() + "' on " + f.ref() + ": "
              + RunHistory.withRunbook(options.command("maint log show " + ShellWords.quote(session)), f.record().runbook())))
          .orElseGet(() -> MaintException.usage("no run with session '" + OneLine.escape(session)
              + "' on the maintenance branches"));
    }
  }

  /** {@code --repo} and {@code --format}, shared by {@code log} and {@code log show}. */
  static final class Options {
    @Option(names = "--repo", paramLabel = "DIR", description = "Git repository holding the records, or a folder inside it (default: the current directory's).")
    Path repo;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: text).")
    ReportOptions.Format format = ReportOptions.Format.TEXT;

    boolean json() {
      return format == ReportOptions.Format.JSON;
    }

    /** {@code command} with {@code --repo} as typed, for a command maint suggests. */
    String command(String command) {
      return repo == null ? command : command + " --repo " + ShellWords.quote(repo.toString());
    }

    RecordReader reader(CliContext context, Runbook runbook) {
      Path dir = RepoOption.resolve(context, repo);
      return RecordReader.forRunbook(dir, runbook);
    }
  }
}
