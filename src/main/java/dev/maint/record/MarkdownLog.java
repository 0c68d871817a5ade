package dev.maint.record;

import dev.maint.text.ControlCharacters;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The maintenance log as a Markdown table ({@code | Date | Cadence | ... |}). Appends a row after
 * the last row of the table whose header matches the columns, leaving the rest of the file as it
 * was; creates the table when there is none.
 */
public final class MarkdownLog {
  private static final Pattern SESSION = Pattern.compile("session [0-9a-f]{8}\\b");

  private MarkdownLog() {}

  /**
   * A table row with cells escaped: {@code |} becomes {@code \|}, line breaks become spaces, and
   * escape sequences, control and bidirectional characters are made safe as {@link
   * ControlCharacters#strip} does (a note's U+202E is written {@code <U+202E>}).
   */
  public static String row(List<String> cells) {
    List<String> escaped = new ArrayList<>();
    for (String c : cells) {
      String v = c == null || c.isBlank() ? "—"
          : ControlCharacters.strip(c).replaceAll("\\s*\\R\\s*", " ").replace("|", "\\|").strip();
      escaped.add(v);
    }
    return "| " + String.join(" | ", escaped) + " |";
  }

  /**
   * The log text with {@code row} appended; a row naming the same session ({@code session ID},
   * see {@link LogEntry#sessionMarker}) is replaced instead, so a resumed session updates its own
   * row and the log never holds two rows for one session.
   *
   * @param existing the current file content, or null when the file does not exist
   * @param columns the table's column headings
   */
  public static String append(String existing, List<String> columns, String row) {
    String header = row(columns);
    if (existing == null || existing.isBlank()) {
      return "# Maintenance Log\n\n" + header + "\n" + separator(columns.size()) + "\n" + row + "\n";
    }
    List<String> lines = new ArrayList<>(existing.lines().toList());
    Matcher session = SESSION.matcher(row);
    if (session.find()) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).strip().startsWith("|") && lines.get(i).contains(session.group())) {
          lines.set(i, row);
          return String.join("\n", lines) + "\n";
        }
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
