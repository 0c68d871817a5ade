package dev.maint.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How a moment is shown to people: to the minute, in a time zone that is named. */
public final class LocalMinute {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm zzz", Locale.ENGLISH);

  private LocalMinute() {}

  /**
   * The moment in {@code zone} with the zone's abbreviation, e.g. {@code 2026-11-29 10:00 CET}
   * (summer time: {@code CEST}; UTC: {@code UTC}), so that a reader never has to guess the zone.
   */
  public static String of(Instant at, ZoneId zone) {
    return FORMAT.format(at.atZone(zone));
  }
}
