package dev.maint.report;

import dev.maint.record.RecordJson;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Due;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import dev.maint.schedule.Occurrence;
import dev.maint.schedule.Schedule;
import java.io.PrintWriter;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** {@code maint calendar}: the year at a glance, as text or JSON. */
public final class CalendarView {
  /**
   * A cadence due in a month, for JSON.
   *
   * @param cadence the cadence id
   * @param due its rule
   * @param start the window's first day, ISO date
   * @param end the window's last day, ISO date
   * @param light whether this month's cycle is light
   * @param lightSections ids of the sections a light cycle walks (empty unless {@code light})
   */
  public record Entry(String cadence, String due, String start, String end, boolean light,
      List<String> lightSections) {}

  /**
   * A month, for JSON.
   *
   * @param month 1-12
   * @param name English month name
   * @param activities the calendar's key activities
   * @param due the cadences due in it
   */
  public record MonthEntry(int month, String name, String activities, List<Entry> due) {}

  /**
   * The whole calendar, for JSON.
   *
   * @param schema {@code maint-calendar/1}
   * @param year the year
   * @param timezone the runbook's time zone
   * @param months January to December
   * @param weekly cadences due every week (Monday to Friday)
   */
  public record Year(String schema, int year, String timezone, List<MonthEntry> months, List<String> weekly) {}

  private CalendarView() {}

  /** The year as JSON ({@link Year}). */
  public static void json(PrintWriter out, Runbook runbook, int year) {
    List<MonthEntry> months = Schedule.of(runbook).year(year).stream().map(p -> new MonthEntry(
        p.month().getMonthValue(), name(p.month().getMonth()), p.activities(),
        p.occurrences().stream().map(o -> new Entry(o.cadence(), due(runbook, o), o.window().start().toString(),
            o.window().end().toString(), o.light(), o.light() ? lightSections(runbook, o).stream().map(Section::id)
            .toList() : List.of())).toList())).toList();
    out.print(RecordJson.writeValue(new Year("maint-calendar/1", year, runbook.timezone().getId(), months,
        weekly(runbook))));
    out.flush();
  }

  /** The year as text: each month with its cadences, their windows and the key activities. */
  public static void text(PrintWriter out, Runbook runbook, int year) {
    out.println("Maintenance calendar " + year + " — " + runbook.title() + " (" + runbook.timezone().getId() + ")");
    int width = runbook.cadences().stream().mapToInt(c -> c.id().length()).max().orElse(8);
    for (Schedule.MonthPlan plan : Schedule.of(runbook).year(year)) {
      out.println();
      String label = String.format("%-10s", name(plan.month().getMonth()));
      for (Occurrence o : plan.occurrences()) {
        out.println(label + " " + String.format("%-" + width + "s", o.cadence()) + "  " + Dates.range(o.window())
            + "  (" + due(runbook, o) + (o.light() ? ", light" : "") + ")");
        label = " ".repeat(10);
        if (o.light()) {
          out.println(" ".repeat(11) + "light cycle: only " + String.join(", ",
              lightSections(runbook, o).stream().map(s -> s.id() + " " + s.title()).toList()));
        }
      }
      if (plan.occurrences().isEmpty()) {
        out.println(label + " nothing due");
      }
      if (!plan.activities().isEmpty()) {
        out.println(" ".repeat(11) + plan.activities());
      }
    }
    List<String> weekly = weekly(runbook);
    if (!weekly.isEmpty()) {
      out.println();
      out.println("Every week, Monday to Friday: " + String.join(", ", weekly));
    }
    out.flush();
  }

  private static List<String> weekly(Runbook runbook) {
    return Schedule.of(runbook).scheduled().stream().filter(c -> c.due().orElseThrow() == Due.WEEKLY)
        .map(Cadence::id).toList();
  }

  private static String due(Runbook runbook, Occurrence o) {
    return runbook.cadence(o.cadence()).flatMap(Cadence::due).map(Due::label).orElse("");
  }

  private static List<Section> lightSections(Runbook runbook, Occurrence o) {
    return runbook.cadence(o.cadence()).map(c -> c.allSections().stream().filter(Section::light).toList())
        .orElse(List.of());
  }

  private static String name(Month month) {
    return month.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }
}
