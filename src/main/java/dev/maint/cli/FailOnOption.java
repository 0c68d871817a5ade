package dev.maint.cli;

import dev.maint.MaintException;
import picocli.CommandLine.Option;

/** {@code --fail-on warn}: warnings, too, make the run exit 1. */
public final class FailOnOption {
  @Option(names = "--fail-on", paramLabel = "warn", description = "Also exit 1 on a warning. Only 'warn' is accepted.")
  String failOn;

  /**
   * Whether warnings fail the run.
   *
   * @throws MaintException (usage) for a value other than {@code warn}
   */
  boolean warn() {
    if (failOn != null && !failOn.equals("warn")) {
      throw MaintException.usage("--fail-on accepts only 'warn', got '" + failOn + "'");
    }
    return failOn != null;
  }
}
