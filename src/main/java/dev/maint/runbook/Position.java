package dev.maint.runbook;

/**
 * Where something stands in a runbook file, for error messages of the form {@code
 * FILE:LINE:COLUMN: message}.
 *
 * @param file the file name as the user gave it (or the embedded resource name)
 * @param line 1-based line, 0 for the file as a whole
 * @param column 1-based column, 0 for the file as a whole
 */
public record Position(String file, int line, int column) {
  /** {@code FILE:LINE:COLUMN}, or just {@code FILE} for problems with the file as a whole. */
  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
