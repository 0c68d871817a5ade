package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.report.WindowsView;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maint windows [--date YYYY-MM-DD]}: the next openings of the runbook's maintenance windows. */
@Command(name = "windows", mixinStandardHelpOptions = true,
    description = {
      "Show the maintenance windows' next openings, in local time and UTC.",
      "",
      "Shows the runbook's maintenance windows and their next openings, in the runbook's time zone"
          + " (summer time included) and in UTC.",
      "A step tagged window: ID is held back outside that window when the session's environment is the"
          + " window's: an interactive walk asks, a non-interactive run records it skipped unless"
          + " --outside-window is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:shown", "2:usage or runbook error"})
public final class WindowsCommand implements Callable<Integer> {
  @Option(names = "--count", paramLabel = "N", defaultValue = "3", converter = WholeNumber.Count.class, description = "Openings shown per window (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Only the windows of this environment.")
  String environment;

  @Mixin DateOptions dateOptions;
  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  WindowsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    boolean json = format.json();
    Runbook runbook = runbookOptions.load(context);
    if (environment != null) {
      runbook.checkEnvironment(environment);
    }
    Instant from = dateOptions.given()
        ? dateOptions.date(context, runbook).atStartOfDay(runbook.timezone()).toInstant()
        : context.clock().instant();
    List<Reference.Window> windows = runbook.windows().stream()
        .filter(w -> environment == null || w.environment().equals(environment)).toList();
    if (json) {
      WindowsView.json(context.out(), windows, from, runbook.timezone(), count);
    } else {
      WindowsView.text(context.out(), windows, from, runbook.timezone(), count);
    }
    return ExitCode.OK;
  }
}
