package dev.maint.exec;

import dev.maint.ExitCode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One walk of a cadence: who, where, when, and each step's result so far. The walk's mutable
 * aggregate; reports and the log read it after the walk.
 */
public final class Session {
  private final String id;
  private final String runbookId;
  private final String runbookVersion;
  private final String runbookSha256;
  private final ZoneId timezone;
  private final String cadence;
  private final String environment;
  private final String operator;
  private final Instant started;
  private final Map<String, StepResult> results = new LinkedHashMap<>();
  private final Map<String, String> pendingNotes = new LinkedHashMap<>();
  /** By step id, the operator whose walk recorded its result (see {@link #walker}). */
  private final Map<String, String> walkers = new LinkedHashMap<>();
  private final List<String> order;
  private final List<String> cadenceSteps;
  private final Cycle cycle;
  private Instant ended;
  private Instant deadline;
  private Start start;
  private String walkedBy;
  private boolean interrupted;
  private boolean quit;
  private boolean acknowledged;

  /**
   * @param id short unique session id
   * @param timezone the runbook's time zone, in which the session's times are shown
   * @param order ids of the session's steps in walking order, for ordered results: the steps
   *     selected, and steps recorded earlier in the session that this walk did not select
   * @param cadenceSteps ids of every step of the cadence as the runbook has them, selected or not:
   *     what a later resume compares a changed runbook with
   * @param cycle how much of the cadence the session walks, decided when it began
   */
  public Session(
      String id,
      String runbookId,
      String runbookVersion,
      String runbookSha256,
      ZoneId timezone,
      String cadence,
      String environment,
      String operator,
      Instant started,
      List<String> order,
      List<String> cadenceSteps,
      Cycle cycle) {
    this.id = id;
    this.runbookId = runbookId;
    this.runbookVersion = runbookVersion;
    this.runbookSha256 = runbookSha256;
    this.timezone = timezone;
    this.cadence = cadence;
    this.environment = environment;
    this.operator = operator;
    this.started = started;
    this.order = new ArrayList<>(order);
    this.cadenceSteps = List.copyOf(cadenceSteps);
    this.cycle = java.util.Objects.requireNonNull(cycle, "cycle");
  }

  /** A session of the whole cadence ({@link Cycle#FULL}); see the full constructor. */
  public Session(
      String id, String runbookId, String runbookVersion, String runbookSha256, ZoneId timezone, String cadence,
      String environment, String operator, Instant started, List<String> order, List<String> cadenceSteps) {
    this(id, runbookId, runbookVersion, runbookSha256, timezone, cadence, environment, operator, started, order,
        cadenceSteps, Cycle.FULL);
  }

  /** How much of the cadence the session walks, as decided when it began. */
  public Cycle cycle() {
    return cycle;
  }

  public String id() {
    return id;
  }

  public String runbookId() {
    return runbookId;
  }

  public String runbookVersion() {
    return runbookVersion;
  }

  public String runbookSha256() {
    return runbookSha256;
  }

  /** The runbook's time zone, in which the session's times are shown. */
  public ZoneId timezone() {
    return timezone;
  }

  public String cadence() {
    return cadence;
  }

  public String environment() {
    return environment;
  }

  /** The operator as {@code Name <mail>}. */
  public String operator() {
    return operator;
  }

  public Instant started() {
    return started;
  }

  /**
   * The deadline of an emergency response, kept with the session so that a resumed response keeps
   * it (a provider's date is not asked again); empty for every other walk.
   */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /**
   * The operator walking the session now, {@code Name <mail>}: who this walk's answers are
   * attributed to. The one who began it ({@link #operator()}) unless another took it over.
   */
  public String walkedBy() {
    return walkedBy == null ? operator : walkedBy;
  }

  /** Sets who walks the session now (see {@link #walkedBy()}). */
  public void walkedBy(String who) {
    walkedBy = who;
  }

  /**
   * Everyone who answered a step of the session, in the order of their first answer, and the one
   * who began it first; {@code maint} itself is not an operator.
   */
  public List<String> operators() {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    all.add(operator);
    results().stream().map(r -> walker(r.stepId())).forEach(all::add);
    all.addAll(replacedBy);
    return List.copyOf(all);
  }

  /** Operators whose only answers were replaced by later ones (see {@link #answeredBefore}). */
  private final java.util.Set<String> replacedBy = new java.util.LinkedHashSet<>();

  /**
   * Notes that {@code who} answered a step of the run whose answer a later one replaced: still an
   * operator of the run ({@link #operators()}).
   */
  public void answeredBefore(String who) {
    replacedBy.add(who);
  }

  /**
   * The operator ({@code Name <mail>}) whose walk recorded the step's result: who answered it, or
   * whose {@code maint} ran it (its {@code by} is then {@code maint}); the one who began the session
   * for a result without one.
   */
  public String walker(String stepId) {
    return walkers.getOrDefault(stepId, operator);
  }

