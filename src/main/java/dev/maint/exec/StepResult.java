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
    return toBuilder().note(newNote).build();
  }

  /**
   * A result of step {@code stepId} built by name: no note, recorded by {@link Walker#MAINT} at the
   * epoch, no duration, evidence or facts, until said otherwise.
   */
  public static Builder builder(String stepId, Status status, String reason) {
    return new Builder(stepId, status, reason);
  }

  /** A builder holding this result's values, to change some of them by name. */
  public Builder toBuilder() {
    return new Builder(stepId, status, reason).note(note).by(by).started(started).duration(duration)
        .evidence(evidence).facts(facts);
  }

  /** Builds a {@link StepResult} by name; {@link #build()} checks it as the record does. */
  public static final class Builder {
    private String stepId;
    private Status status;
    private String reason;
    private String note = "";
    private String by = Walker.MAINT;
    private Instant started = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private Map<String, Object> evidence = Map.of();
    private Map<String, String> facts = Map.of();

    private Builder(String stepId, Status status, String reason) {
      this.stepId = stepId;
      this.status = status;
      this.reason = reason;
    }

    public Builder stepId(String value) {
      stepId = value;
      return this;
    }

    public Builder status(Status value) {
      status = value;
      return this;
    }

    public Builder reason(String value) {
      reason = value;
      return this;
    }

    public Builder note(String value) {
      note = value;
      return this;
    }

    /** Who recorded it: {@code Name <mail>}, or {@link Walker#MAINT}. */
    public Builder by(String value) {
      by = value;
      return this;
    }

    public Builder started(Instant value) {
      started = value;
      return this;
    }

    public Builder duration(Duration value) {
      duration = value;
      return this;
    }

    /** JSON-friendly evidence, copied when built. */
    public Builder evidence(Map<String, Object> value) {
      evidence = value;
      return this;
    }

    /** Facts by name, copied when built. */
    public Builder facts(Map<String, String> value) {
      facts = value;
      return this;
    }

    /**
     * The result.
     *
     * @throws NullPointerException when the step id, status, reason or note is null
     */
    public StepResult build() {
      return new StepResult(stepId, status, reason, note, by, started, duration, evidence, facts);
    }
  }
}
