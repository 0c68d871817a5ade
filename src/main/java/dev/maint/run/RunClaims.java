package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.Session;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Status;
import dev.maint.exec.StepClaims;
import dev.maint.exec.StepResult;
import dev.maint.exec.WalkListener;
import dev.maint.record.RecordException;
import dev.maint.record.RunRefs;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Step;
import dev.maint.text.OneLine;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The claims a walk makes on a run that travels with the branch ({@link RunRefs}), so that the
 * operators walking it on other clones see them: one per section it walks, made when it opens
 * and released when it ends, and one per step that changes things, made before the step's command
 * starts and released, together with the step's answer, once it is recorded. Before a step is
 * claimed the run is fetched, and a step another operator answered meanwhile is not started
 * either. Each claim is committed to the run's ref and pushed at once; a walk that pushes nothing
 * (no {@code --push}, no {@code push:} in {@code .maint.yaml}) makes none (on one clone, the
 * section locks keep walks apart). A claim lapses on its own: a section's after {@link
 * #SECTION_LIFETIME}, a step's after its timeout, and at once when it was made on this host by a
 * process that is gone. Text read from the ref (operators, hosts, times, reasons) came from other
 * machines and is escaped ({@link OneLine#escape}) in every line shown.
 */
final class RunClaims implements StepClaims, AutoCloseable {
  /** How long a section claim holds when its walk never releases it (a laptop that died, say). */
  static final Duration SECTION_LIFETIME = Duration.ofHours(12);

  private final RunPlan plan;
  private final Session session;
  private final String id;
  private final String me;
  private final String host;
  private final long pid;
  private final List<RunRefs.Claim> sections = new ArrayList<>();
  private final Map<String, RunRefs.Claim> steps = new LinkedHashMap<>();
  /** Whether the remote could not be reached in this walk: claims are then committed in the clone only. */
  private volatile boolean unreachable;
  /**
   * Pushes the answers in the background, one push at a time (see {@link #answers}); created on
   * the first answer to push.
   */
  private java.util.concurrent.ExecutorService pusher;
  /** Whether a background push is queued and not yet started: it will carry every answer committed until it starts. */
  private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
  /** The last background push asked for, to wait for before the walk fetches or pushes itself. */
  private java.util.concurrent.Future<?> lastPush;

  private RunClaims(RunPlan plan, Session session) {
    this.plan = plan;
    this.session = session;
    this.id = session.id();
    this.me = dev.maint.record.Operator.format(plan.operator());
    this.host = hostName();
    this.pid = ProcessHandle.current().pid();
  }

  /**
   * Claims the sections of run {@code id} that a walk selected, when the run travels (its ref
   * exists): fetches the run first (with {@code --push}), refuses when another walk's live claim
   * holds one of them, commits and pushes this walk's claims, and looks again: of two walks that
   * claimed at once, the earlier claim keeps the section.
   *
   * @return the claims, to claim steps with and to release; for a run that does not travel, claims
   *     that claim nothing
   * @throws MaintException (exit 2) naming the holder, the host and the section
   */
  static RunClaims take(RunPlan plan, Session session, List<String> sectionIds) {
    RunClaims claims = new RunClaims(plan, session);
    if (!claims.travels()) {
      return claims;
    }
    claims.fetch();
    claims.refuseHeld(sectionIds);
    Instant now = plan.where().clock().instant();
    for (String section : sectionIds) {
      claims.sections.add(claims.claim("section", section, now, now.plus(SECTION_LIFETIME)));
    }
    RunRefs.claim(plan.where().repoDir(), session.id(), claims.sections, plan.operator());
    if (claims.push()) {
      try {
        claims.refuseHeld(sectionIds);
      } catch (MaintException lost) {
        claims.close();
        throw lost;
      }
    }
    return claims;
  }

  private RunRefs.Claim claim(String kind, String target, Instant since, Instant expires) {
    return new RunRefs.Claim(kind, target, me, host, pid, since.toString(), expires.toString());
  }

  /**
   * Whether claims are made: for a run whose ref exists, pushed ({@code --push}) where the operators
   * on other clones see them. On one clone the section locks in the git folder keep walks apart.
   */
  private boolean travels() {
    RunPlan.Where where = plan.where();
    return where.commit() && where.push().isPresent()
        && RunRefs.exists(where.repoDir(), id);
  }

  /**
   * Pushes the run in the background, after the answers committed so far: one push at a time, and
   * a push asked for while another waits to start is that one (it carries every answer committed
   * until it starts). A push the remote refuses because it moved on fetches and merges, as {@link
   * #push} does; one that cannot reach the remote stops the walk trying it until its end.
   */
  private void pushSoon() {
    if (unreachable || queued.getAndSet(true)) {
      return;
    }
    if (pusher == null) {
      pusher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "maint-push-answers");
        t.setDaemon(true);
        return t;
      });
    }
    lastPush = pusher.submit(() -> {
      queued.set(false);
      if (unreachable) {
        return;
      }
      try {
        RunPlan.Where where = plan.where();
        if (!RunRefs.push(where.repoDir(), id, where.push().get(), where.env(), false, plan.operator())) {
          unreachable = true;
        }
      } catch (RecordException e) {
        // The walk committed to the run's ref while this push merged the remote's answers into it:
        // the next push (an answer's, a claim's, the walk's end) carries them.
      }
    });
  }

  /**
   * Waits for the answers' background push to end, so that the walk's own fetches and pushes
   * (claims, the walk's end) never run beside it and merge into the run's ref at the same time.
   */
  void settle() {
    java.util.concurrent.Future<?> pending = lastPush;
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // The push caught what it expected; anything else is the next push's to meet.
    }
  }

  /**
   * Fetches the run, unless the remote could not be reached earlier in this walk: an unreachable
   * host then costs the walk one wait, not one per step; the walk's end pushes what it committed.
   */
  private boolean fetch() {
    settle();
    RunPlan.Where where = plan.where();
    boolean fetched = where.push().isPresent() && !unreachable
        && RunRefs.fetch(where.repoDir(), where.push().get(), where.env(), where.gitInteractive(), plan.operator());
    unreachable = !fetched;
    return fetched;
  }

  /** Pushes the run, unless the remote could not be reached earlier in this walk (see {@link #fetch}). */
  private boolean push() {
    settle();
    RunPlan.Where where = plan.where();
    boolean pushed = where.push().isPresent() && !unreachable
        && RunRefs.push(where.repoDir(), id, where.push().get(), where.env(), where.gitInteractive(), plan.operator());
    unreachable = !pushed;
    return pushed;
  }

  /**
   * Refuses when a live claim of another walk holds one of {@code sectionIds} and came first: made
   * earlier than this walk's own claim on it (when it has one), equal times going to the operator,
   * host and process that sort first.
   */
  private void refuseHeld(List<String> sectionIds) {
    // A time that cannot be read (not written by maint) sorts first: such a claim holds its section.
    Comparator<RunRefs.Claim> first = Comparator.comparing((RunRefs.Claim c) -> parse(c.since()).orElse(Instant.MIN))
        .thenComparing(RunRefs.Claim::operator).thenComparing(RunRefs.Claim::host)
        .thenComparingLong(RunRefs.Claim::pid);
    for (RunRefs.Claim other : live("section", Set.copyOf(sectionIds))) {
      Optional<RunRefs.Claim> mine = sections.stream().filter(c -> c.target().equals(other.target())).findFirst();
      if (mine.isEmpty() || first.compare(other, mine.get()) < 0) {
        throw MaintException.usage("section " + shown(other.target()) + " of run " + id + " is being walked by "
            + shown(other.operator()) + " on " + shown(other.host()) + " (pid " + other.pid() + ", since "
            + shown(other.since()) + "): choose other sections with --only, or wait for it to finish");
      }
    }
  }

  /** Other walks' claims of {@code kind} on {@code targets} that hold now. */
  private List<RunRefs.Claim> live(String kind, Set<String> targets) {
    return live(plan.where().repoDir(), id, plan.where().clock().instant()).stream()
        .filter(c -> c.kind().equals(kind) && targets.contains(c.target()))
        .filter(c -> !(c.host().equals(host) && c.pid() == pid))
        .toList();
  }

  /**
   * The claims on run {@code id} that hold at {@code now}, as its ref in {@code repoDir} has them:
   * not released, not expired, and, when made on this host, by a process still running (a killed
   * maint's claim holds nothing).
   *
   * @throws RecordException when the repository cannot be read
   */
  static List<RunRefs.Claim> live(java.nio.file.Path repoDir, String id, Instant now) {
    String here = hostName();
    return RunRefs.claims(repoDir, id).stream()
        .filter(c -> parse(c.expires()).map(now::isBefore).orElse(false))
        .filter(c -> !c.host().equals(here) || ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false))
        .toList();
  }

  private static Optional<Instant> parse(String instant) {
    try {
      return Optional.of(Instant.parse(instant));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the step changes things, and so is claimed before it starts: a command not marked
   * {@code readonly}, an HTTP probe with a method other than GET, HEAD or OPTIONS.
   */
  static boolean changesThings(Step step) {
    if (step.action() instanceof Action.Run) {
      return !step.readonly();
    }
    return step.action() instanceof Action.Http http && !Set.of("GET", "HEAD", "OPTIONS").contains(http.method());
  }

  /** How long a step's command may run: its timeout (for an HTTP probe, every attempt and the waits between). */
  private static Duration timeout(Step step) {
    if (step.action() instanceof Action.Run run) {
      return Duration.ofSeconds(run.timeoutSeconds());
    }
    if (step.action() instanceof Action.Http http) {
      return Duration.ofSeconds((http.timeoutSeconds() + http.intervalSeconds()) * Math.max(1, http.attempts()));
    }
    return Duration.ZERO;
  }

  /** Text that came from another machine, as it may be shown: on one line, control characters escaped. */
  private static String shown(String text) {
    return OneLine.escape(text);
  }

  /**
   * The answer to {@code stepId} that another walk gave in this run and that stands (the latest,
   * as {@link RunSync#latest} decides), as the run's ref holds it now: not this session's own
   * answer, and not one that did not carry the step out ({@code interrupted}, {@code manual}).
   */
  private Optional<SessionStore.StoredStep> answeredElsewhere(String stepId) {
    Optional<RunRefs.Stored> run = RunRefs.find(plan.where().repoDir(), id);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    List<SessionStore.StoredStep> given = new ArrayList<>();
    SessionStore.parse(run.get().session()).ifPresent(s -> given.addAll(s.steps()));
    run.get().answers().forEach(a -> SessionStore.parseStep(a).ifPresent(given::add));
    Optional<StepResult> mine = session.result(stepId);
    List<SessionStore.StoredStep> others = given.stream()
        .filter(a -> a.id().equals(stepId))
        .filter(a -> !a.status().equals(Status.INTERRUPTED.label()) && !a.status().equals(Status.MANUAL.label()))
        .filter(a -> parse(a.started()).isPresent())
        .filter(a -> mine.isEmpty() || !(parse(a.started()).get().equals(mine.get().started())
            && a.walker(session.operator()).equals(session.walker(stepId))))
        .toList();
    return RunSync.latest(others).stream().findFirst();
  }

  @Override
  public Optional<Refusal> claim(Cadence.PlacedStep placed) {
    Step step = placed.step();
    if (!changesThings(step) || !travels()) {
      return Optional.empty();
    }
    try {
      fetch();
      Optional<SessionStore.StoredStep> answered = answeredElsewhere(step.id());
      if (answered.isPresent()) {
        SessionStore.StoredStep a = answered.get();
        return Optional.of(new Refusal("Step " + shown(step.id()) + " was answered by "
            + shown(a.walker(session.operator())) + " at " + shown(a.started()) + " (" + shown(a.status())
            + (a.reason() == null || a.reason().isEmpty() ? "" : ": " + shown(a.reason())) + ")", true));
      }
      List<RunRefs.Claim> held = live("step", Set.of(step.id()));
      if (!held.isEmpty()) {
        RunRefs.Claim c = held.get(0);
        return Optional.of(new Refusal("Step " + shown(step.id()) + " is being run by " + shown(c.operator()) + " on "
            + shown(c.host()) + " (pid " + c.pid() + ", since " + shown(c.since()) + ", claimed until "
            + shown(c.expires()) + ")", false));
      }
      Instant now = plan.where().clock().instant();
      RunRefs.Claim mine = claim("step", step.id(), now, now.plus(timeout(step)));
      RunRefs.claim(plan.where().repoDir(), id, List.of(mine), plan.operator());
      steps.put(step.id(), mine);
      push();
    } catch (RecordException e) {
      // A claim that cannot be written locally is no reason to stop a walk that can record nothing either.
    }
    return Optional.empty();
  }

  /**
   * Releases the claim on the step together with its answer, in one commit, so that an operator
   * who fetches the run in between sees the step answered rather than free to run again.
   */
  @Override
  public void release(Cadence.PlacedStep placed) {
    String stepId = placed.step().id();
    RunRefs.Claim mine = steps.remove(stepId);
    if (mine == null) {
      return;
    }
    try {
      Optional<StepResult> answer = session.result(stepId);
      if (answer.isPresent()) {
        String walker = session.walker(stepId);
        RunRefs.answered(plan.where().repoDir(), id, new RunRefs.Answer(stepId, answer.get().started().toString(),
            walker, SessionStore.bytes(SessionStore.stored(answer.get(), walker))), List.of(mine), plan.operator());
      } else {
        RunRefs.release(plan.where().repoDir(), id, List.of(mine), plan.operator());
      }
      push();
    } catch (RecordException e) {
      // The claim lapses after the step's timeout anyway.
    }
  }

  /**
   * What commits each answer to the run's ref as it is given, when the run travels, so that the
   * run on the remote keeps up with the walk: an operator who continues it elsewhere finds the
   * answers given so far, and the others see its progress. Every walk, interactive or unattended,
   * commits each answer at once and pushes it: an interactive walk at once (git may ask for
   * credentials), an unattended one in the background ({@link #pushSoon}), going on with its next
   * step meanwhile, answers given while a push runs going with the next one.
   * Once the remote could not be reached, the walk stops trying until its end (see {@link #push}),
   * and the next walk with a remote pushes what was committed meanwhile. A claimed step's answer
   * goes with the claim's release instead.
   */
  WalkListener answers() {
    return WalkListener.onRecorded((step, result) -> {
      if (steps.containsKey(step.step().id()) || !travels()) {
        return;
      }
      try {
        String walker = session.walker(result.stepId());
        RunRefs.answered(plan.where().repoDir(), id, new RunRefs.Answer(result.stepId(), result.started().toString(),
            walker, SessionStore.bytes(SessionStore.stored(result, walker))), List.of(), plan.operator());
        if (plan.where().gitInteractive()) {
          // git may ask for credentials on the terminal: only in the walk's own thread, between questions.
          push();
        } else {
          pushSoon();
        }
      } catch (RecordException e) {
        // The answer is in the session; the walk's end commits it to the ref with the rest.
      }
    });
  }

  /** Releases the section claims (and any step claim left), and pushes the release. */
  @Override
  public void close() {
    settle();
    if (pusher != null) {
      pusher.shutdown();
    }
    List<RunRefs.Claim> all = new ArrayList<>(sections);
    all.addAll(steps.values());
    sections.clear();
    steps.clear();
    if (all.isEmpty()) {
      return;
    }
    try {
      RunRefs.release(plan.where().repoDir(), id, all, plan.operator());
      push();
    } catch (RecordException e) {
      // The claims lapse on their own.
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }
}
