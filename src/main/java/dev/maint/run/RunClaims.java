package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.StepClaims;
import dev.maint.record.RecordException;
import dev.maint.record.RunRefs;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Step;
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
 * starts and released once it is recorded. Each is committed to the run's ref and pushed at
 * once; a walk without {@code --push} makes none (on one clone, the section locks keep walks apart). A claim lapses on its own: a section's after {@link #SECTION_LIFETIME},
 * a step's after its timeout, and at once when it was made on this host by a process that is gone.
 */
final class RunClaims implements StepClaims, AutoCloseable {
  /** How long a section claim holds when its walk never releases it (a laptop that died, say). */
  static final Duration SECTION_LIFETIME = Duration.ofHours(12);

  private final RunPlan plan;
  private final String id;
  private final String me;
  private final String host;
  private final long pid;
  private final List<RunRefs.Claim> sections = new ArrayList<>();
  private final Map<String, RunRefs.Claim> steps = new LinkedHashMap<>();

  private RunClaims(RunPlan plan, String id) {
    this.plan = plan;
    this.id = id;
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
  static RunClaims take(RunPlan plan, String id, List<String> sectionIds) {
    RunClaims claims = new RunClaims(plan, id);
    if (!claims.travels()) {
      return claims;
    }
    claims.fetch();
    claims.refuseHeld(sectionIds);
    Instant now = plan.where().clock().instant();
    for (String section : sectionIds) {
      claims.sections.add(claims.claim("section", section, now, now.plus(SECTION_LIFETIME)));
    }
    RunRefs.claim(plan.where().repoDir(), id, claims.sections, plan.operator());
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

  private boolean fetch() {
    RunPlan.Where where = plan.where();
    return where.push().isPresent()
        && RunRefs.fetch(where.repoDir(), where.push().get(), where.env(), where.gitInteractive(), plan.operator());
  }

  private boolean push() {
    RunPlan.Where where = plan.where();
    return where.push().isPresent()
        && RunRefs.push(where.repoDir(), id, where.push().get(), where.env(), where.gitInteractive(), plan.operator());
  }

  /**
   * Refuses when a live claim of another walk holds one of {@code sectionIds} and came first: made
   * earlier than this walk's own claim on it (when it has one), equal times going to the operator,
   * host and process that sort first.
   */
  private void refuseHeld(List<String> sectionIds) {
    Comparator<RunRefs.Claim> first = Comparator.comparing((RunRefs.Claim c) -> Instant.parse(c.since()))
        .thenComparing(RunRefs.Claim::operator).thenComparing(RunRefs.Claim::host)
        .thenComparingLong(RunRefs.Claim::pid);
    for (RunRefs.Claim other : live("section", Set.copyOf(sectionIds))) {
      Optional<RunRefs.Claim> mine = sections.stream().filter(c -> c.target().equals(other.target())).findFirst();
      if (mine.isEmpty() || first.compare(other, mine.get()) < 0) {
        throw MaintException.usage("section " + other.target() + " of run " + id + " is being walked by "
            + other.operator() + " on " + other.host() + " (pid " + other.pid() + ", since " + other.since()
            + "): choose other sections with --only, or wait for it to finish");
      }
    }
  }

  /** Other walks' claims of {@code kind} on {@code targets} that hold now. */
  private List<RunRefs.Claim> live(String kind, Set<String> targets) {
    Instant now = plan.where().clock().instant();
    return RunRefs.claims(plan.where().repoDir(), id).stream()
        .filter(c -> c.kind().equals(kind) && targets.contains(c.target()))
        .filter(c -> !(c.host().equals(host) && c.pid() == pid))
        .filter(c -> parse(c.expires()).map(now::isBefore).orElse(false))
        // On this host a claim dies with its process: a killed maint's claim holds nothing.
        .filter(c -> !c.host().equals(host) || ProcessHandle.of(c.pid()).map(ProcessHandle::isAlive).orElse(false))
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

  @Override
  public Optional<String> claim(Cadence.PlacedStep placed) {
    Step step = placed.step();
    if (!changesThings(step) || !travels()) {
      return Optional.empty();
    }
    try {
      fetch();
      List<RunRefs.Claim> held = live("step", Set.of(step.id()));
      if (!held.isEmpty()) {
        RunRefs.Claim c = held.get(0);
        return Optional.of("Step " + step.id() + " is being run by " + c.operator() + " on " + c.host() + " (pid "
            + c.pid() + ", since " + c.since() + ", claimed until " + c.expires() + ")");
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

  @Override
  public void release(Cadence.PlacedStep placed) {
    RunRefs.Claim mine = steps.remove(placed.step().id());
    if (mine == null) {
      return;
    }
    try {
      RunRefs.release(plan.where().repoDir(), id, List.of(mine), plan.operator());
      push();
    } catch (RecordException e) {
      // The claim lapses after the step's timeout anyway.
    }
  }

  /** Releases the section claims (and any step claim left), and pushes the release. */
  @Override
  public void close() {
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
