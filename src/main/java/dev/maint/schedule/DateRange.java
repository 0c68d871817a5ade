package dev.maint.schedule;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Whole days from {@code start} to {@code end}, both included.
 *
 * @param start the first day
 * @param end the last day, not before {@code start}
 */
public record DateRange(LocalDate start, LocalDate end) {
  public DateRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("range ends before it starts: " + start + " – " + end);
    }
  }

  /** Whether {@code date} is one of the range's days. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(start) && !date.isAfter(end);
  }

  /** As shown: {@code 2026-02-02 – 2026-02-06}. */
  @Override
  public String toString() {
    return start + " – " + end;
  }
}
