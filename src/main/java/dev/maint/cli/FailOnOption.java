package dev.maint.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on warn}: warnings, too, make the run exit 1. picocli checks the value while
 * parsing, so another value is a usage error (exit 2) before any work starts.
 */
public final class FailOnOption {
  /** The statuses {@code --fail-on} accepts beyond fail and error. */
  enum Level implements EnumConverter.Explained {
    /** A warning fails the run too. */
    WARN;

    @Override
    public String why() {
      return "a step that is fail or error exits 1 without --fail-on";
    }

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Option(names = "--fail-on", paramLabel = "warn", description = "Also exit 1 on a warning. Only 'warn' is accepted.")
  Level failOn;

  /** Whether warnings fail the run. */
  boolean warn() {
    return failOn == Level.WARN;
  }
}
