package dev.maint.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's windows are local to Europe/Brussels: summer time begins on 2026-03-29 and ends on
 * 2026-10-25, so 06:00 local is 05:00 UTC before the first and after the second, 04:00 UTC between.
 */
class WindowsTest {
  private static final Runbook SEED = RunbookLoader.loadDefault();
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

  private static Reference.Window window(String id) {
    return SEED.windows().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
  }

  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource(textBlock = """
      production-non-breaking, 2026-03-24T04:59:59Z, false
      production-non-breaking, 2026-03-24T05:00:00Z, true
      production-non-breaking, 2026-03-24T06:59:59Z, true
      production-non-breaking, 2026-03-24T07:00:00Z, false
      production-non-breaking, 2026-03-31T03:59:59Z, false
      production-non-breaking, 2026-03-31T04:00:00Z, true
      production-non-breaking, 2026-03-31T05:30:00Z, true
      production-non-breaking, 2026-03-31T06:00:00Z, false
      production-non-breaking, 2026-10-21T04:00:00Z, true
      production-non-breaking, 2026-10-21T06:00:00Z, false
      production-non-breaking, 2026-10-27T04:30:00Z, false
      production-non-breaking, 2026-10-27T05:00:00Z, true
      production-non-breaking, 2026-10-27T06:30:00Z, true
      production-non-breaking, 2026-10-27T07:00:00Z, false
      production-non-breaking, 2026-10-29T05:30:00Z, false
      production-breaking,     2026-03-28T04:30:00Z, false
      production-breaking,     2026-03-28T05:00:00Z, true
      production-breaking,     2026-03-28T08:59:59Z, true
      production-breaking,     2026-03-28T09:00:00Z, false
      production-breaking,     2026-04-04T04:00:00Z, true
      production-breaking,     2026-04-04T08:30:00Z, false
      production-breaking,     2026-10-24T04:00:00Z, true
      production-breaking,     2026-10-24T08:30:00Z, false
      production-breaking,     2026-10-31T04:30:00Z, false
      production-breaking,     2026-10-31T08:30:00Z, true
      staging,                 2026-10-25T01:30:00Z, true
      """)
  void seedWindowsOpenAtLocalTimeOnBothSidesOfTheDaylightSavingChanges(String id, String at, boolean open) {
    assertThat(Windows.isOpen(window(id), Instant.parse(at), BRUSSELS)).isEqualTo(open);
  }

  @Test
  void nextOpeningsFollowSummerTimeInUtc() {
    List<Windows.Opening> next =
        Windows.next(window("production-non-breaking"), Instant.parse("2026-03-26T12:00:00Z"), BRUSSELS, 2);

    assertThat(next).extracting(o -> o.start().toInstant())
        .containsExactly(Instant.parse("2026-03-31T04:00:00Z"), Instant.parse("2026-04-01T04:00:00Z"));
    assertThat(Windows.when(next.get(0).start())).isEqualTo("Tue 2026-03-31 06:00 CEST (04:00 UTC)");
  }

  @Test
  void anOpeningUnderWayIsTheFirstOfTheNext() {
    List<Windows.Opening> next =
        Windows.next(window("production-breaking"), Instant.parse("2026-10-31T07:00:00Z"), BRUSSELS, 1);

    assertThat(next.get(0).start().toInstant()).isEqualTo(Instant.parse("2026-10-31T05:00:00Z"));
    assertThat(next.get(0).end().toInstant()).isEqualTo(Instant.parse("2026-10-31T09:00:00Z"));
  }

  @Test
  void aWindowOverTheNightOfTheChangeIsAsLongAsTheClockSays() {
    Reference.Window night = new Reference.Window("night", "production", List.of(DayOfWeek.SUNDAY),
        Optional.of(LocalTime.of(1, 0)), Optional.of(LocalTime.of(4, 0)), "");

    Windows.Opening spring = Windows.next(night, Instant.parse("2026-03-28T12:00:00Z"), BRUSSELS, 1).get(0);
    Windows.Opening autumn = Windows.next(night, Instant.parse("2026-10-24T12:00:00Z"), BRUSSELS, 1).get(0);

    assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(2));
    assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void anEndNotAfterTheStartEndsTheNextDay() {
    Reference.Window overnight = new Reference.Window("overnight", "production", List.of(DayOfWeek.FRIDAY),
        Optional.of(LocalTime.of(22, 0)), Optional.of(LocalTime.of(2, 0)), "");

    assertThat(Windows.isOpen(overnight, Instant.parse("2026-11-28T00:30:00Z"), BRUSSELS)).isTrue();
    assertThat(Windows.isOpen(overnight, Instant.parse("2026-11-28T01:30:00Z"), BRUSSELS)).isFalse();
  }
}
