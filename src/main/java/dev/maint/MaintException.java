package dev.maint;

/**
 * An error the CLI shows as one line and maps to an exit code from {@link ExitCode}. The stack
 * trace is shown only with {@code --verbose}.
 */
public class MaintException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * @param exitCode one of the {@link ExitCode} values
   * @param message a one-line message for the user
   */
  public MaintException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Like {@link #MaintException(int, String)}, keeping the cause for {@code --verbose}. */
  public MaintException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage error (exit code 2). */
  public static MaintException usage(String message) {
    return new MaintException(ExitCode.USAGE, message);
  }

  /** The exit code the process ends with. */
  public int exitCode() {
    return exitCode;
  }
}
