package dev.maint.schedule;

import java.util.Objects;

/**
 * One time a cadence is due: the days it should be walked in.
 *
 * @param cadence the cadence id
 * @param window the days the run is due in
 * @param light whether the runbook's calendar marks this month's cycle light (only the sections
 *     marked {@code light: true}, e.g. December's security patches)
 */
public record Occurrence(String cadence, DateRange window, boolean light) {
  public Occurrence {
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(window, "window");
  }
}
