package dev.maint.report;

import dev.maint.record.RecordJson;
import dev.maint.runbook.Reference;
import dev.maint.schedule.Windows;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code maint windows}: the next openings of each maintenance window, in local time and UTC. */
public final class WindowsView {
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz (xxx)", Locale.ENGLISH);

  /**
   * A window and its next openings, for JSON.
   *
   * @param id the window id
   * @param environment the environment it applies to
   * @param description as the runbook says
   * @param when its days and times in words
   * @param always whether it is always open (then {@code openings} is empty)
   * @param openNow whether it is open at the time looked from
   * @param openings the next openings
   */
  public record Entry(String id, String environment, String description, String when, boolean always,
      boolean openNow, List<OpeningEntry> openings) {}

  /**
   * An opening, for JSON.
   *
   * @param start local start with its offset, ISO-8601
   * @param end local end with its offset, ISO-8601
   * @param startUtc the start in UTC, ISO-8601 instant
   * @param endUtc the end in UTC, ISO-8601 instant
   */
  public record OpeningEntry(String start, String end, String startUtc, String endUtc) {}

  /**
   * The report, for JSON.
   *
   * @param schema {@code maint-windows/1}
   * @param from the time looked from, ISO-8601 instant
   * @param timezone the runbook's time zone
   * @param windows the windows, in runbook order
   */
  public record Report(String schema, String from, String timezone, List<Entry> windows) {}

  private WindowsView() {}

  /** The windows as JSON ({@link Report}). */
  public static void json(PrintWriter out, List<Reference.Window> windows, Instant from, ZoneId zone, int count) {
    List<Entry> entries = windows.stream().map(w -> new Entry(w.id(), w.environment(), w.description(),
        Windows.describe(w, zone), Windows.always(w), Windows.isOpen(w, from, zone),
        Windows.next(w, from, zone, count).stream().map(o -> new OpeningEntry(o.start().toOffsetDateTime().toString(),
            o.end().toOffsetDateTime().toString(), o.start().toInstant().toString(), o.end().toInstant().toString()))
            .toList())).toList();
    out.print(RecordJson.writeValue(new Report("maint-windows/1", from.toString(), zone.getId(), entries)));
    out.flush();
  }

  /** Each window with its days and times, then its next openings in local time and in UTC. */
  public static void text(PrintWriter out, List<Reference.Window> windows, Instant from, ZoneId zone, int count) {
    out.println("Maintenance windows from " + DAY_TIME.format(from.atZone(zone)) + " " + ZONE.format(from.atZone(zone))
        + ", " + zone.getId());
    for (Reference.Window w : windows) {
      out.println();
      out.println(w.id() + " (" + w.environment() + ")" + (w.description().isEmpty() ? "" : " — " + w.description()));
      out.println("  " + Windows.describe(w, zone) + (Windows.isOpen(w, from, zone) ? "; open now" : ""));
      for (Windows.Opening o : Windows.next(w, from, zone, count)) {
        String local = span(o.start(), o.end(), t -> t) + " " + ZONE.format(o.start());
        out.println("  " + String.format("%-42s", local) + "  "
            + span(o.start(), o.end(), t -> t.withZoneSameInstant(ZoneOffset.UTC)) + " UTC");
      }
    }
    out.flush();
  }

  /** {@code Tue 2026-03-31 06:00–08:00}, or both days when it ends on another day. */
  private static String span(ZonedDateTime start, ZonedDateTime end, Function<ZonedDateTime, ZonedDateTime> in) {
    ZonedDateTime s = in.apply(start);
    ZonedDateTime e = in.apply(end);
    return DAY_TIME.format(s) + (s.toLocalDate().equals(e.toLocalDate()) ? "–" + TIME.format(e) : " – " + DAY_TIME.format(e));
  }
}
