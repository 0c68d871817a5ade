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
        .replace("{year}", padded(date.getYear(), 4))
        .replace("{month}", padded(date.getMonthValue(), 2))
        .replace("{quarter}", Integer.toString(date.get(IsoFields.QUARTER_OF_YEAR)))
        .replace("{week-year}", padded(date.get(IsoFields.WEEK_BASED_YEAR), 4))
        .replace("{week}", padded(date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2));
  }

  /**
   * {@code n} in ASCII digits, zero-padded to {@code width} characters with the sign counted, as
   * {@code %0Nd} in the root locale: {@link String#format} would use the default locale's digits,
   * and starting its locale data cost every walk a few milliseconds.
   */
  static String padded(int n, int width) {
    String digits = Long.toString(Math.abs((long) n));
    String sign = n < 0 ? "-" : "";
    return sign + "0".repeat(Math.max(0, width - sign.length() - digits.length())) + digits;
  }

  /**
   * The period of a session that started on {@code date}, as the commit summary names it: the last
   * part of the branch pattern, filled ({@code 2026-11} for {@code maintenance/{year}-{month}}).
   */
  public static String period(String pattern, LocalDate date) {
    return of(pattern.substring(pattern.lastIndexOf('/') + 1), date);
  }
}
