package dev.maint.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The deadline line under every step of an emergency response. */
class DeadlineTest {
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  private static final Instant AT = Instant.parse("2020-01-01T09:00:00Z");
  private final Deadline deadline = new Deadline("provider-upgrade", "Provider upgrade", "provider", AT);

  @Test
  void aDeadlineLongPassedCountsDaysAndHoursNotTensOfThousandsOfHours() {
    Instant now = AT.plus(Duration.ofHours(60596).plusMinutes(2));

    assertThat(deadline.status(now, BRUSSELS)).isEqualTo("deadline passed 2524 days 20 h ago (Wed 2020-01-01 10:00 CET)");
  }

  @Test
  void withinTwoDaysItCountsHoursAndMinutes() {
    assertThat(deadline.status(AT.minus(Duration.ofHours(47).plusMinutes(59)), BRUSSELS))
        .startsWith("deadline in 47 h 59 min (");
    assertThat(deadline.status(AT.minus(Duration.ofHours(48)), BRUSSELS)).startsWith("deadline in 2 days (");
  }
}
