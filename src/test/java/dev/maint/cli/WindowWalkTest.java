package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Steps tagged with a maintenance window in walks: the test runbook's monthly has {@code m-deploy}
 * (a command, production-non-breaking: Tuesday or Wednesday 06:00–08:00 Europe/Brussels) and {@code
 * m-migrate} (a manual step, production-breaking: Saturday 06:00–10:00).
 */
class WindowWalkTest extends RepoTest {
  private Walks schedule;

  @BeforeEach
  void useTheScheduleRunbook() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
  }

  private CliHarness.Result walk(String instant, String... extra) {
    return schedule.maint(Walks.at(instant)).run(List.of(schedule.args(repo, "monthly")), extra);
  }

  private String session() {
    return git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-11").strip();
  }

  @Test
  void nonInteractiveRunRecordsAStepOutsideItsWindowSkippedWithTheWindowAsReason() {
    CliHarness.Result r = walk("2026-11-29T09:00:00Z", "--non-interactive");

    assertThat(r.out()).contains("Outside its maintenance window: production-non-breaking is Tuesday, Wednesday"
        + " 06:00–08:00 Europe/Brussels; it opens next Tue 2026-12-01 06:00 CET (05:00 UTC).");
    assertThat(r.out()).containsPattern("m-deploy +skipped +outside maintenance window production-non-breaking");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/records/2026-11-29-monthly-" + session() + ".json"))
        .contains("\"reason\" : \"outside maintenance window production-non-breaking (opens next Tue 2026-12-01 06:00 CET);"
            + " --outside-window allows it\"");
    assertThat(r.out()).containsPattern("m-migrate +skipped +outside maintenance window production-breaking");
    assertThat(r.out()).doesNotContain("│ deployed");
  }

  @Test
  void outsideWindowOptionLetsTheStepRunAndNotesIt() {
    CliHarness.Result r = walk("2026-11-29T09:00:00Z", "--non-interactive", "--outside-window");

    assertThat(r.out()).contains("│ deployed").containsPattern("m-deploy +pass");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("m-deploy: outside maintenance window production-non-breaking: allowed by --outside-window");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(textBlock = """
      2026-03-24T04:30:00Z, skipped, 05:30 CET on the Tuesday before summer time
      2026-03-24T05:30:00Z, pass,    06:30 CET on the Tuesday before summer time
      2026-03-31T04:30:00Z, pass,    06:30 CEST on the Tuesday after summer time began
      2026-03-31T06:30:00Z, skipped, 08:30 CEST on the Tuesday after summer time began
      2026-10-21T04:30:00Z, pass,    06:30 CEST on the Wednesday before summer time ends
      2026-10-27T04:30:00Z, skipped, 05:30 CET on the Tuesday after summer time ended
      2026-10-27T05:30:00Z, pass,    06:30 CET on the Tuesday after summer time ended
      """)
  void windowDecisionFollowsBrusselsLocalTimeOnBothSidesOfTheDaylightSavingChanges(
      String instant, String status, String what) {
    CliHarness.Result r = walk(instant, "--non-interactive", "--no-commit");

    assertThat(r.out()).as(what).containsPattern("m-deploy +" + status);
  }

  @Test
  void aProductionWindowDoesNotApplyToAStagingSession() {
    CliHarness.Result r = walk("2026-11-29T09:00:00Z", "--non-interactive", "--no-commit", "--env", "staging");

    assertThat(r.out()).contains("│ deployed").doesNotContain("Outside its maintenance window");
  }

  @Test
  void interactiveWalkWarnsAndAsksAndRecordsTheAnswer() {
    // m-patch done; m-deploy: not outside its window; m-migrate: yes, then done; m-cert: done.
    CliHarness maint = schedule.maint(Walks.at("2026-11-29T09:00:00Z")).typing("dn\ry\rdd");

    CliHarness.Result r = maint.run(schedule.args(repo, "monthly"));

    assertThat(maint.terminalOutput())
        .contains("Outside its maintenance window: production-non-breaking is Tuesday, Wednesday 06:00–08:00")
        .contains("Do this step outside its window anyway? [y/N]");
    assertThat(r.out()).containsPattern("m-deploy +skipped +outside maintenance window production-non-breaking \\(opens next")
        .containsPattern("m-migrate +pass +done by operator");
    String log = git.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log).contains("m-migrate: outside maintenance window production-breaking: confirmed by operator");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).doesNotContain("m-deploy: outside");
  }
}
