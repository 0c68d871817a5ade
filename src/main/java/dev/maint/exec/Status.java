package dev.maint.exec;

import dev.maint.ExitCode;
import dev.maint.probe.Verdict;
import java.util.Locale;
import java.util.stream.Stream;

/** The status of a step in a session (see README, "Step statuses"). */
public enum Status {
  /** Checked and right; an operator's "done". */
  PASS,
  /** Right, but near a limit. */
  WARN,
  /** Checked and wrong; an operator's "failed". */
  FAIL,
  /** Could not be checked: DNS, refused, timeout, missing command. */
  ERROR,
  /** Not done, on purpose or because its condition did not hold. */
  SKIPPED,
  /** Left to a person by a non-interactive run. */
  MANUAL,
  /** Stopped by Ctrl-C, SIGTERM, or a process that died mid-step. */
  INTERRUPTED;

  /** Lower-case name as reports show it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a step with this status was answered, by a person or by maint: anything but {@code
   * manual} (left to a person) and {@code interrupted}.
   */
  public boolean answered() {
    return this != MANUAL && this != INTERRUPTED;
  }

  /** Whether this status is an issue found: warn, fail, error or interrupted. */
  public boolean problem() {
    return this == WARN || this == FAIL || this == ERROR || this == INTERRUPTED;
  }

  /** Whether the status with this label (as {@link #label()}) is a {@link #problem()}. */
  public static boolean isProblem(String label) {
    for (Status s : values()) {
      if (s.label().equals(label)) {
        return s.problem();
      }
    }
    return false;
  }

  /** The status a probe verdict records as. */
  public static Status of(Verdict verdict) {
    return switch (verdict) {
      case PASS -> PASS;
      case WARN -> WARN;
      case FAIL -> FAIL;
      case ERROR -> ERROR;
    };
  }

  /**
   * Whether this status makes the run exit 1.
   *
   * @param failOnWarn whether {@code --fail-on warn} is in force
   */
  public boolean failsRun(boolean failOnWarn) {
    return this == FAIL || this == ERROR || (failOnWarn && this == WARN);
  }

  /**
   * The exit code a run ends with, decided here for a walk ({@link Session#exitCode}) and for a
   * record read back alike: {@link ExitCode#INTERRUPTED} when a signal ended it, {@link
   * ExitCode#CHECK_FAILED} when a status {@link #failsRun fails the run}, else {@link
   * ExitCode#OK}.
   *
   * @param interrupted whether a signal ended the run
   * @param statuses the statuses recorded
   * @param failOnWarn whether {@code --fail-on warn} is in force
   */
  public static int exitCode(boolean interrupted, Stream<Status> statuses, boolean failOnWarn) {
    if (interrupted) {
      return ExitCode.INTERRUPTED;
    }
    return statuses.anyMatch(s -> s.failsRun(failOnWarn)) ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }
}
