package dev.maint.schedule;

import java.util.Locale;

/** Where a cadence stands on a date; see {@link Dues}. */
public enum DueState {
  /** Its latest window has passed and was met by a whole run; the next one has not started. */
  NOT_DUE,
  /** Its window is open and no whole run is recorded in it yet (a partial one may be). */
  DUE,
  /** Its latest window has passed without a whole run. */
  OVERDUE,
  /** A whole run is recorded in its open window. */
  DONE;

  /** As shown and in JSON: {@code not-due}, {@code due}, {@code overdue}, {@code done}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