  /** How the session was started (see {@link Start}); empty for a file saved before maint kept it. */
  public Optional<Start> start() {
    return Optional.ofNullable(start);
  }

  /** Sets how the session was started, saved with it from its next save on. */
  public void start(Start how) {
    start = how;
  }

  /** Sets the response's deadline, saved with the session from its next save on. */
  public void deadline(Instant at) {
    deadline = at;
  }

  /** When the walk ended, if it has. */
  public Optional<Instant> ended() {
    return Optional.ofNullable(ended);
  }

  /** Whether the run was ended by a signal (exit code 130). */
  public boolean interrupted() {
    return interrupted;
  }

  /** Whether the operator quit before the last step. */
  public boolean quit() {
    return quit;
  }

  /**
   * Whether the walk stopped before its end, by a quit or a signal: such a session stays open, to
   * be resumed.
   */
  public boolean endedEarly() {
    return quit || interrupted;
  }

  /** Whether the operator acknowledged what the previous run left open (asked once per session). */
  public boolean acknowledged() {
    return acknowledged;
  }

  /** Notes that the operator acknowledged what the previous run left open. */
  public void acknowledge() {
    acknowledged = true;
  }

  /** Records (or replaces) a step's result, walked by the operator walking the session now ({@link #walkedBy()}). */
  public void record(StepResult result) {
    record(result, walkedBy());
  }

  /**
   * Records (or replaces) a step's result as walked by {@code walker}. A step the session did not
   * walk yet (answered by another operator's walk of the same run) joins its steps, in the
   * cadence's order.
   *
   * @param walker {@code Name <mail>}
   */
  public void record(StepResult result, String walker) {
    String id = result.stepId();
    if (!order.contains(id)) {
      int at = cadenceSteps.indexOf(id);
      int before = at < 0 ? order.size() : (int) order.stream()
          .filter(o -> cadenceSteps.indexOf(o) >= 0 && cadenceSteps.indexOf(o) < at).count();
      order.add(before, id);
    }
    StepResult before = results.put(id, result);
    // A note added to an answer amends it (same time, same hand): it stays the answer of whoever gave it.
    boolean amended = before != null && before.started().equals(result.started())
        && java.util.Objects.equals(before.by(), result.by()) && walkers.containsKey(id);
    if (!amended) {
      walkers.put(id, walker);
    }
  }

  /**
   * Notes given to steps that have no result yet, by step id in the order first given. They
   * belong to the session, and are saved with it, so that they survive until the step is answered
   * even when {@code maint} dies first.
   */
  public Map<String, String> pendingNotes() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(pendingNotes));
  }

  /** The note waiting for a step's answer; empty when there is none. */
  public String pendingNote(String stepId) {
    return pendingNotes.getOrDefault(stepId, "");
  }

  /** Sets the note waiting for a step's answer (already redacted); an empty note removes it. */
  public void pendingNote(String stepId, String note) {
    if (note.isEmpty()) {
      pendingNotes.remove(stepId);
    } else {
      pendingNotes.put(stepId, note);
    }
  }

  /** A step's result, if recorded. */
  public Optional<StepResult> result(String stepId) {
    return Optional.ofNullable(results.get(stepId));
  }

  /** Recorded results in walking order. */
  public List<StepResult> results() {
    List<StepResult> out = new ArrayList<>();
    for (String stepId : order) {
      StepResult r = results.get(stepId);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Ids of the session's steps in walking order. */
  public List<String> order() {
    return List.copyOf(order);
  }

  /** Ids of every step of the cadence when the session was opened, selected or not. */
  public List<String> cadenceSteps() {
    return cadenceSteps;
  }

  /** Number of steps the session walks. */
  public int stepCount() {
    return order.size();
  }

  /** Count of results per status, of the same results as {@link #results()}. */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    results().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    return counts;
  }

  /** Ends the walk. */
  public void end(Instant at, boolean byQuit, boolean bySignal) {
    ended = at;
    quit = byQuit;
    interrupted = bySignal;
  }

  /**
   * The exit code the walk ends with: {@link ExitCode#INTERRUPTED} when a signal ended it, {@link
   * ExitCode#CHECK_FAILED} when a step failed or errored (or warned under {@code --fail-on warn}),
   * else {@link ExitCode#OK}.
   *
   * @param failOnWarn {@code --fail-on warn}
   */
  public int exitCode(boolean failOnWarn) {
    return Status.exitCode(interrupted, results.values().stream().map(StepResult::status), failOnWarn);
  }

  /**
   * Whether the run exits 1.
   *
   * @param failOnWarn {@code --fail-on warn}
   */
  public boolean failed(boolean failOnWarn) {
    return results.values().stream().anyMatch(r -> r.status().failsRun(failOnWarn));
  }
}
