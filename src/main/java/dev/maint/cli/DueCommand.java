package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.record.RecordReader;
import dev.maint.report.DueView;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Dues;
import dev.maint.schedule.PastRun;
import dev.maint.schedule.Schedule;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code maint due [--date YYYY-MM-DD]}: for each scheduled cadence whether it is not-due, due,
 * overdue or done, from the runs recorded on the maintenance branches. Exits 1 when anything is
 * overdue, so a scheduled CI job can remind the team.
 */
@Command(name = "due", mixinStandardHelpOptions = true,
    description = {
      "Show whether each cadence is not-due, due, overdue or done; exit 1 when one is overdue.",
      "",
      "Shows for each scheduled cadence whether it is not-due, due, overdue or done on a day, from its"
          + " due: rule, the runbook's calendar and the runs recorded on the maintenance branches (local"
          + " and remote-tracking) of --repo.",
      "Only a whole run counts: one that answered every step of its cycle (a light cycle's light"
          + " sections) and was not quit or interrupted; steps left as manual by a non-interactive run"
          + " are not answered. A partial run in the window is shown as partly done, not counted.",
      "due: its window is open and no whole run is recorded in it; done: a whole run is recorded in the"
          + " open window; overdue: the window has passed without one; not-due: the last window was met"
          + " and the next has not begun (docs/schedule.md)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:nothing is overdue", "1:a cadence is overdue", "2:not a git repository, or a usage or runbook error"})
public final class DueCommand implements Callable<Integer> {
  @Option(names = "--repo", paramLabel = "DIR", description = "Git repository holding the records, or a folder inside it (default: the current directory's).")
  Path repo;

  @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Count only runs against this environment (default: runs against any).")
  String environment;

  @Mixin DateOptions dateOptions;
  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  DueCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    boolean json = format.json();
    Runbook runbook = runbookOptions.load(context);
    if (environment != null) {
      runbook.checkEnvironment(environment);
    }
    LocalDate date = dateOptions.date(context, runbook);
    Path dir = RepoOption.resolve(context, repo);
    List<PastRun> runs = RecordReader.forRunbook(dir, runbook)
        .runs(Optional.ofNullable(environment), runbook.timezone());
    List<Dues.CadenceDue> dues = Dues.on(Schedule.of(runbook), date, runs);
    int code = Dues.anyOverdue(dues) ? ExitCode.CHECK_FAILED : ExitCode.OK;
    if (json) {
      DueView.json(context.out(), date, runbook.timezone(), dues, code);
    } else {
      DueView.text(context.out(), date, runbook.timezone(), dues);
    }
    return code;
  }
}
