package dev.maint.record;

import dev.maint.ExitCode;
import dev.maint.MaintException;

/**
 * The log entry cannot be committed (not a repository, the target branch is checked out, the
 * branch moved). Exit code 2: the operator must change something before trying again; the
 * session's results are still reported.
 */
public class RecordException extends MaintException {
  private static final long serialVersionUID = 1L;

  public RecordException(String message) {
    super(ExitCode.USAGE, message);
  }

  public RecordException(String message, Throwable cause) {
    super(ExitCode.USAGE, message, cause);
  }
}
