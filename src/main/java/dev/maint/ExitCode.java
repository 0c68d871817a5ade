package dev.maint;

/**
 * The process exit codes of {@code maint}, defined once. Documented in {@code --help} and the
 * README.
 */
public final class ExitCode {
  /** Nothing failed or errored. */
  public static final int OK = 0;
  /** A step is {@code fail} or {@code error} (or {@code warn} under {@code --fail-on warn}). */
  public static final int CHECK_FAILED = 1;
  /** Usage error or invalid runbook. */
  public static final int USAGE = 2;
  /** The run was interrupted (SIGINT/SIGTERM/SIGHUP), 128 + 2 as shells report it. */
  public static final int INTERRUPTED = 130;

  /** An internal error: a bug in {@code maint} (EX_SOFTWARE of sysexits.h). */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
