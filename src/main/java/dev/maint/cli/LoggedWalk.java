package dev.maint.cli;

import dev.maint.exec.Interruption;
import dev.maint.exec.Journal;
import dev.maint.exec.Session;
import dev.maint.exec.SessionStore;
import dev.maint.exec.StepRunner;
import dev.maint.exec.WalkListener;
import dev.maint.exec.Walker;
import dev.maint.exec.WindowGate;
import dev.maint.log.RunLog;
import dev.maint.report.ReportFormat;
import dev.maint.report.Reports;
import dev.maint.report.RunReport;
import dev.maint.schedule.Deadline;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Verbosity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Walks an open session inside its run log and journal, then writes the reports (and the JSON
 * report to standard output under {@code --format json}).
 */
final class LoggedWalk {
  private final CliContext context;
  private final WalkPlan plan;
  private final SessionStore store;
  private final Interruption interruption;

  /** @param interruption what the signal handlers and the terminal set to end the walk */
  LoggedWalk(CliContext context, WalkPlan plan, SessionStore store, Interruption interruption) {
    this.context = context;
    this.plan = plan;
    this.store = store;
    this.interruption = interruption;
  }

  /**
   * Walks {@code session}.
   *
   * @param deadline shown above each step, if any
   * @param renderer shows the walk
   * @param how walks the walker: unattended, or with the operator
   */
  void walk(Session session, Optional<Deadline> deadline, ConsoleRenderer renderer, Consumer<Walker> how) {
    boolean dryRun = plan.dryRun();
    WalkPlan.Output output = plan.output();
    Journal journal = new Journal(store, session, plan.repoDir(), plan.settings());
    try (RunLog log = RunLog.open(output.logDir(), session, plan.redactor())) {
      log.started(session, plan.runbook().source(), output.selection(), dryRun);
      // A dry run is not a session to resume later: it is not journaled.
      List<WalkListener> listeners = dryRun ? List.of(log.around(renderer)) : List.of(log.around(renderer), journal);
      if (!dryRun) {
        journal.save();
      }
      StepRunner runner = new StepRunner(plan.probes(), plan.variables());
      deadline.ifPresent(d -> renderer.banner(() -> d.status(context.clock().instant(), plan.runbook().timezone())));
      how.accept(new Walker(session, plan.steps(), runner, WalkListener.fanOut(listeners), plan.redactor(),
          interruption, context.clock(), plan.runbook().timezone(), plan.options().walker())
          .windows(WindowGate.of(plan.runbook(), plan.options().outsideWindow())));
      if (!dryRun) {
        journal.save();
      }
      boolean failOnWarn = plan.options().failOnWarn();
      int exitCode = session.exitCode(failOnWarn);
      log.ended(session, exitCode);
      RunReport report = RunReport.of(plan.runbook(), plan.cadence(), plan.steps(), session, exitCode, failOnWarn,
          dryRun);
      List<Path> written = output.reports().write(report);
      written.forEach(log::wrote);
      if (output.verbosity() == Verbosity.VERBOSE) {
        written.forEach(p -> output.display().println("Report written to " + p));
        output.display().println("Run log: " + log.file());
      }
      if (output.json()) {
        context.out().print(Reports.text(ReportFormat.JSON, report));
        context.out().flush();
      }
    }
  }
}
