package dev.maint.report;

import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.exec.Walker;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report shows about one walk, taken from the finished {@link Session}: the report
 * writers read only this.
 *
 * <p>Every step the walk was to take has a row, in walking order. A step the walk never reached
 * (the operator quit, or a signal ended the run) is {@code skipped} with the reason "not reached".
 *
 * @param runbook the runbook's id, version, SHA-256 and source
 * @param cadence the cadence's id and title
 * @param environment the selected environment
 * @param operator {@code Name <mail>}
 * @param sessionId the session's short id
 * @param started when the walk started, in the runbook's time zone
 * @param ended when the walk ended, in the runbook's time zone
 * @param exitCode the exit code the walk's outcome maps to (0, 1 or 130)
 * @param failOnWarn whether {@code --fail-on warn} was in force (a warning then fails the run)
 * @param dryRun whether this was a {@code --dry-run}
 * @param rows one per step, in walking order
 * @param overrides what the walk changed of what the runbook says for its environment ({@code
 *     --set}, {@code --resolve}, {@code --ca-file}), secrets masked as the record masks them
 *     ({@link dev.maint.record.RunRecord#masked}); {@link RunRecord.Overrides#NONE} when nothing was
 */
public record RunReport(
    RunbookInfo runbook,
    CadenceInfo cadence,
    String environment,
    String operator,
    String sessionId,
    ZonedDateTime started,
    ZonedDateTime ended,
    int exitCode,
    boolean failOnWarn,
    boolean dryRun,
    List<Row> rows,
    RunRecord.Overrides overrides) {
  /** The reason given to a step the walk did not reach. */
  public static final String NOT_REACHED = "not reached";

  /** The same report with other rows. */
  public RunReport withRows(List<Row> newRows) {
    return new RunReport(runbook, cadence, environment, operator, sessionId, started, ended, exitCode, failOnWarn,
        dryRun, newRows, overrides);
  }

  /** The same report with another exit code. */
  public RunReport withExitCode(int newExitCode) {
    return new RunReport(runbook, cadence, environment, operator, sessionId, started, ended, newExitCode, failOnWarn,
        dryRun, rows, overrides);
  }

  /** The same report with other overrides. */
  public RunReport withOverrides(RunRecord.Overrides newOverrides) {
    return new RunReport(runbook, cadence, environment, operator, sessionId, started, ended, exitCode, failOnWarn,
        dryRun, rows, newOverrides);
  }

  public RunReport {
    Objects.requireNonNull(runbook, "runbook");
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(ended, "ended");
    rows = List.copyOf(rows);
    overrides = overrides == null ? RunRecord.Overrides.NONE : overrides;
  }

  /**
   * Which runbook.
   *
   * @param id runbook id
   * @param version the runbook's own version string (may be empty)
   * @param sha256 hex SHA-256 of the runbook file
   * @param source the file name or embedded resource it was loaded from
   */
  public record RunbookInfo(String id, String version, String sha256, String source) {}

  /**
   * Which cadence.
   *
   * @param id the cadence id, e.g. {@code continuous}
   * @param title its heading
   */
  public record CadenceInfo(String id, String title) {}

  /**
   * One step and its result.
   *
   * @param section the section directly holding the step
   * @param title the step's title
   * @param kind manual, run, http, tls or cert
   * @param result the recorded (already redacted) result
   */
  public record Row(Section section, String title, String kind, StepResult result) {
    public Row {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(result, "result");
    }

    /** The step's id. */
    public String stepId() {
      return result.stepId();
    }

    /** The step's status. */
    public Status status() {
      return result.status();
    }
  }

  /**
   * The report of a finished walk.
   *
   * @param steps the steps the walk was to take (after {@code --only}, {@code --skip}, ...)
   * @param session the finished session; its results are already redacted
   * @param exitCode the exit code the outcome maps to
   * @return the report, with no overrides ({@link #withOverrides} adds the run's)
   */
  public static RunReport of(
      Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> steps, Session session, int exitCode,
      boolean failOnWarn, boolean dryRun) {
    ZoneId zone = runbook.timezone();
    Instant end = session.ended().orElse(session.started());
    List<Row> rows = new ArrayList<>();
    for (Cadence.PlacedStep p : steps) {
      StepResult r = session.result(p.step().id()).orElseGet(() -> StepResult.builder(
          p.step().id(), Status.SKIPPED, NOT_REACHED + notReachedWhy(session)).by(Walker.MAINT).started(end).build());
      rows.add(new Row(p.section(), p.step().title(), p.step().kind(), r));
    }
    return new RunReport(
        new RunbookInfo(runbook.id(), runbook.version(), runbook.sha256(), runbook.source()),
        new CadenceInfo(cadence.id(), cadence.title()),
        session.environment(),
        session.operator(),
        session.id(),
        session.started().atZone(zone),
        end.atZone(zone),
        exitCode,
        failOnWarn,
        dryRun,
        rows,
        RunRecord.Overrides.NONE);
  }

  private static String notReachedWhy(Session session) {
    if (session.interrupted()) {
      return ": the run was interrupted";
    }
    return session.quit() ? ": the operator quit the walk" : "";
  }

  /** How many rows have each status; every status is present, zero when none has it. */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    rows.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
    return counts;
  }

  /** Whether a row with this status fails the run (fail, error; warn under --fail-on warn). */
  public boolean fails(Status status) {
    return status.failsRun(failOnWarn);
  }

  /** The whole walk's wall-clock time. */
  public Duration duration() {
    Duration d = Duration.between(started, ended);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
