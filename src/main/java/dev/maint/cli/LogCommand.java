package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.record.RecordReader;
import dev.maint.report.RunHistory;
import dev.maint.runbook.Runbook;
import java.nio.file.Path;
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
    var runs = options.reader(context, runbook).list();
    if (options.json()) {
      RunHistory.listJson(context.out(), runs);
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
      Runbook runbook = runbookOptions.load(context);
      RecordReader.Found found = options.reader(context, runbook).find(session).orElseThrow(() ->
          MaintException.usage("no run with session '" + session + "' on the maintenance branches"));
      if (options.json()) {
        RunHistory.showJson(context.out(), found);
      } else {
        RunHistory.show(context.out(), found, runbook.timezone());
      }
      return ExitCode.OK;
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

    RecordReader reader(CliContext context, Runbook runbook) {
      Path dir = RepoOption.resolve(context, repo);
      return RecordReader.forRunbook(dir, runbook);
    }
  }
}
