package dev.maint.exec;

import java.util.Locale;

/**
 * Which cycle of its cadence a session belongs to: the full one, or in a light month (December in
 * the seed) the light one, whose sections are walked alone unless {@code --full}. Decided once,
 * from the month the session begins in, and kept with it: a November session resumed in December
 * walks November's cycle.
 */
public enum Cycle {
  /** Every section of the cadence. */
  FULL,
  /** A light month's: only the sections marked {@code light: true} are walked, unless {@code --full}. */
  LIGHT;

  /** The word in the session file: {@code full} or {@code light}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The cycle a session file names; empty for a file saved before maint kept it, or an unknown word. */
  public static java.util.Optional<Cycle> of(String label) {
    for (Cycle c : values()) {
      if (c.label().equals(label)) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }
}
