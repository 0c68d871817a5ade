package dev.maint.runbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * When a cadence is due: the {@code due:} key of a cadence. The dates each rule gives are computed
 * by {@code dev.maint.schedule.Schedule}; the months come from the runbook's calendar (see {@code
 * docs/schedule.md}).
 */
public enum Due {
  /** Every week, Monday to Friday. */
  WEEKLY,
  /** The first working week of each month the calendar gives the cadence. */
  FIRST_WORKING_WEEK,
  /** The first two working weeks of each month the calendar gives the cadence. */
  FIRST_TWO_WEEKS,
  /** The whole of each month the calendar gives the cadence. */
  MONTH;

  /** The name as written in a runbook, e.g. {@code first-working-week}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The rule with this {@link #label()}, if any. */
  public static Optional<Due> of(String label) {
    return Arrays.stream(values()).filter(d -> d.label().equals(label)).findFirst();
  }
}
