package dev.maint.runbook;

import java.util.Objects;

/**
 * A certificate threshold that knows the calendar ({@code valid_until: next-run + 7d} on a {@code
 * tls} or {@code cert} step): the certificate must stay valid past the last day of the cadence's
 * next window — the last day its next run is on time — plus a margin, else the step fails.
 *
 * @param cadence the id of the cadence the step belongs to (which has a {@code due:} schedule)
 * @param marginDays days after that last day the certificate must still be valid, at least 0
 */
public record NextRun(String cadence, int marginDays) {
  public NextRun {
    Objects.requireNonNull(cadence, "cadence");
    if (marginDays < 0) {
      throw new IllegalArgumentException("marginDays must not be negative: " + marginDays);
    }
  }

  /** As the runbook writes it: {@code next-run} or {@code next-run + 7d}. */
  @Override
  public String toString() {
    return "next-run" + (marginDays == 0 ? "" : " + " + marginDays + "d");
  }
}
