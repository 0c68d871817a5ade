package dev.maint.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A run of a cadence, as the git record has it.
 *
 * @param cadence the cadence id
 * @param session the session id
 * @param started when it started
 * @param date its start date in the runbook's time zone
 * @param operator {@code Name <mail>}
 * @param outcome {@code completed}, {@code quit} or {@code interrupted}
 * @param steps the steps of the cycle it belongs to
 * @param answered how many of those it answered (any status but manual and interrupted)
 * @param partial whether it does not count as the cadence done: it left a step of its cycle
 *     unanswered, or was quit or interrupted
 */
public record PastRun(
    String cadence, String session, Instant started, LocalDate date, String operator, String outcome, int steps,
    int answered, boolean partial) {
  public PastRun {
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(outcome, "outcome");
  }
}
