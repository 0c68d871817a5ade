package dev.maint.runbook;

/**
 * Where something stands in a runbook file, for error messages of the form {@code
 * FILE:LINE:COLUMN: message}.
 *
 * @param file the file name as the user gave it (or the embedded resource name)
 * @param line 1-based line
 * @param column 1-based column
 */
public record Position(String file, int line, int column) {
  /** A position for things that do not come from a file. */
  public static final Position NONE = new Position("<none>", 0, 0);

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
