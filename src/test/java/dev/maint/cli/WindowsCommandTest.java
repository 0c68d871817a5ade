package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maint windows}: the seed's next windows in local time and UTC, around summer time. */
class WindowsCommandTest {
  @TempDir Path tmp;

  private CliHarness.Result windows(String... args) {
    return new CliHarness(tmp).clock(Walks.NOV_29).run(List.of("windows"), args);
  }

  @Test
  void nextWindowsAfterSummerTimeBeginsAreTwoHoursAheadOfUtc() {
    CliHarness.Result r = windows("--date", "2026-03-27", "--env", "production", "--count", "2");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        Maintenance windows from Fri 2026-03-27 00:00 CET (+01:00), Europe/Brussels

        production-non-breaking (production) — Production (non-breaking) — Tuesday or Wednesday, 06:00–08:00 CET; 2 hours
          Tuesday, Wednesday 06:00–08:00 Europe/Brussels
          Tue 2026-03-31 06:00–08:00 CEST (+02:00)    Tue 2026-03-31 04:00–06:00 UTC
          Wed 2026-04-01 06:00–08:00 CEST (+02:00)    Wed 2026-04-01 04:00–06:00 UTC

        production-breaking (production) — Production (breaking/migration) — Saturday, 06:00–10:00 CET; 4 hours
          Saturday 06:00–10:00 Europe/Brussels
          Sat 2026-03-28 06:00–10:00 CET (+01:00)     Sat 2026-03-28 05:00–09:00 UTC
          Sat 2026-04-04 06:00–10:00 CEST (+02:00)    Sat 2026-04-04 04:00–08:00 UTC
        """);
  }

  @Test
  void nextWindowsAfterSummerTimeEndsAreOneHourAheadOfUtc() {
    CliHarness.Result r = windows("--date", "2026-10-23", "--env", "production", "--count", "1");

    assertThat(r.out())
        .contains("Tue 2026-10-27 06:00–08:00 CET (+01:00)     Tue 2026-10-27 05:00–07:00 UTC")
        .contains("Sat 2026-10-24 06:00–10:00 CEST (+02:00)    Sat 2026-10-24 04:00–08:00 UTC");
  }

  @Test
  void withoutDateTheClockDecidesAndAnOpenWindowSaysSo() {
    CliHarness.Result r = new CliHarness(tmp).clock(Walks.at("2026-11-28T06:00:00Z")).run("windows", "--count", "1");

    assertThat(r.out()).contains("Saturday 06:00–10:00 Europe/Brussels; open now\n"
        + "  Sat 2026-11-28 06:00–10:00 CET (+01:00)");
    assertThat(r.out()).contains("staging (staging) — Anytime (non-customer-facing); as needed\n  any time; open now\n");
  }

  @Test
  void jsonGivesOpeningsWithOffsetsAndInUtc() throws IOException {
    CliHarness.Result r = windows("--date", "2026-03-27", "--format", "json", "--count", "1");

    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("schema").asText()).isEqualTo("maint-windows/1");
    JsonNode nonBreaking = report.path("windows").get(1);
    assertThat(nonBreaking.path("id").asText()).isEqualTo("production-non-breaking");
    assertThat(nonBreaking.path("openings").get(0).path("start").asText()).isEqualTo("2026-03-31T06:00+02:00");
    assertThat(nonBreaking.path("openings").get(0).path("start_utc").asText()).isEqualTo("2026-03-31T04:00:00Z");
    assertThat(report.path("windows").get(0).path("always").asBoolean()).isTrue();
  }
}
