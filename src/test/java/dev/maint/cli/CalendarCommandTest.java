package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maint calendar}: the seed's year at a glance with concrete dates. */
class CalendarCommandTest {
  @TempDir Path tmp;

  private CliHarness.Result calendar(String... args) {
    return new CliHarness(tmp).clock(Walks.NOV_29).run(List.of("calendar"), args);
  }

  @Test
  void seedCalendarOf2026MatchesTheGoldenFile() throws IOException {
    CliHarness.Result r = calendar("--year", "2026");

    assertThat(r.exitCode()).as(r.err()).isZero();
    try (InputStream golden = getClass().getResourceAsStream("/golden/calendar-2026.txt")) {
      assertThat(r.out()).isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void seedCalendarOf2027HasMonthlyInTheFirstWorkingWeekOutsideQuarterlyMonths() {
    CliHarness.Result r = calendar("--year", "2027");

    assertThat(r.out())
        .contains("January    quarterly    Mon 2027-01-04 – Fri 2027-01-15  (first-two-weeks)\n")
        .contains("           semi-annual  Fri 2027-01-01 – Sun 2027-01-31  (month)\n")
        .contains("February   monthly      Mon 2027-02-01 – Fri 2027-02-05  (first-working-week)\n")
        .contains("April      quarterly    Mon 2027-04-05 – Fri 2027-04-16  (first-two-weeks)\n")
        .contains("September  monthly      Wed 2027-09-01 – Fri 2027-09-03  (first-working-week)\n")
        .contains("December   monthly      Wed 2027-12-01 – Fri 2027-12-03  (first-working-week, light)\n")
        .contains("light cycle: only 2.1 Dependency Security Patches, 2.2 Container Image Patches, 2.4 TLS Certificates")
        .contains("Every week, Monday to Friday: continuous");
    assertThat(r.out()).doesNotContainPattern("(January|April|July|October) +monthly");
  }

  @Test
  void yearDefaultsToThisYearInTheRunbooksTimeZone() {
    CliHarness.Result r = new CliHarness(tmp).clock(Walks.at("2026-12-31T23:30:00Z")).run("calendar");

    assertThat(r.out()).startsWith("Maintenance calendar 2027 ");
  }

  @Test
  void jsonListsEachMonthsCadencesWithTheirWindowsAndLightSections() throws IOException {
    CliHarness.Result r = calendar("--year", "2026", "--format", "json");

    JsonNode year = new ObjectMapper().readTree(r.out());
    assertThat(year.path("schema").asText()).isEqualTo("maint-calendar/1");
    assertThat(year.path("timezone").asText()).isEqualTo("Europe/Brussels");
    JsonNode may = year.path("months").get(4).path("due").get(0);
    assertThat(may.path("cadence").asText()).isEqualTo("monthly");
    assertThat(may.path("start").asText()).isEqualTo("2026-05-04");
    assertThat(may.path("end").asText()).isEqualTo("2026-05-08");
    JsonNode december = year.path("months").get(11).path("due").get(0);
    assertThat(december.path("light").asBoolean()).isTrue();
    assertThat(december.path("light_sections").toString()).isEqualTo("[\"2.1\",\"2.2\",\"2.4\"]");
    assertThat(year.path("weekly").toString()).isEqualTo("[\"continuous\"]");
  }

  @Test
  void yearOutOfRangeIsAUsageError() {
    CliHarness.Result r = calendar("--year", "26");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --year 26: expected a whole number from 1900 to 9999\n");
  }
}
