package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.StepRunner;
import dev.maint.exec.Walker;
import dev.maint.log.RunLog;
import dev.maint.record.BranchName;
import dev.maint.record.GitRecorder;
import dev.maint.record.LogEntry;
import dev.maint.record.MarkdownLog;
import dev.maint.record.Operator;
import dev.maint.report.ReportFormat;
import dev.maint.report.Reports;
import dev.maint.report.RunReport;
import dev.maint.report.SummaryTable;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Style;
import dev.maint.ui.TerminalPrompter;
import dev.maint.ui.Verbosity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import org.jline.terminal.Terminal;
import org.jline.utils.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Walks one cadence ({@code maint monthly}) and commits the log entry. The same class serves
 * every cadence; the cadence id is the command's name.
 */
@Command(
    description = "Walk this cadence of the runbook step by step, then commit the log entry.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nOutput:%n",
    footer = {
      "Standard output shows the walk and a summary table: colour only on a terminal, and never "
          + "with NO_COLOR or --no-color; piped, it holds no escape sequences. -q shows only problems, "
          + "-v adds each step's evidence. With --format json, standard output holds the JSON report "
          + "alone (docs/report-format.md) and the walk goes to standard error. Each run also writes "
          + "a log file (--log-dir). See docs/exit-codes.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error, or the log entry or a report cannot be written",
      "130:interrupted (SIGINT/SIGTERM)"
    })
