package dev.maint.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A completed run of a cadence, as the git record has it.
 *
 * @param cadence the cadence id
 * @param session the session id
 * @param started when it started
 * @param date its start date in the runbook's time zone
 * @param operator {@code Name <mail>}
 */
public record PastRun(String cadence, String session, Instant started, LocalDate date, String operator) {
  public PastRun {
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(operator, "operator");
  }
}
