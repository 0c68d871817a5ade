package dev.maint.runbook;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where a run is recorded in git: the Markdown log it appends a row to, and the structured record
 * file it adds.
 *
 * @param file path of the Markdown log, relative to the git repository's root
 * @param columns column headings of the log table
 * @param records path pattern of the JSON record file, relative to the repository's root, with
 *     the tokens of {@link #RECORD_TOKENS}; always contains {@code {session}}, so every run adds a
 *     new file
 */
public record LogSpec(String file, List<String> columns, String records) {
  /** The seed's columns. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of("Date", "Cadence", "Operator", "Activities", "Issues Found", "Notes");

  /** Where the log lives unless the runbook says otherwise. */
  public static final String DEFAULT_FILE = "maintenance/log.md";

  /** Where records go unless the runbook says otherwise. */
  public static final String DEFAULT_RECORDS = "maintenance/records/{date}-{cadence}-{session}.json";

  /** Tokens a record pattern may use: the session's date (yyyy-MM-dd), ids, and the branch tokens. */
  public static final Set<String> RECORD_TOKENS =
      Set.of("{date}", "{cadence}", "{session}", "{year}", "{month}", "{quarter}", "{week-year}", "{week}");

  public LogSpec {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(records, "records");
    columns = List.copyOf(columns);
  }

  /** The defaults: {@link #DEFAULT_FILE}, {@link #DEFAULT_COLUMNS}, {@link #DEFAULT_RECORDS}. */
  public static LogSpec defaults() {
    return new LogSpec(DEFAULT_FILE, DEFAULT_COLUMNS, DEFAULT_RECORDS);
  }
}
