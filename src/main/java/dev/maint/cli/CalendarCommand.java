package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.report.CalendarView;
import dev.maint.runbook.Runbook;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maint calendar [--year YYYY]}: the year at a glance, with the dates each cadence is due. */
@Command(name = "calendar", mixinStandardHelpOptions = true,
    description = {
      "Show the year at a glance: the dates each cadence is due.",
      "",
      "Shows for each month the cadences due, with their dates in the runbook's"
          + " time zone, the light cycles and the key activities; then the weekly cadences.",
      "Dates follow each cadence's due: rule and the runbook's calendar (docs/schedule.md)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:usage or runbook error"})
public final class CalendarCommand implements Callable<Integer> {
  @Option(names = "--year", paramLabel = "YYYY", converter = WholeNumber.Year.class, description = "The year (default: this year in the runbook's time zone).")
  Integer year;

  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  CalendarCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    boolean json = format.json();
    Runbook runbook = runbookOptions.load(context);
    int y = year != null ? year : LocalDate.now(context.clock().withZone(runbook.timezone())).getYear();
    if (json) {
      CalendarView.json(context.out(), runbook, y);
    } else {
      CalendarView.text(context.out(), runbook, y);
    }
    return ExitCode.OK;
  }
}
