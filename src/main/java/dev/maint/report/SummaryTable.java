package dev.maint.report;

import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.record.LogEntry;
import dev.maint.text.ControlCharacters;
import dev.maint.text.OneLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;

/** The end-of-run table for a terminal: one row per recorded step, then the counts. */
public final class SummaryTable {
  private static final int REASON_WIDTH = 90;

  private SummaryTable() {}

  /**
   * Prints the table.
   *
   * @param label renders a status (coloured or plain)
   * @param problemsOnly {@code -q}: only rows that are warn, fail, error or interrupted, and
   *     nothing at all when there are none
   */
  public static void print(
      PrintWriter out, Session session, Function<Status, String> label, boolean problemsOnly) {
    List<StepResult> rows = session.results().stream()
        .filter(r -> !problemsOnly || r.status().problem())
        .toList();
    // A session file is anyone's text: its ids and cadence are shown escaped, never sent to the terminal.
    int idWidth = Math.max(4, rows.stream().mapToInt(r -> OneLine.escape(r.stepId()).length()).max().orElse(4));
    if (!problemsOnly) {
      out.println();
    }
    if (!rows.isEmpty()) {
      out.println(String.format("%-" + idWidth + "s  %-11s  %s", "STEP", "STATUS", "REASON"));
      for (StepResult r : rows) {
        String status = label.apply(r.status());
        // Padding is computed on the plain label so colour codes do not skew columns.
        String pad = " ".repeat(Math.max(0, 11 - r.status().label().length()));
        out.println(String.format("%-" + idWidth + "s  ", OneLine.escape(r.stepId())) + status + pad + "  "
            + OneLine.clip(ControlCharacters.strip(r.reason()), REASON_WIDTH));
      }
    }
    if (!problemsOnly) {
      out.println(OneLine.escape(session.cadence()) + ": " + LogEntry.counts(session) + " (" + session.results().size()
          + " of " + session.stepCount() + " steps recorded)");
    }
    out.flush();
  }
}
