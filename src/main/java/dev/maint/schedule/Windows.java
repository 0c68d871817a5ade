package dev.maint.schedule;

import dev.maint.runbook.Reference;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * When maintenance windows are open. A window's days and times are local to the runbook's time
 * zone, so 06:00 in {@code Europe/Brussels} is 05:00 UTC in winter (CET) and 04:00 UTC in summer
 * (CEST). An opening runs from its start, included, to its end, excluded. A window with days but no
 * times is open all day on those days; with times but no days, every day; with neither, always. An
 * end time not after the start time ends the next day. A local time that does not exist on a day
 * (the hour skipped when summer time begins) is moved forward by the length of the gap, as {@link
 * ZonedDateTime#of} does; a time that exists twice (when summer time ends) is its first, summer
 * instance.
 */
public final class Windows {
  /** How far ahead {@link #next} looks, in days. */
  private static final int SEARCH_DAYS = 400;

  /** Formats a local time as {@code Tue 2026-03-31 06:00 CEST}. */
  public static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm zzz", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private Windows() {}

  /**
   * One time a window is open.
   *
   * @param window the window's id
   * @param start when it opens, in the runbook's time zone
   * @param end when it closes (excluded)
   */
  public record Opening(String window, ZonedDateTime start, ZonedDateTime end) {
    public Opening {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
    }

    /** Whether {@code at} is in the opening. */
    public boolean contains(Instant at) {
      return !at.isBefore(start.toInstant()) && at.isBefore(end.toInstant());
    }
  }

  /** Whether the window is open at any time on any day (no days and no times). */
  public static boolean always(Reference.Window w) {
    return w.days().isEmpty() && w.start().isEmpty();
  }

  /** Whether the window is open at {@code at}. */
  public static boolean isOpen(Reference.Window w, Instant at, ZoneId zone) {
    return always(w) || openings(w, at.atZone(zone).toLocalDate().minusDays(1), 3, zone).stream()
        .anyMatch(o -> o.contains(at));
  }

  /**
   * The window's next openings: the one open at {@code from}, if any, then those after it, at
   * most {@code count} and within about a year; empty for a window that is always open.
   */
  public static List<Opening> next(Reference.Window w, Instant from, ZoneId zone, int count) {
    if (always(w)) {
      return List.of();
    }
    return openings(w, from.atZone(zone).toLocalDate().minusDays(1), SEARCH_DAYS, zone).stream()
        .filter(o -> o.end().toInstant().isAfter(from))
        .limit(count)
        .toList();
  }

  private static List<Opening> openings(Reference.Window w, LocalDate first, int days, ZoneId zone) {
    List<Opening> found = new ArrayList<>();
    for (LocalDate d = first; d.isBefore(first.plusDays(days)); d = d.plusDays(1)) {
      if (!w.days().isEmpty() && !w.days().contains(d.getDayOfWeek())) {
        continue;
      }
      LocalTime start = w.start().orElse(LocalTime.MIDNIGHT);
      LocalTime end = w.end().orElse(LocalTime.MIDNIGHT);
      LocalDate endDay = end.isAfter(start) ? d : d.plusDays(1);
      found.add(new Opening(w.id(), ZonedDateTime.of(d, start, zone), ZonedDateTime.of(endDay, end, zone)));
    }
    return found;
  }

  /** The window's days and times in words, e.g. {@code Tuesday, Wednesday 06:00–08:00 Europe/Brussels}. */
  public static String describe(Reference.Window w, ZoneId zone) {
    if (always(w)) {
      return "any time";
    }
    String days = w.days().isEmpty() ? "every day" : String.join(", ",
        w.days().stream().map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).toList());
    String times = w.start().map(s -> " " + TIME.format(s) + "–" + TIME.format(w.end().orElseThrow()))
        .orElse(" all day");
    return days + times + " " + zone.getId();
  }

  /** An instant as {@code Tue 2026-03-31 06:00 CEST (04:00 UTC)}. */
  public static String when(ZonedDateTime t) {
    return LOCAL.format(t) + " (" + TIME.format(t.withZoneSameInstant(ZoneId.of("UTC"))) + " UTC)";
  }
}
