package dev.maint.record;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * Fills a cadence's branch pattern from a date: {@code {year}}, {@code {month}} (01-12), {@code
 * {quarter}} (1-4), {@code {week-year}} and {@code {week}} (ISO 8601 week-based year and week
 * 01-53, so 2026-12-31 is in week 2026-W53 and 2027-01-01 too).
 */
public final class BranchName {
  private BranchName() {}

  /** The branch for a session that started on {@code date} (in the runbook's time zone). */
  public static String of(String pattern, LocalDate date) {
    return pattern
        .replace("{year}", String.format("%04d", date.getYear()))
        .replace("{month}", String.format("%02d", date.getMonthValue()))
        .replace("{quarter}", Integer.toString(date.get(IsoFields.QUARTER_OF_YEAR)))
        .replace("{week-year}", String.format("%04d", date.get(IsoFields.WEEK_BASED_YEAR)))
        .replace("{week}", String.format("%02d", date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
  }

  /**
   * The period of a session that started on {@code date}, as the commit summary names it: the last
   * part of the branch pattern, filled ({@code 2026-11} for {@code maintenance/{year}-{month}}).
   */
  public static String period(String pattern, LocalDate date) {
    return of(pattern.substring(pattern.lastIndexOf('/') + 1), date);
  }
}
