package dev.maint.report;

import dev.maint.record.RecordJson;
import dev.maint.schedule.DueState;
import dev.maint.schedule.Dues;
import dev.maint.schedule.Occurrence;
import dev.maint.schedule.PastRun;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** {@code maint due}: each cadence's state on a date, as a table or JSON. */
public final class DueView {
  /**
   * A window, for JSON.
   *
   * @param start first day, ISO date
   * @param end last day, ISO date
   * @param light whether the cycle is light
   */
  public record Window(String start, String end, boolean light) {}

  /**
   * A run, for JSON.
   *
   * @param session the session id
   * @param started ISO-8601 instant
   * @param date the start date in the runbook's time zone
   * @param operator {@code Name <mail>}
   * @param outcome {@code completed}, {@code quit} or {@code interrupted}
   * @param steps the steps of its cycle
   * @param answered how many of them it answered
   */
  public record Run(
      String session, String started, String date, String operator, String outcome, int steps, int answered) {}

  /**
   * A cadence, for JSON; absent windows and runs are {@code null}.
   *
   * @param cadence the cadence id
   * @param due its rule
   * @param state {@code not-due}, {@code due}, {@code overdue} or {@code done}
   * @param window the current occurrence's window
   * @param lastRun the newest whole run on or before the date
   * @param partialRun when no whole run counts for the current window, the newest partial run in it
   * @param nextWindow the next occurrence's window
   */
  public record Entry(
      String cadence, String due, String state, Window window, Run lastRun, Run partialRun, Window nextWindow) {}

  /**
   * The report, for JSON.
   *
   * @param schema {@code maint-due/1}
   * @param date the day looked at, ISO date
   * @param timezone the runbook's time zone
   * @param exitCode 1 when anything is overdue, else 0
   * @param cadences every scheduled cadence, in runbook order
   * @param unscheduled the ids of the cadences without {@code due:}: no schedule, never due or overdue
   */
  public record Report(String schema, String date, String timezone, int exitCode, List<Entry> cadences,
      List<String> unscheduled) {}

  private DueView() {}

  /**
   * The states as JSON ({@link Report}).
   *
   * @param unscheduled the ids of the cadences without {@code due:}
   */
  public static void json(PrintWriter out, LocalDate date, ZoneId zone, List<Dues.CadenceDue> dues,
      List<String> unscheduled, int exitCode) {
    List<Entry> entries = dues.stream().map(d -> new Entry(d.cadence(), d.due().label(), d.state().label(),
        window(d.current()), d.lastRun().map(DueView::run).orElse(null), d.partialRun().map(DueView::run).orElse(null),
        window(d.next()))).toList();
    out.print(RecordJson.writeValue(new Report("maint-due/1", date.toString(), zone.getId(), exitCode, entries,
        List.copyOf(unscheduled))));
    out.flush();
  }

  /**
   * The states as a table, a line for each partly done cadence, a line naming the cadences without
   * a schedule, then a line naming what is overdue.
   *
   * @param unscheduled the ids of the cadences without {@code due:}, in runbook order
   */
  public static void text(PrintWriter out, LocalDate date, ZoneId zone, List<Dues.CadenceDue> dues,
      List<String> unscheduled) {
    out.println("Due on " + date + " (" + zone.getId() + ")");
    out.println();
    if (!unscheduled.isEmpty()) {
      // Without due: nothing says when a cadence should run, so no run, or none, can make it due.
      out.println("No schedule (no due: in the runbook): " + String.join(", ", unscheduled)
          + (unscheduled.size() == 1 ? " is" : " are") + " never due or overdue.");
      if (dues.isEmpty()) {
        out.println();
        out.println("Nothing is overdue.");
        out.flush();
        return;
      }
      out.println();
    }
    int width = Math.max(7, dues.stream().mapToInt(d -> d.cadence().length()).max().orElse(7));
    String row = "%-" + width + "s  %-7s  %-35s  %-10s  %s";
    out.println(String.format(row, "CADENCE", "STATE", "WINDOW", "LAST RUN", "NEXT WINDOW").stripTrailing());
    for (Dues.CadenceDue d : dues) {
      out.println(String.format(row, d.cadence(), d.state().label(), range(d.current()),
          d.lastRun().map(r -> r.date().toString()).orElse("never"), range(d.next())).stripTrailing());
    }
    // The legend goes with every star, whether it marks the current window or the next one.
    if (dues.stream().anyMatch(d -> d.current().filter(Occurrence::light).isPresent()
        || d.next().filter(Occurrence::light).isPresent())) {
      out.println("* light cycle: only the sections marked light (maint calendar names them)");
    }
    for (Dues.CadenceDue d : dues) {
      d.partialRun().ifPresent(r -> out.println("Partly done: " + d.cadence() + ", " + r.answered() + " of " + r.steps()
          + " steps answered on " + r.date() + (r.outcome().equals("completed") ? "" : ", then " + r.outcome())
          + " (session " + r.session() + "); not counted as done"));
    }
    List<String> overdue = dues.stream().filter(d -> d.state() == DueState.OVERDUE)
        .map(d -> d.cadence() + " (window ended " + d.current().orElseThrow().window().end()
            + (d.lastRun().isEmpty() && d.partialRun().isEmpty() ? "; no runs recorded yet" : "") + ")").toList();
    out.println();
    if (dues.stream().allMatch(d -> d.lastRun().isEmpty() && d.partialRun().isEmpty())) {
      // A new repository: "overdue" then means no run was ever recorded here, not a missed window.
      out.println("No runs recorded yet in this repository.");
    }
    out.println(overdue.isEmpty() ? "Nothing is overdue." : "Overdue: " + String.join(", ", overdue));
    out.flush();
  }

  private static String range(Optional<Occurrence> o) {
    return o.map(x -> Dates.range(x.window()) + (x.light() ? " *" : "")).orElse("—");
  }

  private static Window window(Optional<Occurrence> o) {
    return o.map(x -> new Window(x.window().start().toString(), x.window().end().toString(), x.light())).orElse(null);
  }

  private static Run run(PastRun r) {
    return new Run(r.session(), r.started().toString(), r.date().toString(), r.operator(), r.outcome(), r.steps(),
        r.answered());
  }
}
