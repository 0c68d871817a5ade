package dev.maint.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingWeeksTest {
  @ParameterizedTest(name = "{0} starts on a {1}")
  @CsvSource(textBlock = """
      2026-06, Monday,    2026-06-01, 2026-06-05
      2026-12, Tuesday,   2026-12-01, 2026-12-04
      2026-04, Wednesday, 2026-04-01, 2026-04-03
      2026-10, Thursday,  2026-10-05, 2026-10-09
      2026-05, Friday,    2026-05-04, 2026-05-08
      2026-08, Saturday,  2026-08-03, 2026-08-07
      2026-11, Sunday,    2026-11-02, 2026-11-06
      """)
  void firstWorkingWeekIsTheWeekHoldingTheMonthsFirstWednesdayFromItsFirstDayInTheMonth(
      String month, String startsOn, String start, String end) {
    YearMonth ym = YearMonth.parse(month);
    assertThat(ym.atDay(1).getDayOfWeek().name()).isEqualToIgnoringCase(startsOn);

    assertThat(WorkingWeeks.firstWorkingWeek(ym)).isEqualTo(new DateRange(LocalDate.parse(start), LocalDate.parse(end)));
  }

  @Test
  void firstTwoWorkingWeeksAddTheWholeNextWeek() {
    assertThat(WorkingWeeks.firstTwoWorkingWeeks(YearMonth.of(2026, 1)))
        .isEqualTo(new DateRange(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 16)));
    assertThat(WorkingWeeks.firstTwoWorkingWeeks(YearMonth.of(2026, 4)))
        .isEqualTo(new DateRange(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 10)));
  }

  @Test
  void workingWeekRunsFromMondayToFridayAlsoFromASunday() {
    assertThat(WorkingWeeks.workingWeek(LocalDate.of(2026, 11, 29)))
        .isEqualTo(new DateRange(LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 27)));
  }
}
