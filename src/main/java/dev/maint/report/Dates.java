package dev.maint.report;

import dev.maint.schedule.DateRange;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How reports write dates: ISO dates with English weekday abbreviations. */
final class Dates {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ENGLISH);

  private Dates() {}

  /** {@code Mon 2026-02-02 – Fri 2026-02-06}. */
  static String range(DateRange r) {
    return DAY.format(r.start()) + " – " + DAY.format(r.end());
  }
}
