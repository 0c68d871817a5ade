package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import dev.maint.schedule.DueState;
import dev.maint.signal.CadenceStatus;
import dev.maint.signal.Notification;
import dev.maint.signal.Notifier;
import dev.maint.signal.PrometheusText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
          + " and the next has not begun (docs/schedule.md).",
      "--format prometheus and --textfile give the same as Prometheus gauges; --notify posts the overdue"
          + " cadences to webhooks (docs/signals.md)."
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
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text, json, or prometheus: the Prometheus text format, for a scrape or node_exporter"
          + " (default: text).")
  Format format = Format.TEXT;

  /** What {@code maint due} prints; picocli checks the value while parsing (exit 2, as for every --format). */
  enum Format {
    TEXT, JSON, PROMETHEUS;

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = "--textfile", paramLabel = "PATH",
      description = "Also write the Prometheus metrics to PATH, atomically, for node_exporter's textfile collector"
          + " (its name must end in .prom).")
  Path textfile;

  @Option(names = "--notify", paramLabel = "URL",
      description = "When a cadence is overdue, post it to this webhook: generic JSON, or Slack's format with"
          + " slack:URL (repeatable). A failed delivery is retried, then shown as a warning; the exit code stays.")
  List<String> notify = new ArrayList<>();

  private final CliContext context;

  DueCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (textfile != null && !textfile.getFileName().toString().endsWith(".prom")) {
      throw MaintException.usage("--textfile must name a *.prom file (node_exporter's textfile collector reads"
          + " only those), got '" + textfile + "'");
    }
    List<Notifier.Target> targets = notify.stream().map(Notifier.Target::parse).toList();
    Runbook runbook = runbookOptions.load(context);
    if (environment != null) {
      runbook.checkEnvironment(environment);
    }
    LocalDate date = dateOptions.date(context, runbook);
    Path dir = RepoOption.resolve(context, repo);
    List<RecordReader.Found> found = RecordReader.forRunbook(dir, runbook).list();
    List<PastRun> runs = found.stream().map(RecordReader.Found::record)
        .filter(r -> environment == null || r.environment().equals(environment))
        .map(r -> RecordReader.pastRun(r, runbook.timezone())).toList();
    List<Dues.CadenceDue> dues = Dues.on(Schedule.of(runbook), date, runs);
    List<String> unscheduled = runbook.cadences().stream().filter(c -> c.due().isEmpty()).map(c -> c.id()).toList();
    int code = Dues.anyOverdue(dues) ? ExitCode.CHECK_FAILED : ExitCode.OK;
    List<CadenceStatus> status = CadenceStatus.of(runbook, dues.stream().map(Dues.CadenceDue::cadence).toList(), found,
        date, Optional.ofNullable(environment));
    // A cadence without due: has no due state to export: said in a comment, so an empty file is explained.
    String metrics = PrometheusText.of(status) + unscheduled.stream()
        .map(c -> "# cadence " + c + " has no schedule (no due: in the runbook): no samples\n")
        .collect(java.util.stream.Collectors.joining());
    switch (format) {
      case JSON -> DueView.json(context.out(), date, runbook.timezone(), dues, unscheduled, code);
      case PROMETHEUS -> {
        context.out().print(metrics);
        context.out().flush();
      }
      default -> DueView.text(context.out(), date, runbook.timezone(), dues, unscheduled);
    }
    if (textfile != null) {
      Path target = context.cwd().resolve(textfile).normalize();
      try {
        AtomicFile.write(target, o -> o.write(metrics.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw MaintException.usage("cannot write " + target + ": " + e.getMessage());
      }
    }
    List<CadenceStatus> overdue = status.stream().filter(s -> s.state().orElse(null) == DueState.OVERDUE).toList();
    if (!targets.isEmpty() && !overdue.isEmpty()) {
      Notifier.standard().send(targets, Notification.overdue(runbook.id(), date, overdue)).stream()
          .filter(d -> !d.delivered())
          .forEach(d -> context.err().println("maint: warning: " + Notifier.warning(d)));
      context.err().flush();
    }
    return code;
  }
}
