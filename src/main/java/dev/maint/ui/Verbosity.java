package dev.maint.ui;

/** How much the terminal shows: {@code -q} only problems, {@code -v} extra detail. */
public enum Verbosity {
  QUIET,
  NORMAL,
  VERBOSE
}