public final class WalkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;
  @Mixin SelectionOptions selectionOptions;
  @Mixin ReportOptions reportOptions;

  @Option(names = "--non-interactive", description = "Run unattended: automated steps run, manual steps are recorded as manual.")
  boolean nonInteractive;

  @Option(names = "--operator", paramLabel = "\"NAME <MAIL>\"", description = "Who runs the session (default: git config user.name/user.email).")
  String operator;

  @Option(names = "--repo", paramLabel = "DIR", description = "Git repository that receives the log entry (default: the current directory).")
  Path repo;

  @Option(names = "--no-commit", description = "Do not commit a log entry.")
  boolean noCommit;

  @Option(names = "--fail-on", paramLabel = "warn", description = "Also exit 1 when a step warns. Only 'warn' is accepted.")
  String failOn;

  private final CliContext context;
  private final String cadenceId;

  WalkCommand(CliContext context, String cadenceId) {
    this.context = context;
    this.cadenceId = cadenceId;
  }

  @Override
  public Integer call() {
    boolean failOnWarn = failOn != null;
    if (failOnWarn && !failOn.equals("warn")) {
      throw MaintException.usage("--fail-on accepts only 'warn'");
    }
    // A dry run changes nothing, so it commits no log entry either.
    noCommit |= selectionOptions.dryRun;
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = runbook.cadence(cadenceId).orElseThrow(() -> MaintException.usage(
        "the runbook " + runbook.source() + " has no cadence '" + cadenceId + "'"));
    List<Cadence.PlacedStep> steps = selectionOptions.selection().apply(cadence);
    Variables variables = sessionOptions.variables(runbook, context);
    Path repoDir = context.cwd().resolve(repo == null ? Path.of(".") : repo).normalize();
    LocalDate today = context.clock().instant().atZone(runbook.timezone()).toLocalDate();
    String branch = BranchName.of(cadence.branch(), today);
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    if (!noCommit) {
      GitRecorder.preflight(repoDir, branch);
    }
    boolean unattended = nonInteractive || selectionOptions.dryRun;
    if (!unattended && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Reports reports = reportOptions.reports(context);
    reports.preflight();
    Session session = new Session(
        UUID.randomUUID().toString().substring(0, 8), runbook.id(), runbook.version(),
        runbook.sha256(), cadence.id(), variables.environment(), Operator.format(who),
        context.clock().instant(), steps.stream().map(p -> p.step().id()).toList());
    Redactor redactor = new Redactor(variables::secrets);
    Style style = reportOptions.json() ? new Style(false) : output.style(context);
    int exitCode;
    try (RunLog log = RunLog.open(reportOptions.logDirectory(context), session, redactor)) {
      log.started(session, runbook.source(), selectionOptions.describe(), selectionOptions.dryRun);
      Walk walk = new Walk(session, steps, variables, redactor, runbook, log);
      if (unattended) {
        walkUnattended(walk, style);
      } else {
        walkWithTerminal(walk);
      }
      exitCode = session.exitCode(failOnWarn);
      log.ended(session, exitCode);
      report(RunReport.of(runbook, cadence, steps, session, exitCode, failOnWarn, selectionOptions.dryRun),
          reports, log);
    }
    PrintWriter out = display();
    ConsoleRenderer labels = new ConsoleRenderer(out, style, output.verbosity());
    SummaryTable.print(out, session, labels::statusName, output.quiet);
    if (!noCommit && !session.results().isEmpty()) {
      var committed = GitRecorder.commit(repoDir, new GitRecorder.Entry(
          branch, runbook.log().file(), runbook.log().columns(),
          redactor.redact(MarkdownLog.row(LogEntry.cells(session, runbook.timezone()))),
          redactor.redact(LogEntry.message(session, branch.substring(branch.lastIndexOf('/') + 1))),
          who));
      out.println("Log entry committed to " + committed.branch() + " as " + committed.commitId()
          + (committed.createdBranch() ? " (new branch)" : ""));
    }
    out.flush();
    return exitCode;
  }

  /**
   * What one walk needs besides the display.
   *
   * @param steps the selected steps, in walking order
   */
  private record Walk(
      Session session, List<Cadence.PlacedStep> steps, Variables variables, Redactor redactor, Runbook runbook,
      RunLog log) {}

  /** Where the walk and the summary are shown: standard output, or standard error under --format json. */
  private PrintWriter display() {
    return reportOptions.json() ? context.err() : context.out();
  }

  /** Writes the reports, and the JSON report to standard output under --format json. */
  private void report(RunReport report, Reports reports, RunLog log) {
    List<Path> written = reports.write(report);
    written.forEach(log::wrote);
    if (output.verbosity() == Verbosity.VERBOSE) {
      written.forEach(p -> display().println("Report written to " + p));
      display().println("Run log: " + log.file());
    }
    if (reportOptions.json()) {
      context.out().print(Reports.text(ReportFormat.JSON, report));
      context.out().flush();
    }
  }

  private void walkUnattended(Walk walk, Style style) {
    Interruption interruption = new Interruption();
    Object intHandler = null;
    Object termHandler = null;
    if (context.systemSignals()) {
      intHandler = Signals.register("INT", interruption::terminate);
      termHandler = Signals.register("TERM", interruption::terminate);
    }
    try {
      walker(walk, interruption, new ConsoleRenderer(display(), style, output.verbosity())).walkUnattended();
    } finally {
      Signals.unregister("INT", intHandler);
      Signals.unregister("TERM", termHandler);
    }
  }

  private void walkWithTerminal(Walk walk) {
    Interruption interruption = new Interruption();
    try (Terminal terminal = context.terminal().get().get()) {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      Object termHandler = context.systemSignals() ? Signals.register("TERM", interruption::terminate) : null;
      try {
        boolean colour = output.style(context).colour() && !Terminal.TYPE_DUMB.equals(terminal.getType());
        ConsoleRenderer renderer = new ConsoleRenderer(terminal.writer(), new Style(colour), output.verbosity());
        walker(walk, interruption, renderer).walkInteractive(new TerminalPrompter(terminal, interruption));
      } finally {
        Signals.unregister("TERM", termHandler);
        terminal.writer().flush();
      }
    } catch (java.io.IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot open the terminal: " + e.getMessage(), e);
    }
  }

  private Walker walker(Walk walk, Interruption interruption, ConsoleRenderer renderer) {
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), walk.variables());
    return new Walker(walk.session(), walk.steps(), runner, walk.log().around(renderer), walk.redactor(),
        interruption, context.clock(), walk.runbook().timezone(), selectionOptions.dryRun);
  }
}
