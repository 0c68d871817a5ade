package dev.maint.cli;

import dev.maint.exec.Session;
import dev.maint.record.BranchName;
import dev.maint.record.CarryForward;
import dev.maint.record.RecordException;
import dev.maint.record.RecordPath;
import dev.maint.record.RunRecord;
import dev.maint.record.RunRecorder;
import dev.maint.schedule.Deadline;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What records a session: its recorder, and the previous run's open items to carry forward. Made
 * and checked before the walk ({@link #open}), it records the session after it ({@link #record}).
 *
 * @param recorder writes the record and commits the log entry
 * @param previous the previous run of the cadence, if any
 * @param open what it left open
 */
record Recording(RunRecorder recorder, Optional<RunRecord> previous, List<RunRecord.CarriedItem> open) {
  /**
   * The recording of this session, checked before the walk so that an operator does not walk for
   * hours to learn at the end that the log cannot be written. The branch and record path come
   * from the session's start date and id, so a resumed session keeps both.
   *
   * @param deadline the procedure's deadline, recorded with the run
   */
  static Recording open(CliContext context, WalkPlan plan, Session session, Optional<Deadline> deadline) {
    LocalDate started = session.started().atZone(plan.runbook().timezone()).toLocalDate();
    String branch = BranchName.of(plan.cadence().branch(), started);
    WalkPlan.Commit commit = plan.commit();
    RunRecorder recorder = new RunRecorder(plan.runbook(), plan.cadence(), new RunRecorder.Plan(
        plan.repoDir(), branch, RecordPath.of(plan.runbook().log().records(), started, plan.cadence().id(),
        session.id()), commit.commit(), commit.push(), commit.recordDir(), plan.operator(), context.env(),
        commit.interactive()));
    recorder.preflight();
    Optional<RunRecord> previous = recorder.previousRun(session.id());
    return new Recording(deadline.map(recorder::withDeadline).orElse(recorder), previous,
        previous.map(CarryForward::open).orElse(List.of()));
  }

  /**
   * Records the session; when that fails the session stays open (it is saved as finished only
   * once recorded), and the message says how to record it later.
   */
  RunRecorder.Written record(WalkPlan plan, Session session) {
    try {
      return recorder.record(session, plan.redactor(), previous, session.acknowledged(), open);
    } catch (RecordException e) {
      if (plan.dryRun()) {
        throw e;
      }
      throw new RecordException(e.getMessage() + "; session " + session.id() + " stays open: once that is fixed,"
          + " record it with: " + plan.resumeCommand(), e);
    }
  }
}
