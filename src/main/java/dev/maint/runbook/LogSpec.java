package dev.maint.runbook;

import java.util.List;

/**
 * The maintenance log the run appends a row to.
 *
 * @param file path of the Markdown log, relative to the git repository's root
 * @param columns column headings of the log table
 */
public record LogSpec(String file, List<String> columns) {
  /** The seed's columns. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of("Date", "Cadence", "Operator", "Activities", "Issues Found", "Notes");

  public LogSpec {
    columns = List.copyOf(columns);
  }
}
