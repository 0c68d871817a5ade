package dev.maint.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The machine-readable record of one run, as committed next to the log row (JSON, see {@link
 * RecordJson}; property names in snake_case). Every field is non-null: absent text is {@code ""},
 * absent lists and maps are empty, so records written by older versions still read.
 *
 * @param format {@link #FORMAT}
 * @param session the session id
 * @param cadence the cadence id
 * @param environment the environment walked against
 * @param operator {@code Name <mail>}
 * @param runbook which runbook revision was walked
 * @param branch the branch the record was committed to; empty with {@code --no-commit}
 * @param started when the session started, ISO-8601 instant
 * @param ended when it ended, ISO-8601 instant
 * @param outcome {@code completed}, {@code quit} or {@code interrupted}
 * @param stepCount steps the cadence has (recorded or not)
 * @param counts recorded steps per status label ({@code pass}, {@code fail}, ...), only non-zero
 * @param steps every recorded step in walking order
 * @param previousSession the session of the previous run of this cadence; empty when none
 * @param acknowledged whether the operator acknowledged the open items at the start (interactive)
 * @param carriedForward what the previous run left open, and whether this run resolved it
 * @param log the human row appended to the Markdown log
 * @param emergency for the walk of an emergency response only: its trigger, SLA, deadline and
 *     whether it was met; {@code null} (and left out of the JSON) for every other run
 * @param coverage how much of its cycle the run covered; {@code null} only in records written
 *     before maint recorded it
 * @param operators every operator of the run ({@code Name <mail>}): who began it, then whose walks
 *     recorded its steps, in the order of their first answer; empty in records written before maint
 *     kept it (then {@code operator} alone)
 * @param conflicts the steps that more than one operator answered, with every answer and which
 *     stands; empty when none
 * @param overrides what the walk changed of what the runbook and its environment say ({@code
 *     --set}, {@code --resolve}, {@code --ca-file}), so that the environment is never claimed for
 *     a walk that went elsewhere; {@code null} only in records written before maint recorded it
 */
public record RunRecord(
    String format,
    String session,
    String cadence,
    String environment,
    String operator,
    RunbookRef runbook,
    String branch,
    String started,
    String ended,
    String outcome,
    int stepCount,
    Map<String, Integer> counts,
    List<StepRecord> steps,
    String previousSession,
    boolean acknowledged,
    List<CarriedItem> carriedForward,
    LogRow log,
    @JsonInclude(JsonInclude.Include.NON_NULL) Emergency emergency,
    @JsonInclude(JsonInclude.Include.NON_NULL) Coverage coverage,
    List<String> operators,
    List<Conflict> conflicts,

    @JsonInclude(JsonInclude.Include.NON_NULL) Overrides overrides) {
  /** The format id written in every record. */
  public static final String FORMAT = "maint-record/2";

  /** Formats that still read: {@code maint-record/1} records have no step {@code facts}. */
  public static final java.util.Set<String> READABLE = java.util.Set.of("maint-record/1", FORMAT);

  public RunRecord {
    format = text(format);
    session = text(session);
    cadence = text(cadence);
    environment = text(environment);
    operator = text(operator);
    runbook = runbook == null ? new RunbookRef("", "", "", "") : runbook;
    branch = text(branch);
    started = text(started);
    ended = text(ended);
    outcome = text(outcome);
    counts = counts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    steps = steps == null ? List.of() : List.copyOf(steps);
    previousSession = text(previousSession);
    carriedForward = carriedForward == null ? List.of() : List.copyOf(carriedForward);
    log = log == null ? new LogRow("", List.of(), "") : log;
    operators = operators == null ? List.of() : List.copyOf(operators);
    conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
  }

  /**
   * A step that more than one operator answered (two walks of one run, say on two clones): both
   * answers are kept, and the one given later (UTC) stands, equal times going to the operator whose
   * name sorts last.
   *
   * @param step the step id
   * @param answers every answer, oldest first
   */
  public record Conflict(String step, List<Answer> answers) {
    public Conflict {
      step = text(step);
      answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /**
     * One answer to the step.
     *
     * @param operator the operator whose walk gave it, {@code Name <mail>}
     * @param by who recorded it: the operator, or {@code maint} for an automated outcome
     * @param started when it was given, ISO-8601 instant (UTC)
     * @param status its status label
     * @param reason its reason
     * @param stands whether it is the answer the run keeps
     */
    public record Answer(String operator, String by, String started, String status, String reason, boolean stands) {
      public Answer {
        operator = text(operator);
        by = text(by);
        started = text(started);
        status = text(status);
        reason = text(reason);
      }
    }
  }

  /** Every operator of the run: {@link #operators}, or for a record written before maint kept them, {@link #operator}. */
  public List<String> allOperators() {
    return operators.isEmpty() && !operator.isEmpty() ? List.of(operator) : operators;
  }

  /**
   * The runbook revision walked.
   *
   * @param id runbook id
   * @param version the runbook's version string
   * @param sha256 hex SHA-256 of the runbook file
   * @param source the file it was loaded from
   */
  public record RunbookRef(String id, String version, String sha256, String source) {
    public RunbookRef {
      id = text(id);
      version = text(version);
      sha256 = text(sha256);
      source = text(source);
    }
  }

  /**
   * One step's outcome.
   *
   * @param id step id
   * @param title step title
   * @param status status label ({@code pass}, {@code fail}, ...)
   * @param reason why this status, one line
   * @param note the operator's note, may be empty
   * @param by who recorded it
   * @param started when the step started, ISO-8601 instant
   * @param durationMs how long it took, in milliseconds
   * @param evidence structured evidence (exit code, output, certificates), redacted
   * @param facts facts the step captured or asked, by name, redacted; empty in {@code
   *     maint-record/1} records
   * @param operator the operator whose walk recorded it ({@code Name <mail>}), also when {@code by}
   *     is {@code maint}; empty in records written before maint kept it
   */
  public record StepRecord(
      String id, String title, String status, String reason, String note, String by, String started,
      long durationMs, Map<String, Object> evidence, Map<String, String> facts, String operator) {
    public StepRecord {
      id = text(id);
      title = text(title);
      status = text(status);
      reason = text(reason);
      note = text(note);
      by = text(by);
      started = text(started);
      evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
      facts = facts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
      operator = text(operator);
    }
  }

  /**
   * Something a previous run left open.
   *
   * @param step the step id
   * @param kind {@code failed} (fail, error, interrupted), {@code warned} or {@code skipped}
   * @param status the previous status label
   * @param reason the previous reason (for a skip: the operator's reason)
   * @param note the previous note
   * @param now this run's status label for the step; empty when not recorded (or not known yet)
   * @param resolved whether this run passed the step
   */
  public record CarriedItem(
      String step, String kind, String status, String reason, String note, String now, boolean resolved) {
    public CarriedItem {
      step = text(step);
      kind = text(kind);
      status = text(status);
      reason = text(reason);
      note = text(note);
      now = text(now);
    }
  }

  /**
   * The Markdown row, so a later run can re-apply this entry on top of a moved remote branch.
   *
   * @param file the log's path in the repository
   * @param columns the log table's headings
   * @param row the row as appended, redacted
   */
  public record LogRow(String file, List<String> columns, String row) {
    public LogRow {
      file = text(file);
      columns = columns == null ? List.of() : List.copyOf(columns);
      row = text(row);
    }
  }

  /**
   * The SLA of an emergency response.
   *
   * @param trigger the emergency's id, e.g. {@code critical-cve}
   * @param description what happened
   * @param sla the SLA as the runbook writes it ({@code 24h}, {@code immediate}, {@code provider})
   * @param deadline when the response was due, ISO-8601 instant
   * @param met whether the run walked every step by the deadline
   */
  public record Emergency(String trigger, String description, String sla, String deadline, boolean met) {
    public Emergency {
      trigger = text(trigger);
      description = text(description);
      sla = text(sla);
      deadline = text(deadline);
    }
  }

  /**
   * How much of its cycle a run covered, so that {@code maint due} counts only a whole run as the
   * cadence done.
   *
   * @param cycleSteps the steps of the run's cycle, as the session decided it when it began: every
   *     step of the cadence, or in a light month without {@code --full} only those of its light
   *     sections
   * @param answered how many of those the run answered: recorded with any status but {@code manual}
   *     (left to a person) and {@code interrupted}
   * @param partial whether the run left one of them unanswered, or was quit or interrupted
   */
  public record Coverage(int cycleSteps, int answered, boolean partial) {}

  /**
   * The same record with secrets masked in its free text: step titles, reasons, notes and
   * evidence values (not their keys), the reasons and notes of carried items, and an emergency's
   * description. Ids, status labels, kinds, times, the session, the runbook's id and digest, the
   * branch, the operator and the log row (masked cell by cell when it was made, see {@link
   * LogEntry#cells}) are kept as they are: they have a fixed vocabulary, and a short secret such
   * as {@code status} must not turn them into {@code ***}.
   */
  @SuppressWarnings("unchecked")
  public RunRecord masked(Redactor redactor) {
    List<StepRecord> maskedSteps = steps.stream().map(s -> new StepRecord(s.id(), redactor.redact(s.title()),
        s.status(), redactor.redact(s.reason()), redactor.redact(s.note()), s.by(), s.started(), s.durationMs(),
        (Map<String, Object>) redactor.redactValue(s.evidence()),
        (Map<String, String>) redactor.redactValue(s.facts()), s.operator())).toList();
    List<CarriedItem> maskedCarried = carriedForward.stream().map(c -> new CarriedItem(c.step(), c.kind(),
        c.status(), redactor.redact(c.reason()), redactor.redact(c.note()), c.now(), c.resolved())).toList();
    Emergency maskedEmergency = emergency == null ? null : new Emergency(emergency.trigger(),
        redactor.redact(emergency.description()), emergency.sla(), emergency.deadline(), emergency.met());
    List<Conflict> maskedConflicts = conflicts.stream().map(c -> new Conflict(c.step(), c.answers().stream()
        .map(a -> new Conflict.Answer(a.operator(), a.by(), a.started(), a.status(), redactor.redact(a.reason()),
            a.stands())).toList())).toList();
    return withSteps(maskedSteps).withCarriedForward(maskedCarried).withEmergency(maskedEmergency)
        .withConflicts(maskedConflicts)
        .withOverrides(overrides == null ? null : overrides.masked(redactor));
  }

  /**
   * What a walk changed of what its runbook says for its environment.
   *
   * @param set the variables set by value ({@code --set}, a configuration file's {@code set:}) by
   *     name, in the order given; a secret's value is {@code ***}
   * @param resolve the {@code --resolve} values ({@code NAME:PORT:ADDRESS}), in the order given
   * @param caFile the {@code --ca-file} trusted besides the system store; {@code ""} when none
   * @param setFile the variables set from a file ({@code --set-file NAME=PATH}) by name: the PATH as
   *     given ({@code -} for standard input), never the value, which is masked as a secret; empty
   *     in records written before maint kept it (those listed such a variable in {@code set} as
   *     {@code ***})
   */
  public record Overrides(Map<String, String> set, List<String> resolve, String caFile, Map<String, String> setFile) {
    /** No override: the walk ran against what the runbook says. */
    public static final Overrides NONE = new Overrides(Map.of(), List.of(), "");

    public Overrides {
      set = set == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(set));
      resolve = resolve == null ? List.of() : List.copyOf(resolve);
      caFile = text(caFile);
      setFile = setFile == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(setFile));
    }

    /** Overrides without a variable set from a file. */
    public Overrides(Map<String, String> set, List<String> resolve, String caFile) {
      this(set, resolve, caFile, Map.of());
    }

    /** Whether nothing was overridden. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
      return set.isEmpty() && resolve.isEmpty() && caFile.isEmpty() && setFile.isEmpty();
    }

    /** What was overridden, named: the variables (by value or from a file), then {@code --resolve} and {@code --ca-file}. */
    public List<String> names() {
      // Sorted: the map's order depends on where each value came from, the row must not.
      java.util.SortedSet<String> variables = new java.util.TreeSet<>(set.keySet());
      variables.addAll(setFile.keySet());
      List<String> names = new java.util.ArrayList<>(variables);
      if (!resolve.isEmpty()) {
        names.add("--resolve");
      }
      if (!caFile.isEmpty()) {
        names.add("--ca-file");
      }
      return names;
    }

    /** The same overrides with secrets masked in the variables' values (names, addresses and the paths kept). */
    public Overrides masked(Redactor redactor) {
      Map<String, String> maskedSet = new LinkedHashMap<>();
      set.forEach((k, v) -> maskedSet.put(k, redactor.redact(v)));
      return new Overrides(maskedSet, resolve, caFile, setFile);
    }
  }

  /**
   * The environment as a person should read it: {@code production}, or {@code production
   * (overridden: app_dir, --resolve)} when the walk changed values or addresses, so a record never
   * claims an environment its probes did not go to.
   */
  public String environmentShown() {
    return environment + (overrides == null || overrides.isEmpty() ? ""
        : " (overridden: " + String.join(", ", overrides.names()) + ")");
  }

  /**
   * The environment with what was overridden, for inside parentheses: {@code production}, or
   * {@code production, overridden: app_dir, --resolve}.
   */
  public String environmentNoted() {
    return environment + (overrides == null || overrides.isEmpty() ? ""
        : ", overridden: " + String.join(", ", overrides.names()));
  }

  /** The same record with the emergency's SLA; null for none. */
  public RunRecord withEmergency(Emergency e) {
    return new RunRecord(format, session, cadence, environment, operator, runbook, branch, started, ended, outcome,
        stepCount, counts, steps, previousSession, acknowledged, carriedForward, log, e, coverage, operators, conflicts,
        overrides);
  }

  /** The same record with other steps. */
  public RunRecord withSteps(List<StepRecord> newSteps) {
    return new RunRecord(format, session, cadence, environment, operator, runbook, branch, started, ended, outcome,
        stepCount, counts, newSteps, previousSession, acknowledged, carriedForward, log, emergency, coverage,
        operators, conflicts, overrides);
  }

  /** The same record with other carried items. */
  public RunRecord withCarriedForward(List<CarriedItem> items) {
    return new RunRecord(format, session, cadence, environment, operator, runbook, branch, started, ended, outcome,
        stepCount, counts, steps, previousSession, acknowledged, items, log, emergency, coverage, operators, conflicts,
        overrides);
  }

  /** The same record with other conflicts. */
  public RunRecord withConflicts(List<Conflict> newConflicts) {
    return new RunRecord(format, session, cadence, environment, operator, runbook, branch, started, ended, outcome,
        stepCount, counts, steps, previousSession, acknowledged, carriedForward, log, emergency, coverage, operators,
        newConflicts, overrides);
  }

  /** The same record with other overrides ({@code null}: not known, as in records written before maint kept them). */
  public RunRecord withOverrides(Overrides newOverrides) {
    return new RunRecord(format, session, cadence, environment, operator, runbook, branch, started, ended, outcome,
        stepCount, counts, steps, previousSession, acknowledged, carriedForward, log, emergency, coverage, operators,
        conflicts, newOverrides);
  }

  /**
   * Starts the record of a finished session of {@code cadence}: not committed to a branch, no
   * previous run, nothing carried forward, no conflict, nothing overridden until said otherwise.
   */
  public static Builder of(Session session, Runbook runbook, Cadence cadence) {
    return new Builder(session, runbook, cadence);
  }

  /** Builds the record of a finished session ({@link #of}). */
  public static final class Builder {
    private final Session session;
    private final Runbook runbook;
    private final Cadence cadence;
    private String branch = "";
    private String row = "";
    private Optional<RunRecord> previous = Optional.empty();
    private boolean acknowledged;
    private List<CarriedItem> carried = List.of();
    private List<Conflict> conflicts = List.of();
    private Overrides overrides = Overrides.NONE;

    private Builder(Session session, Runbook runbook, Cadence cadence) {
      this.session = session;
      this.runbook = runbook;
      this.cadence = cadence;
    }

    /** The branch it is committed to; empty when not committed. */
    public Builder branch(String committedTo) {
      this.branch = committedTo;
      return this;
    }

    /** The redacted Markdown row. */
    public Builder row(String markdown) {
      this.row = markdown;
      return this;
    }

    /** The previous run of the cadence, if any, and whether the operator acknowledged its open items. */
    public Builder previous(Optional<RunRecord> run, boolean itemsAcknowledged) {
      this.previous = run;
      this.acknowledged = itemsAcknowledged;
      return this;
    }

    /** What the previous run left open, resolved against this session. */
    public Builder carried(List<CarriedItem> items) {
      this.carried = items;
      return this;
    }

    /** The steps more than one operator answered (see {@link Conflict}). */
    public Builder conflicts(List<Conflict> answeredTwice) {
      this.conflicts = answeredTwice;
      return this;
    }

    /** What the walk changed of the runbook's values and addresses. */
    public Builder overrides(Overrides changed) {
      this.overrides = changed;
      return this;
    }

    /** The record. */
    public RunRecord build() {
      Map<String, String> titles = cadence.steps().stream()
          .collect(Collectors.toMap(p -> p.step().id(), p -> p.step().title(), (a, b) -> a));
      Map<String, Integer> counts = new LinkedHashMap<>();
      session.counts().forEach((status, n) -> counts.put(status.label(), n));
      List<StepRecord> steps = session.results().stream()
          .map(r -> step(r, titles::get, session.walker(r.stepId())))
          .toList();
      String outcome = session.interrupted() ? "interrupted" : session.quit() ? "quit" : "completed";
      // The cycle the session decided when it began (see Session#cycle), never worked out again here.
      List<String> cycle = (session.cycle() == dev.maint.exec.Cycle.LIGHT ? cadence.lightSteps() : cadence.steps())
          .stream().map(p -> p.step().id()).toList();
      int answered = (int) cycle.stream()
          .filter(id -> session.result(id).filter(r -> r.status().answered()).isPresent()).count();
      return new RunRecord(
          FORMAT, session.id(), session.cadence(), session.environment(), session.operator(),
          new RunbookRef(runbook.id(), runbook.version(), runbook.sha256(), runbook.source()),
          branch, session.started().toString(), session.ended().orElse(session.started()).toString(),
          outcome, session.stepCount(), counts, steps,
          previous.map(RunRecord::session).orElse(""), acknowledged, carried,
          new LogRow(runbook.log().file(), runbook.log().columns(), row), null,
          new Coverage(cycle.size(), answered, !outcome.equals("completed") || answered < cycle.size()),
          session.operators(), conflicts, overrides);
    }
  }

  private static StepRecord step(StepResult r, Function<String, String> titles, String operator) {
    return new StepRecord(
        r.stepId(), Objects.requireNonNullElse(titles.apply(r.stepId()), ""), r.status().label(), r.reason(),
        r.note(), r.by(), r.started() == null ? "" : r.started().toString(),
        r.duration() == null ? 0 : r.duration().toMillis(), r.evidence(), r.facts(), operator);
  }

  /** When the session started; {@link Instant#EPOCH} when the field is not a valid instant. */
  public Instant startedAt() {
    try {
      return Instant.parse(started);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  /** The steps that are issues found, in walking order. */
  public List<StepRecord> issues() {
    return steps.stream().filter(s -> Status.isProblem(s.status())).toList();
  }

  /** The counts in words, as in the commit summary ({@code 3 done, 1 failed}). */
  public String countsText() {
    return LogEntry.counts(status -> counts.getOrDefault(status.label(), 0));
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
