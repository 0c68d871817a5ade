package dev.maint.record;

import java.util.ArrayList;
import java.util.List;

/**
 * The maintenance log as a Markdown table ({@code | Date | Cadence | ... |}). Appends a row after
 * the last row of the table whose header matches the columns, leaving the rest of the file as it
 * was; creates the table when there is none.
 */
public final class MarkdownLog {
  private MarkdownLog() {}

  /** A table row with cells escaped: {@code |} becomes {@code \|}, line breaks become spaces. */
  public static String row(List<String> cells) {
    List<String> escaped = new ArrayList<>();
    for (String c : cells) {
      String v = c == null || c.isBlank() ? "—" : c.replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|").strip();
      escaped.add(v);
    }
    return "| " + String.join(" | ", escaped) + " |";
  }

  /**
   * The log text with {@code row} appended, or replacing the row that holds {@code marker} (a
   * resumed session updates its own row: the log never holds two rows for one session).
   *
   * @param existing the current file content, or null when the file does not exist
   * @param columns the table's column headings
   * @param marker text unique to this session's row
   */
  public static String append(String existing, List<String> columns, String row, String marker) {
    String header = row(columns);
    if (existing == null || existing.isBlank()) {
      return "# Maintenance Log\n\n" + header + "\n" + separator(columns.size()) + "\n" + row + "\n";
    }
    List<String> lines = new ArrayList<>(existing.lines().toList());
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith("|") && lines.get(i).contains(marker)) {
        lines.set(i, row);
        return String.join("\n", lines) + "\n";
      }
    }
    int headerAt = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (normalize(lines.get(i)).equals(normalize(header))) {
        headerAt = i;
      }
    }
    if (headerAt < 0) {
      StringBuilder s = new StringBuilder(existing);
      if (!existing.endsWith("\n")) {
        s.append('\n');
      }
      return s.append('\n').append(header).append('\n').append(separator(columns.size())).append('\n')
          .append(row).append('\n').toString();
    }
    int last = headerAt;
    while (last + 1 < lines.size() && lines.get(last + 1).strip().startsWith("|")) {
      last++;
    }
    lines.add(last + 1, row);
    return String.join("\n", lines) + "\n";
  }

  private static String separator(int n) {
    return "|" + "---|".repeat(n);
  }

  private static String normalize(String line) {
    return line.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
  }
}
