package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code maint due} against a repository holding the records of real walks made with pinned clocks:
 * monthly on Tuesday 2026-11-03, continuous on Tuesday 2026-12-01, quarterly on 2026-10-06 and
 * semi-annual on 2026-07-08.
 */
class DueCommandTest extends RepoTest {
  private Walks schedule;

  @BeforeEach
  void walkEveryCadenceOnce() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    walk("semi-annual", "2026-07-08T09:00:00Z");
    walk("quarterly", "2026-10-06T09:00:00Z");
    walk("monthly", "2026-11-03T09:00:00Z");
    walk("continuous", "2026-12-01T09:00:00Z");
  }

  private void walk(String cadence, String instant) {
    CliHarness.Result r = schedule.maint(Walks.at(instant)).run(schedule.args(repo, cadence, "--non-interactive"));
    assertThat(r.out()).as(r.err()).contains("Log entry committed to");
  }

  private CliHarness.Result due(String date, String... extra) {
    return schedule.maint().run(
        List.of("due", "--runbook", schedule.runbook().toString(), "--repo", repo.toString(), "--date", date), extra);
  }

  @Test
  void cadenceRunInItsOpenWindowIsDoneAndTheOthersAreNotDue() {
    CliHarness.Result r = due("2026-11-04");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Due on 2026-11-04 (Europe/Brussels)\n");
    assertThat(r.out())
        .containsPattern("continuous +due +Mon 2026-11-02 – Fri 2026-11-06 +never +Mon 2026-11-09 – Fri 2026-11-13")
        .containsPattern("monthly +done +Mon 2026-11-02 – Fri 2026-11-06 +2026-11-03 +Tue 2026-12-01 – Fri 2026-12-04 \\*")
        .containsPattern("quarterly +not-due +Mon 2026-10-05 – Fri 2026-10-16 +2026-10-06 +Mon 2027-01-04 – Fri 2027-01-15")
        .containsPattern("semi-annual +not-due +Wed 2026-07-01 – Fri 2026-07-31 +2026-07-08 +Fri 2027-01-01 – Sun 2027-01-31")
        .endsWith("\nNothing is overdue.\n");
    // Only the next window is light here, and its star is explained all the same.
    assertThat(r.out()).contains("\n* light cycle: only the sections marked light (maint calendar names them)\n");
  }

  @Test
  void monthlyIsDueInDecembersLightWindowAndOverdueTheDayAfterIt() {
    CliHarness.Result open = due("2026-12-02");
    CliHarness.Result missed = due("2026-12-05");

    assertThat(open.exitCode()).isZero();
    assertThat(open.out()).containsPattern("monthly +due +Tue 2026-12-01 – Fri 2026-12-04 \\* +2026-11-03")
        .containsPattern("continuous +done +Mon 2026-11-30 – Fri 2026-12-04 +2026-12-01")
        .contains("* light cycle: only the sections marked light");
    assertThat(missed.exitCode()).isEqualTo(1);
    assertThat(missed.out()).containsPattern("monthly +overdue +Tue 2026-12-01 – Fri 2026-12-04 \\* +2026-11-03")
        .containsPattern("continuous +not-due +Mon 2026-11-30 – Fri 2026-12-04 +2026-12-01")
        .endsWith("\nOverdue: monthly (window ended 2026-12-04)\n");
  }

  @Test
  void monthlyMissedInDecemberStaysOverdueThroughJanuaryWhoseQuarterlyIncludesIt() {
    CliHarness.Result r = due("2027-01-20");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("monthly +overdue +Tue 2026-12-01 – Fri 2026-12-04 \\* +2026-11-03 +Mon 2027-02-01")
        .containsPattern("quarterly +overdue +Mon 2027-01-04 – Fri 2027-01-15 +2026-10-06")
        .containsPattern("semi-annual +due +Fri 2027-01-01 – Sun 2027-01-31");
  }

  @Test
  void weeklyCadenceNotRunByFridayIsOverdueOnSaturday() {
    assertThat(due("2026-11-20").out()).containsPattern("continuous +due +Mon 2026-11-16 – Fri 2026-11-20");

    CliHarness.Result r = due("2026-11-21");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("continuous +overdue +Mon 2026-11-16 – Fri 2026-11-20 +never");
  }

  @Test
  void aDateBeforeARunShowsTheStateAsItWasThen() {
    CliHarness.Result r = due("2026-11-02");

    assertThat(r.out()).containsPattern("monthly +due +Mon 2026-11-02 – Fri 2026-11-06 +never");
  }

  @Test
  void aQuitRunDoesNotCountAsDone() {
    CliHarness.Result quit = schedule.maint(Walks.at("2026-12-01T09:00:00Z")).typing("\rdqy\r")
        .run(schedule.args(repo, "monthly", "--full"));
    assertThat(quit.out()).as(quit.err()).contains("Log entry committed to maintenance/2026-12");

    CliHarness.Result r = due("2026-12-02");

    assertThat(r.out()).containsPattern("monthly +due +Tue 2026-12-01 – Fri 2026-12-04 \\* +2026-11-03")
        .contains("\nPartly done: monthly, 1 of 1 steps answered on 2026-12-01, then quit (session "
            + session("maintenance/2026-12") + "); not counted as done\n");
  }

  @Test
  void decembersLightCycleWalkedWholeIsDone() throws IOException {
    walk("monthly", "2026-12-01T09:00:00Z");

    CliHarness.Result r = due("2026-12-02");

    assertThat(r.out()).containsPattern("monthly +done +Tue 2026-12-01 – Fri 2026-12-04 \\* +2026-12-01")
        .doesNotContain("Partly done");
    assertThat(coverage("maintenance/2026-12")).isEqualTo("{\"cycle_steps\":1,\"answered\":1,\"partial\":false}");
  }

  @Test
  void aRunOfOnlySomeStepsIsPartlyDoneAndTheCadenceStaysDueThenOverdue() throws IOException {
    CliHarness.Result only = schedule.maint(Walks.at("2027-02-02T09:00:00Z"))
        .run(schedule.args(repo, "monthly", "--non-interactive", "--only", "m-patch"));
    assertThat(only.out()).as(only.err()).contains("Log entry committed to maintenance/2027-02");
    String partly = "\nPartly done: monthly, 1 of 4 steps answered on 2027-02-02 (session "
        + session("maintenance/2027-02") + "); not counted as done\n";

    CliHarness.Result open = due("2027-02-03");
    CliHarness.Result missed = due("2027-02-08");

    assertThat(coverage("maintenance/2027-02")).isEqualTo("{\"cycle_steps\":4,\"answered\":1,\"partial\":true}");
    assertThat(open.out()).containsPattern("monthly +due +Mon 2027-02-01 – Fri 2027-02-05 +2026-11-03").contains(partly)
        .doesNotContain("monthly (window ended");
    assertThat(missed.exitCode()).isEqualTo(1);
    assertThat(missed.out()).containsPattern("monthly +overdue +Mon 2027-02-01 – Fri 2027-02-05 +2026-11-03")
        .contains(partly).containsPattern("\nOverdue: .*monthly \\(window ended 2027-02-05\\)");
  }

  @Test
  void aRunThatLeftAStepToAPersonIsPartlyDoneUntilAPersonWalksItWhole() {
    walkFebruaryUnattended();
    CliHarness.Result left = due("2027-02-03");
    CliHarness.Result walked = schedule.maint(Walks.at("2027-02-03T09:00:00Z")).typing("\rdddd")
        .run(schedule.args(repo, "monthly", "--outside-window"));
    assertThat(walked.out()).as(walked.err()).contains("Log entry committed to maintenance/2027-02");

    CliHarness.Result done = due("2027-02-04");

    assertThat(left.out()).containsPattern("monthly +due +Mon 2027-02-01")
        .contains("\nPartly done: monthly, 3 of 4 steps answered on 2027-02-02 (session ");
    assertThat(done.out()).containsPattern("monthly +done +Mon 2027-02-01 – Fri 2027-02-05 +2027-02-03")
        .doesNotContain("Partly done");
  }

  /** Walks February's monthly unattended and outside its windows: its manual step is left to a person. */
  private void walkFebruaryUnattended() {
    CliHarness.Result r = schedule.maint(Walks.at("2027-02-02T09:00:00Z"))
        .run(schedule.args(repo, "monthly", "--non-interactive", "--outside-window"));
    assertThat(r.out()).as(r.err()).contains("Log entry committed to maintenance/2027-02");
    assertThat(r.out()).containsPattern("m-migrate +manual");
  }

  @Test
  void aRecordWrittenBeforeCoverageWasRecordedCountsAsDoneWhenCompleted() throws IOException {
    walkFebruaryUnattended();
    String path = recordPath("maintenance/2027-02");
    ObjectMapper json = new ObjectMapper();
    ObjectNode record = (ObjectNode) json.readTree(git.run("show", "maintenance/2027-02:" + path));
    record.remove("coverage");
    git.run("checkout", "-q", "maintenance/2027-02");
    json.writerWithDefaultPrettyPrinter().writeValue(repo.resolve(path).toFile(), record);
    git.run("commit", "-q", "-am", "a record as older versions wrote it");
    git.run("checkout", "-q", "main");

    CliHarness.Result r = due("2027-02-03");

    assertThat(r.out()).containsPattern("monthly +done +Mon 2027-02-01 – Fri 2027-02-05 +2027-02-02")
        .doesNotContain("Partly done");
  }

  private String recordPath(String branch) {
    return git.run("log", "-1", "--format=%(trailers:key=Maint-Record,valueonly)", branch).strip();
  }

  private String session(String branch) {
    return git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", branch).strip();
  }

  private String coverage(String branch) throws IOException {
    return new ObjectMapper().readTree(git.run("show", branch + ":" + recordPath(branch))).path("coverage").toString();
  }

  @Test
  void jsonGivesAPartialRunBesideTheLastWholeOne() throws IOException {
    walkFebruaryUnattended();

    JsonNode monthly = new ObjectMapper().readTree(due("2027-02-03", "--format", "json").out()).path("cadences").get(1);

    assertThat(monthly.path("state").asText()).isEqualTo("due");
    assertThat(monthly.path("last_run").path("date").asText()).isEqualTo("2026-11-03");
    assertThat(monthly.path("last_run").path("steps").asInt()).isEqualTo(4);
    assertThat(monthly.path("last_run").path("answered").asInt()).isEqualTo(4);
    JsonNode partial = monthly.path("partial_run");
    assertThat(partial.path("session").asText()).isEqualTo(session("maintenance/2027-02"));
    assertThat(partial.path("date").asText()).isEqualTo("2027-02-02");
    assertThat(partial.path("outcome").asText()).isEqualTo("completed");
    assertThat(partial.path("steps").asInt()).isEqualTo(4);
    assertThat(partial.path("answered").asInt()).isEqualTo(3);
  }

  @Test
  void onlyRunsAgainstTheGivenEnvironmentCountWithEnv() {
    assertThat(due("2026-11-04", "--env", "staging").out()).containsPattern("monthly +due +Mon 2026-11-02 – Fri 2026-11-06 +never");
    assertThat(due("2026-11-04", "--env", "production").out()).containsPattern("monthly +done");
  }

  @Test
  void jsonGivesEachCadencesStateWindowsAndLastRunAndTheExitCode() throws IOException {
    CliHarness.Result r = due("2026-12-05", "--format", "json");

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("schema").asText()).isEqualTo("maint-due/1");
    assertThat(report.path("date").asText()).isEqualTo("2026-12-05");
    assertThat(report.path("exit_code").asInt()).isEqualTo(1);
    JsonNode monthly = report.path("cadences").get(1);
    assertThat(monthly.path("cadence").asText()).isEqualTo("monthly");
    assertThat(monthly.path("due").asText()).isEqualTo("first-working-week");
    assertThat(monthly.path("state").asText()).isEqualTo("overdue");
    assertThat(monthly.path("window").path("start").asText()).isEqualTo("2026-12-01");
    assertThat(monthly.path("window").path("light").asBoolean()).isTrue();
    assertThat(monthly.path("last_run").path("date").asText()).isEqualTo("2026-11-03");
    assertThat(monthly.path("last_run").path("operator").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(monthly.path("partial_run").isNull()).isTrue();
    assertThat(monthly.path("next_window").path("start").asText()).isEqualTo("2027-02-01");
  }

  @Test
  void malformedDateIsAUsageError() {
    CliHarness.Result r = due("2026-13-01");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --date must be YYYY-MM-DD, got '2026-13-01'\n");
  }

  @Test
  void aRepositoryWithNoHistorySaysNoRunsAreRecordedYetAndKeepsTheStateAndExitCode() throws IOException {
    java.nio.file.Path fresh = tmp.resolve("fresh");
    dev.maint.testing.Git.initWithCommit(fresh);

    CliHarness.Result r = schedule.maint().run("due", "--runbook", schedule.runbook().toString(), "--repo", fresh.toString(),
        "--date", "2026-11-21");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("continuous +overdue +Mon 2026-11-16 – Fri 2026-11-20 +never")
        .contains("No runs recorded yet in this repository.")
        .containsPattern("Overdue: .*continuous \\(window ended 2026-11-20; no runs recorded yet\\)");
  }

  @Test
  void cadencesWithoutDueAreSaidToHaveNoScheduleNotToHaveNoRuns() throws IOException {
    Walks plain = new Walks(tmp.resolve("plain"));
    java.util.List<String> args = List.of("due", "--runbook", plain.runbook().toString(), "--repo", repo.toString(),
        "--date", "2026-11-21");

    CliHarness.Result text = plain.maint().run(args.toArray(String[]::new));
    CliHarness.Result json = plain.maint().run(args, "--format", "json");
    CliHarness.Result prometheus = plain.maint().run(args, "--format", "prometheus");

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).isEqualTo("Due on 2026-11-21 (Europe/Brussels)\n\nNo schedule (no due: in the runbook):"
        + " monthly, continuous are never due or overdue.\n\nNothing is overdue.\n");
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("cadences")).isEmpty();
    assertThat(doc.get("unscheduled").toString()).isEqualTo("[\"monthly\",\"continuous\"]");
    assertThat(prometheus.out()).doesNotContainPattern("(?m)^maint_")
        .contains("# cadence monthly has no schedule (no due: in the runbook): no samples\n");
  }

  @Test
  void aScheduledRunbookListsNoUnscheduledCadence() throws IOException {
    CliHarness.Result r = due("2026-11-04", "--format", "json");

    assertThat(new ObjectMapper().readTree(r.out()).get("unscheduled")).isEmpty();
    assertThat(due("2026-11-04").out()).doesNotContain("No schedule");
  }
}
