package dev.maint.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.TemporalAdjusters;

/**
 * Working weeks: Monday to Friday. Public holidays are not known and not left out.
 *
 * <p>The <em>first working week of a month</em> is the first Monday-to-Friday week that has at
 * least three of its five working days in the month, i.e. the week holding the month's first
 * Wednesday, counted from its first day in the month to its Friday. So a month starting on a
 * Monday, Tuesday or Wednesday starts its first working week on the 1st (Wednesday the 1st gives
 * Wednesday to Friday); a month starting on a Thursday, Friday, Saturday or Sunday starts it on the
 * following Monday (May 2026 starts on a Friday: its first working week is Monday 4 to Friday 8).
 * As with ISO 8601's first week of a year, a week belongs to the month holding most of it.
 */
public final class WorkingWeeks {
  private WorkingWeeks() {}

  /** The first working week of {@code month}, as defined above. */
  public static DateRange firstWorkingWeek(YearMonth month) {
    LocalDate wednesday = month.atDay(1).with(TemporalAdjusters.firstInMonth(DayOfWeek.WEDNESDAY));
    LocalDate monday = wednesday.minusDays(2);
    LocalDate start = monday.getMonth() == month.getMonth() ? monday : month.atDay(1);
    return new DateRange(start, wednesday.plusDays(2));
  }

  /** The first two working weeks of {@code month}: its first working week and the whole next one. */
  public static DateRange firstTwoWorkingWeeks(YearMonth month) {
    DateRange first = firstWorkingWeek(month);
    return new DateRange(first.start(), first.end().plusWeeks(1));
  }

  /** Monday to Friday of the (ISO, Monday-first) week holding {@code date}. */
  public static DateRange workingWeek(LocalDate date) {
    LocalDate monday = date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    return new DateRange(monday, monday.plusDays(4));
  }
}
