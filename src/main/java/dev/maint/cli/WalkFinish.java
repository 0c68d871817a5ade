package dev.maint.cli;

import dev.maint.exec.Session;
import dev.maint.exec.SessionStore;
import dev.maint.record.RunRecorder;
import dev.maint.report.SummaryTable;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Verbosity;
import java.io.PrintWriter;

/**
 * Finishes a walked session, telling each part on the display: the summary table, the record and
 * its commit, the session saved as finished, the push, and how to continue a session left open.
 */
final class WalkFinish {
  private final WalkPlan plan;
  private final SessionStore store;
  private final ConsoleRenderer labels;

  /** @param labels names the statuses in the summary table */
  WalkFinish(WalkPlan plan, SessionStore store, ConsoleRenderer labels) {
    this.plan = plan;
    this.store = store;
    this.labels = labels;
  }

  /**
   * Finishes {@code session}.
   *
   * @return the exit code (see {@link dev.maint.ExitCode})
   * @throws dev.maint.record.RecordException when the record cannot be written, committed or pushed
   */
  int finish(Session session, Recording recording) {
    PrintWriter out = plan.output().display();
    SummaryTable.print(out, session, labels::statusName, plan.output().verbosity() == Verbosity.QUIET);
    if (!session.results().isEmpty()) {
      RunRecorder.Written written = recording.record(plan, session);
      written.recordFile().ifPresent(f -> out.println("Record written to " + f));
      written.committed().ifPresent(c -> out.println("Log entry committed to " + c.branch() + " as " + c.commitId()
          + (c.createdBranch() ? " (new branch)" : "") + (c.workTreeUpdated() ? " (work tree updated)" : "")));
      out.flush();
    }
    // Finished only once recorded: a failed commit leaves the session open, to be resumed and
    // recorded again, rather than lost.
    if (!plan.dryRun() && !session.endedEarly()) {
      store.save(session, plan.repoDir(), plan.settings(), null, true);
    }
    if (!session.results().isEmpty()) {
      // A re-applied entry is a new commit: the one named above is no longer on the branch.
      recording.recorder().push().ifPresent(p -> out.println("Pushed " + p.branch() + " to " + p.remote()
          + (p.reapplied() > 0 ? " (the remote had moved on: re-applied on top of it; the entry is now commit "
              + p.commitId() + ")" : "")));
    }
    if (session.endedEarly() && !plan.dryRun() && !session.results().isEmpty()) {
      out.println("Session " + session.id() + " is saved; continue it with: " + plan.resumeCommand());
    }
    out.flush();
    return session.exitCode(plan.options().failOnWarn());
  }
}
