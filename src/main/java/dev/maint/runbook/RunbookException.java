package dev.maint.runbook;

import dev.maint.ExitCode;
import dev.maint.MaintException;

/** A runbook that cannot be loaded or is invalid; exit code 2. The message names the position. */
public final class RunbookException extends MaintException {
  private static final long serialVersionUID = 1L;

  private final transient Position position;

  /**
   * @param position where the problem is
   * @param message what is wrong, without the position; a line break or other control character
   *     in it (quoted from the runbook) is shown escaped, so the error stays one line
   */
  public RunbookException(Position position, String message) {
    super(ExitCode.USAGE, position + ": " + dev.maint.text.OneLine.escape(message));
    this.position = position;
  }

  /** The position of the problem in the runbook file. */
  public Position position() {
    return position;
  }
}
