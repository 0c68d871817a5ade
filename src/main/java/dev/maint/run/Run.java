package dev.maint.run;

import dev.maint.exec.Cycle;
import dev.maint.exec.Interruption;
import dev.maint.exec.Journal;
import dev.maint.exec.Prompter;
import dev.maint.exec.Session;
import dev.maint.exec.SessionLock;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.SessionStore;
import dev.maint.exec.StepRunner;
import dev.maint.exec.WalkListener;
import dev.maint.exec.Walker;
import dev.maint.exec.WindowGate;
import dev.maint.log.RunLog;
import dev.maint.record.BranchName;
import dev.maint.record.CarryForward;
import dev.maint.record.GitPusher;
import dev.maint.record.GitRecorder;
import dev.maint.record.Operator;
import dev.maint.record.RecordException;
import dev.maint.record.RecordPath;
import dev.maint.record.RunRecord;
import dev.maint.record.RunRecorder;
import dev.maint.record.RunRefs;
import dev.maint.report.RunReport;
import dev.maint.runbook.Cadence;
import dev.maint.schedule.Deadline;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One run of a procedure, from its plan to its record. Opened once ({@link #open}), it holds the
 * run's session (new or resumed), its cycle and steps, its deadline, its lock and its recording;
 * {@link #walk} walks it with a prompter (or unattended, as its mode says) and decides the exit
 * code once; {@link #record} and {@link #push} write the record and the log entry. The report and
 * the record are projections of the run, made from its session. It never prints: what the
 * operator is told goes through the {@code say} consumer and the {@link WalkListener}, and the
 * values returned.
 *
 * <p>Use in try-with-resources: {@link #close} releases the session lock.
 */
public final class Run implements AutoCloseable {
  /**
   * What a walk gave.
   *
   * @param report the run's report (as written to the {@code --report} files)
   * @param exitCode the run's exit code (see {@link dev.maint.ExitCode})
   * @param reports the report files written
   * @param logFile the run log
   */
  public record Walked(RunReport report, int exitCode, List<Path> reports, Path logFile) {
    public Walked {
      reports = List.copyOf(reports);
    }
  }

  private final RunPlan plan;
  private final SessionStore store;
  private final SessionLock lock;
  private final Session session;
  /** The results the session had when it was opened: a resumed session's earlier answers. */
  private final List<dev.maint.exec.StepResult> resultsAtOpen;
  private final List<Cadence.PlacedStep> steps;
  private final Optional<Deadline> deadline;
  private final RunRecorder recorder;
  private final Optional<RunRecord> previous;
  private final List<RunRecord.CarriedItem> open;
  /** This walk's claims on the run (see {@link RunClaims}); null for a dry run. */
  private RunClaims claims;
  /**
   * Whether the run was on its ref when this walk opened it (walked before, and perhaps by another
   * operator now): only then may answers of another walk come in while this one records.
   */
  private boolean shared;
  /** Whether this walk put the run on its ref when it opened it (a new run, with a remote). */
  private boolean putOnRef;
  private Integer exitCode;
  /**
   * The steps of a shared run that still wait for an answer after this walk, which therefore left
   * it open, unrecorded (see {@link #waiting()}); empty until {@link #record} decides.
   */
  private List<String> waiting = List.of();

  private Run(RunPlan plan, SessionStore store, SessionLock lock, Session session, List<Cadence.PlacedStep> steps,
      Optional<Deadline> deadline, RunRecorder recorder, Optional<RunRecord> previous,
      List<RunRecord.CarriedItem> open) {
    this.plan = plan;
    this.store = store;
    this.lock = lock;
    this.session = session;
    this.resultsAtOpen = List.copyOf(session.results());
    this.steps = List.copyOf(steps);
    this.deadline = deadline;
    this.recorder = recorder;
    this.previous = previous;
    this.open = List.copyOf(open);
  }

  /**
   * Opens the run: takes the session lock of its cadence and repository (not for a dry run),
   * opens its session (new, or the unfinished one resumed, see {@link SessionOpener}), decides its
   * steps from the session's cycle, keeps its deadline, and checks that it can be recorded, so
   * that an operator does not walk for hours to learn at the end that the log cannot be written.
   *
   * @param prompter asks whether to resume, and an emergency's deadline; empty when unattended
   * @param say receives the lines to tell the operator (session resumed, runbook changed, light cycle)
   * @throws dev.maint.MaintException when another walk holds the lock, or the session cannot be opened
   * @throws RecordException when the run could not be recorded
   * @throws dev.maint.MaintException (exit 130, {@link Prompter#interruptedBeforeWalk()}) on Ctrl-C at a question
   */
  public static Run open(RunPlan plan, Optional<Prompter> prompter, Consumer<String> say) {
    RunPlan.Where where = plan.where();
    boolean keeps = plan.mode().keepsSession();
    SessionStore store = new SessionStore(where.stateDir());
    // A read-only repository is refused as such, before the walk lock is taken in its git
    // folder: that the lock cannot be taken there would hide that nothing can be committed.
    if (where.commit()) {
      GitRecorder.refuseReadOnly(where.lockKey());
    }
    // A dry run changes nothing and is not a session: it needs no lock and leaves no session file.
    SessionLock lock = !keeps ? null : SessionLock.acquire(where.stateDir(), plan.cadence().id(), where.repoDir(),
        where.lockKey(), where.clock().instant());
    try {
      SessionOpener.Request request = SessionOpener.Request.of(plan.runbook(), plan.cadence(), plan.selected(),
          plan.variables().environment(), Operator.format(plan.operator()), where.repoDir(), plan.settings(),
          where.clock().instant(), plan.start());
      Session session;
      if (!keeps) {
        session = SessionOpener.fresh(request);
      } else {
        SessionOpener.Opened opened = SessionOpener.open(store, request, plan.options().opening(),
            plan.mode().unattended() ? Optional.empty() : prompter,
            s -> RunSync.walkedNow(where.repoDir(), s.id(), where.clock().instant()), plan.options().session());
        opened.messages().forEach(say);
        session = opened.session();
        opened.abandoned().ifPresent(id -> abandonOnRef(plan, store, id));
      }
      // Answers given now are this operator's, also in a session another operator began.
      session.walkedBy(Operator.format(plan.operator()));
      List<String> walked = request.inCycle(session.cycle());
      List<Cadence.PlacedStep> steps = plan.selected().stream().filter(p -> walked.contains(p.step().id())).toList();
      if (session.cycle() == Cycle.LIGHT && !plan.start().full()) {
        say.accept((session.started().equals(request.now()) ? "This month's " : "This session's ")
            + plan.cadence().id() + " cycle is light (security patches only): walking sections "
            + String.join(", ", plan.cadence().lightSteps().stream().map(p -> p.section().id()).distinct().toList())
            + "; --full walks every section.");
      }
      Optional<Deadline> deadline = plan.procedure().deadline(plan.runbook(), session,
          plan.mode().unattended() ? Optional.empty() : prompter);
      deadline.ifPresent(d -> session.deadline(d.at()));
      // The branch, its period and the record path come from the session's start date and id,
      // decided here once, so a resumed session keeps them.
      LocalDate started = session.started().atZone(plan.runbook().timezone()).toLocalDate();
      String branch = plan.cadence().branch();
      RunRecorder plain = new RunRecorder(plan.runbook(), plan.cadence(), RunRecorder.Plan.builder()
          .repoDir(where.repoDir()).branch(BranchName.of(branch, started), BranchName.period(branch, started))
          .recordPath(RecordPath.of(plan.runbook().log().records(), started, plan.cadence().id(), session.id()))
          .commit(where.commit()).pushRemote(where.push()).recordDir(where.recordDir()).author(plan.operator())
          .env(where.env()).interactive(where.gitInteractive()).clock(where.clock())
          .overrides(plan.touches().overrides()).build());
      plain.preflight().forEach(say);
      Optional<RunRecord> previous = plain.previousRun(session.id());
      Run run = new Run(plan, store, lock, session, steps, deadline, deadline.map(plain::withDeadline).orElse(plain),
          previous, previous.map(CarryForward::open).orElse(List.of()));
      if (lock != null) {
        // Two operators may walk one run at once, in disjoint sections: the lock and the claims
        // move from the cadence to the sections this walk selected.
        List<String> sections = steps.stream().map(p -> p.section().id()).distinct().toList();
        lock.sections(plan.cadence().id(), where.repoDir(), session.id(), sections, Operator.format(plan.operator()),
            where.clock().instant());
        if (where.commit() && where.push().isPresent() && !RunRefs.exists(where.repoDir(), session.id())) {
          // With a remote, a run travels from its start: on its ref, claimed and pushed before its
          // first step, so operators on other clones see it, can continue it, and see its claims.
          RunRefs.save(where.repoDir(), session.id(), SessionStore.bytes(SessionStore.snapshot(session,
              where.repoDir(), plan.settings(), null, false)), List.of(), plan.operator());
          run.putOnRef = true;
        }
        run.claims = RunClaims.take(plan, session, sections);
        run.shared = where.commit() && RunRefs.exists(where.repoDir(), session.id());
      }
      return run;
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  /**
   * Marks run {@code id}, abandoned in the state folder to start a new one, abandoned on its ref
   * too, and pushes it when there is a remote: so no other clone lists it as open or resumes it.
   * A remote that cannot be reached is no error: the ref is pushed with the runs by a later walk.
   */
  private static void abandonOnRef(RunPlan plan, SessionStore store, String id) {
    RunPlan.Where where = plan.where();
    try {
      if (!where.commit() || !RunRefs.exists(where.repoDir(), id)) {
        return;
      }
      RunSync.save(store, id, where.repoDir(), plan.operator());
      where.push().ifPresent(remote -> RunRefs.push(where.repoDir(), id, remote, where.env(), where.gitInteractive(),
          plan.operator()));
    } catch (RecordException e) {
      // The state folder's copy is abandoned all the same; the ref follows with a later save.
    }
  }

  /**
   * What the run will touch, for the lines a walk opens with: the plan's runbook, environment,
   * operator and overrides, and the branch of the session's record (a resumed session keeps the
   * branch it began on).
   */
  public Opening opening() {
    return Opening.of(plan, recorder.branch());
  }

  /** Whether the plan commits a log entry (not under {@code --no-commit} or {@code --dry-run}). */
  public boolean commits() {
    return plan.where().commit();
  }

  /** The run's session: who, when, and each step's result so far. */
  public Session session() {
    return session;
  }

  /** The steps this run walks, in order: the selection, within the session's cycle. */
  public List<Cadence.PlacedStep> steps() {
    return steps;
  }

  /** The procedure's deadline, kept in the session; empty for everything but emergency responses. */
  public Optional<Deadline> deadline() {
    return deadline;
  }

  /** The previous run of the cadence, if any. */
  public Optional<RunRecord> previous() {
    return previous;
  }

  /** What the previous run left open, to be shown before the walk and carried forward. */
  public List<RunRecord.CarriedItem> openItems() {
    return open;
  }

  /** Whether the operator still has to acknowledge the previous run's open items (asked once per session). */
  public boolean awaitsAcknowledgement() {
    return !open.isEmpty() && !session.acknowledged();
  }

  /** Notes that the operator acknowledged the previous run's open items. */
  public void acknowledge() {
    session.acknowledge();
  }

  /**
   * Walks the run inside its run log and journal (a dry run is not journaled), then writes the
   * reports. The exit code is decided here, once.
   *
   * @param prompter the operator, for an interactive run; ignored by unattended runs
   * @param display shows the walk
   * @param interruption what the signal handlers and the terminal set to end the walk
   */
  public Walked walk(Optional<Prompter> prompter, WalkListener display, Interruption interruption) {
    boolean keeps = plan.mode().keepsSession();
    Journal journal = new Journal(store, session, plan.where().repoDir(), plan.settings());
    try (RunLog log = RunLog.open(plan.output().logDir(), session, plan.redactor())) {
      log.started(session, plan.runbook().source(), plan.output().selection(), plan.mode().dryRun());
      // A run that keeps its session has its claims (opened with its lock), which commit each answer to its ref.
      List<WalkListener> listeners = keeps ? List.of(log.around(display), journal, claims.answers())
          : List.of(log.around(display));
      if (keeps) {
        journal.save();
      }
      Walker walker = new Walker(session, steps, new StepRunner(plan.probes(), plan.variables(), plan.touches().caFile()),
          WalkListener.fanOut(listeners), plan.redactor(), interruption, plan.where().clock(),
          plan.runbook().timezone(), plan.options().walker())
          .windows(WindowGate.of(plan.runbook(), plan.options().outsideWindow()))
          .claims(claims == null ? dev.maint.exec.StepClaims.NONE : claims);
      if (plan.mode().unattended()) {
        walker.walkUnattended();
      } else {
        walker.walkInteractive(prompter.orElseThrow(() -> new IllegalStateException("an interactive run needs a prompter")));
      }
      if (claims != null) {
        // The answers' background push ends before the run is recorded and pushed as a whole.
        claims.settle();
      }
      // No whole save here: every answer is in the journal already, synced, and {@link #record}
      // saves the session whole (folding the journal in) moments later. Saving here too wrote and
      // synced the whole session twice at every walk's end.
      exitCode = session.exitCode(plan.options().failOnWarn());
      log.ended(session, exitCode);
      RunReport report = report();
      List<Path> written = plan.output().reports().write(report);
      written.forEach(log::wrote);
      return new Walked(report, exitCode, written, log.file());
    }
  }

  /** The run's report: a projection of its session. */
  public RunReport report() {
    return RunReport.of(plan.runbook(), plan.cadence(), steps, session, exitCode(), plan.options().failOnWarn(),
        plan.mode().dryRun()).withOverrides(plan.touches().overrides().masked(plan.redactor()));
  }

  /** The run's exit code (see {@link dev.maint.ExitCode}), as decided when it was walked. */
  public int exitCode() {
    if (exitCode == null) {
      throw new IllegalStateException("the run has not been walked");
    }
    return exitCode;
  }

  /**
   * Records the walked run when anything was recorded: writes the record and commits it with the
   * log row. A run walked to its end is then saved as finished; one whose recording fails stays
   * open (it is saved as finished only once recorded), and the message says how to record it later.
   * A shared run whose steps still wait for an answer after a walk of part of it ({@link #waiting})
   * is not recorded: its answers go to its ref (and the remote), and it stays open. So is one of
   * which another walk on this clone holds sections now: that walk, deciding after this one under
   * the run's recording lock ({@link SessionLock#recording}), records it.
   *
   * @return what was written; empty when no step has a result, when a resumed session was quit
   *     again without a new answer, or when the shared run stays open (nothing is written or
   *     committed then)
   * @throws RecordException when the record cannot be written or committed
   */
  public Optional<RunRecorder.Written> record() {
    // A resumed session quit again without a new answer was recorded when it was last quit: a
    // second commit would only change times (issue 10).
    boolean nothingNew = session.endedEarly() && !resultsAtOpen.isEmpty() && session.results().equals(resultsAtOpen);
    if (nothingNew) {
      return Optional.empty();
    }
    // Decided under the run's recording lock in the repository's git folder: of two walks of the
    // run on this clone (two state folders, no remote) ending at once, the second decides once the
    // first has put its answers on the run's ref and released its sections, so exactly one records.
    try (SessionLock.Recording deciding = lock == null ? () -> { } : lock.recording()) {
      return recordDecided();
    }
  }

  /** {@link #record}, under the run's recording lock. */
  private Optional<RunRecorder.Written> recordDecided() {
    Optional<RunRecorder.Written> written = Optional.empty();
    if (shared && travels()) {
      // This walk's answers go to the run's ref (and the remote) before the record is made, so that
      // another operator recording the same run now sees them; theirs come in the same way.
      try {
        RunSync.save(store, session.id(), plan.where().repoDir(), plan.operator());
        pushRun();
        RunSync.mergeInto(session, plan.where().repoDir());
      } catch (RecordException e) {
        // The entry's commit below meets the same trouble, and says what it means for the session.
      }
    }
    // Another walk of this run on this clone holds its sections now: the run is shared, and that
    // walk, ending later, records it with these answers.
    boolean othersWalk = shared && travels() && lock != null && lock.otherWalk().isPresent();
    waiting = unanswered(othersWalk);
    if (!waiting.isEmpty()) {
      // A walk of part of a shared run answers its steps and leaves the run open: its entry is
      // committed once, by the walk that answers the last step (or by a quit, as a partial one).
      store.save(session, plan.where().repoDir(), plan.settings(), null, false);
      RunSync.save(store, session.id(), plan.where().repoDir(), plan.operator());
      if (lock != null) {
        // Still under the recording lock: the walk deciding next finds this one gone.
        lock.releaseSections();
      }
      return written;
    }
    written = recordNow();
    // Another walk of this run on this clone may have recorded meanwhile, before it saw these
    // answers: the walk that commits last takes in the run's ref again and records anew.
    for (int round = 0; written.isPresent() && shared && travels() && round < 3; round++) {
      try {
        if (!RunSync.mergeInto(session, plan.where().repoDir())) {
          break;
        }
      } catch (RecordException e) {
        break;
      }
      written = recordNow();
    }
    if (plan.mode().keepsSession()) {
      store.save(session, plan.where().repoDir(), plan.settings(), null, !session.endedEarly());
    }
    if (travels()) {
      RunSync.save(store, session.id(), plan.where().repoDir(), plan.operator());
    }
    return written;
  }

  /**
   * The steps of the run's cycle that still wait for an answer when this walk reached its end, if
   * the run is shared: it has a remote ({@code --push}, {@code push:}), so other operators may walk
   * its other parts, or another operator answered it already. A shared run is the whole cycle (its
   * light sections in a light month, unless {@code --full}), whatever part of it a walk selected: a
   * step waits when it has no result, or, unless this walk selected the whole cycle itself, when
   * its result did not carry it out ({@code manual}, left to a person by an unattended walk of a
   * part, or {@code interrupted}). A run that is not shared, a walk that was quit or interrupted,
   * and a dry run wait for nothing: they are recorded as before.
   *
   * @param othersWalk whether another walk of the run on this clone holds sections now, which makes it shared
   */
  private List<String> unanswered(boolean othersWalk) {
    boolean sharedRun = plan.where().push().isPresent() || session.operators().size() > 1 || othersWalk;
    if (session.endedEarly() || !plan.mode().keepsSession() || !travels() || !sharedRun) {
      return List.of();
    }
    boolean light = session.cycle() == Cycle.LIGHT && !plan.start().full();
    List<String> cycle = (light ? plan.cadence().lightSteps() : plan.cadence().steps()).stream()
        .map(p -> p.step().id()).toList();
    boolean whole = steps.stream().map(p -> p.step().id()).toList().containsAll(cycle);
    return cycle.stream()
        .filter(id -> session.result(id).map(r -> !whole && !r.status().answered()).orElse(true))
        .toList();
  }

  /**
   * The steps of the run's cycle that wait for an answer, when this walk reached its end and left
   * the shared run open instead of recording it (see {@link #record}); empty when it recorded the
   * run, or before it was recorded. Each is walked by a later {@code --resume}, of this clone or
   * another; the walk that answers the last of them commits the run's entry.
   */
  public List<String> waiting() {
    return waiting;
  }

  /** Whether the run travels with the branch on its ref ({@link RunRefs}): committed, in a repository. */
  private boolean travels() {
    return plan.where().commit() && GitRecorder.isRepository(plan.where().repoDir());
  }

  /** Writes the record and commits the log row from the session as it is now; empty when nothing is recorded. */
  private Optional<RunRecorder.Written> recordNow() {
    if (session.results().isEmpty()) {
      return Optional.empty();
    }
    List<RunRecord.Conflict> conflicts =
        shared && travels() ? RunSync.conflicts(session, plan.where().repoDir()) : List.of();
    conflicts.forEach(c -> c.answers().forEach(a -> session.answeredBefore(a.operator())));
    try {
      return Optional.of(recorder.record(session, plan.redactor(), previous, session.acknowledged(), open, conflicts));
    } catch (RecordException e) {
      if (!plan.mode().keepsSession()) {
        // No session is kept to record later.
        throw e;
      }
      throw new RecordException(e.getMessage() + "; session " + session.id() + " stays open: once that is fixed,"
          + " record it with: " + plan.resumeCommand(session.id()), e);
    }
  }

  /**
   * Pushes the run's ref ({@link RunRefs}) when {@code --push} was given, merging what another
   * operator pushed meanwhile; with it every other run of the clone the remote lacks (recorded
   * offline, say).
   *
   * @return whether it was pushed; empty when there was nothing to push
   */
  public Optional<Boolean> pushRun() {
    RunPlan.Where where = plan.where();
    if (!where.commit() || where.push().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RunRefs.pushAll(where.repoDir(), where.push().get(), where.env(), where.gitInteractive(),
        plan.operator()));
  }

  /**
   * Pushes the branch when {@code --push} was given and anything was recorded.
   *
   * @throws RecordException as {@link GitPusher#push}
   */
  public Optional<GitPusher.Pushed> push() {
    Optional<GitPusher.Pushed> pushed = session.results().isEmpty() || !waiting.isEmpty() ? Optional.empty()
        : recorder.push(runRefs());
    RunPlan.Where where = plan.where();
    // Two operators of one run may record at once, each before seeing the other's last answers:
    // the one whose entry lands last fetches the run again, and records anew if answers came in.
    // Every other walk pushed its answers before its entry, so what lands last holds them all.
    boolean again = shared && travels() && where.push().isPresent();
    for (int round = 0; pushed.isPresent() && again && round < 3; round++) {
      if (!RunRefs.fetch(where.repoDir(), where.push().get(), where.env(), where.gitInteractive(), plan.operator())
          || !RunSync.mergeInto(session, where.repoDir())) {
        break;
      }
      store.save(session, where.repoDir(), plan.settings(), null, !session.endedEarly());
      RunSync.save(store, session.id(), where.repoDir(), plan.operator());
      recordNow();
      pushed = recorder.push(runRefs());
    }
    return pushed;
  }

  /** The run's ref, when it is on one: a failed push's hint pushes it with the branch. */
  private List<String> runRefs() {
    return travels() && RunRefs.exists(plan.where().repoDir(), session.id()) ? List.of(RunRefs.PREFIX + session.id())
        : List.of();
  }

  /** How to continue the run, when it stopped early and is kept to be resumed. */
  public Optional<String> resumeCommand() {
    boolean kept = (session.endedEarly() || !waiting.isEmpty()) && plan.mode().keepsSession()
        && !session.results().isEmpty();
    return kept ? Optional.of(plan.resumeCommand(session.id())) : Optional.empty();
  }

  /**
   * Releases the run's claims and the session lock. A run this walk put on its ref at the start
   * that never began (declined or interrupted before its first step, so the state folder has no
   * session to resume) is marked abandoned on its ref, so that no other clone offers to resume it.
   */
  @Override
  public void close() {
    try {
      if (putOnRef && session.results().isEmpty() && store.read(session.id()).isEmpty()) {
        try {
          RunRefs.save(plan.where().repoDir(), session.id(), SessionStore.bytes(SessionStore.snapshot(session,
              plan.where().repoDir(), plan.settings(), null, false).withState("abandoned")), List.of(), plan.operator());
        } catch (RecordException e) {
          // The run then stays open on its ref, with no answer: resuming it elsewhere loses nothing.
        }
      }
      if (claims != null) {
        claims.close();
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }
}
