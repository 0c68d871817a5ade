package dev.maint.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The recorded outcome of one step.
 *
 * @param stepId the step's id
 * @param status the status
 * @param reason one line: why this status (a probe's reason, "done by operator", a skip reason)
 * @param note the operator's note, may be empty
 * @param by who recorded it: the operator, or {@code maint} for automated outcomes
 * @param started when the step started
 * @param duration how long it took
 * @param evidence structured evidence (exit code, output head/tail, certificates); JSON-friendly
 * @param facts values the step captured from its output or asked of the operator, by fact name
 */
public record StepResult(
    String stepId,
    Status status,
    String reason,
    String note,
    String by,
    Instant started,
    Duration duration,
    Map<String, Object> evidence,
    Map<String, String> facts) {
  public StepResult {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(note, "note");
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }

  /** A result without facts. */
  public StepResult(
      String stepId, Status status, String reason, String note, String by, Instant started, Duration duration,
      Map<String, Object> evidence) {
    this(stepId, status, reason, note, by, started, duration, evidence, Map.of());
  }

  /** The same result with another note. */
  public StepResult withNote(String newNote) {
    return new StepResult(stepId, status, reason, newNote, by, started, duration, evidence, facts);
  }
}
