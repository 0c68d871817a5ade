package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code maint emergency}: the seed's triggers, and walking a response with its SLA deadline. */
class EmergencyCommandTest extends RepoTest {
  private static final String OPERATOR = "Ada Operator <ada@example.test>";

  private CliHarness seed(Clock clock) {
    return new CliHarness(tmp).clock(clock);
  }

  private String[] seedArgs(String... extra) {
    List<String> args = new ArrayList<>(List.of("emergency", "--repo", repo.toString(), "--operator", OPERATOR));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private JsonNode record(String branch) throws IOException {
    String path = git.run("log", "-1", "--format=%(trailers:key=Maint-Record,valueonly)", branch).strip();
    return new ObjectMapper().readTree(git.run("show", branch + ":" + path));
  }

  @Test
  void withoutTriggerListsTheSeedsTriggersWithResponseAndSlaBesideTheCadenceChoiceTable() {
    CliHarness.Result r = seed(Walks.NOV_29).run("emergency");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("critical-cve +24h +Critical CVE in direct dependency → Patch, test, deploy")
        .containsPattern("compromised-credential +immediate +Compromised credential → Rotate immediately, audit access logs")
        .containsPattern("provider-upgrade +provider +Provider-forced upgrade")
        .contains("Choosing the right cadence (signal → action):\n  Critical CVE in a direct dependency → Patch immediately (out-of-band)");
  }

  @Test
  void criticalCveWalkShowsTheDeadlineInEachStepAndRecordsItTwentyFourHoursAfterTheStart() throws IOException {
    CliHarness maint = seed(Walks.NOV_29).typing("ddd");

    CliHarness.Result r = maint.run(seedArgs("critical-cve"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput())
        .contains("== critical-cve Emergency — Critical CVE in direct dependency")
        .contains("[step 1 of 3] Patch  (manual, e-critical-cve-patch)\n  deadline in 24 h (Mon 2026-11-30 10:00 CET)")
        .contains("[step 3 of 3] Deploy  (manual, e-critical-cve-deploy)\n  deadline in 24 h (Mon 2026-11-30 10:00 CET)");
    JsonNode record = record("maintenance/2026-11");
    assertThat(record.path("cadence").asText()).isEqualTo("emergency-critical-cve");
    assertThat(record.path("started").asText()).isEqualTo("2026-11-29T09:00:00Z");
    assertThat(record.path("emergency").path("trigger").asText()).isEqualTo("critical-cve");
    assertThat(record.path("emergency").path("sla").asText()).isEqualTo("24h");
    assertThat(record.path("emergency").path("deadline").asText()).isEqualTo("2026-11-30T09:00:00Z");
    assertThat(record.path("emergency").path("met").asBoolean()).isTrue();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("| emergency critical-cve (SLA 24h): deadline Mon 2026-11-30 10:00 CET met |");
  }

  @Test
  void resumedAfterTheDeadlineShowsItPassedAndRecordsItMissed() throws IOException {
    CliHarness first = seed(Walks.NOV_29).typing("dqy\r");
    first.run(seedArgs("critical-cve"));
    CliHarness late = seed(Walks.at("2026-11-30T11:30:00Z")).typing("dd");

    CliHarness.Result r = late.run(seedArgs("critical-cve", "--resume"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(late.terminalOutput()).contains("deadline passed 2 h 30 min ago (Mon 2026-11-30 10:00 CET)");
    assertThat(record("maintenance/2026-11").path("emergency").path("met").asBoolean()).isFalse();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("emergency critical-cve (SLA 24h): deadline Mon 2026-11-30 10:00 CET missed by 2 h 30 min");
  }

  @Test
  void aQuitResponseSaysHowToResumeIt() {
    CliHarness.Result r = seed(Walks.NOV_29).typing("dqy\r").run(seedArgs("critical-cve"));

    assertThat(r.out()).contains("is saved; continue it with: maint emergency critical-cve --resume");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("deadline Mon 2026-11-30 10:00 CET still open (24 h left): the response is not yet carried out");
  }

  @Test
  void immediateSlaHasTheStartAsDeadline() throws IOException {
    CliHarness.Result r = seed(Walks.NOV_29).typing("dd").run(seedArgs("compromised-credential"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(record("maintenance/2026-11").path("emergency").path("deadline").asText()).isEqualTo("2026-11-29T09:00:00Z");
  }

  @Test
  void providerDeadlineIsAskedInAnInteractiveWalk() throws IOException {
    CliHarness maint = seed(Walks.NOV_29).typing("2026-12-15T18:00\rdd");

    CliHarness.Result r = maint.run(seedArgs("provider-upgrade", "--outside-window"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput()).contains("The provider's deadline (YYYY-MM-DDTHH:MM, Europe/Brussels):")
        .contains("deadline in 16 days 8 h (Tue 2026-12-15 18:00 CET)");
    assertThat(record("maintenance/2026-11").path("emergency").path("deadline").asText()).isEqualTo("2026-12-15T17:00:00Z");
  }

  @Test
  void ctrlDAtTheProviderDeadlineGivesNoneAndTheWalkDoesNotBegin() {
    CliHarness maint = seed(Walks.NOV_29).typing("\u0004dd");

    CliHarness.Result r = maint.run(seedArgs("provider-upgrade", "--outside-window"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no valid deadline given (YYYY-MM-DDTHH:MM); --deadline gives it on the command line");
    assertThat(maint.terminalOutput()).doesNotContain("[step 1 of");
  }

  /** Walks the provider upgrade's first step with the provider's deadline, then quits. */
  private void quitProviderUpgradeAfterItsFirstStep() {
    CliHarness.Result quit = seed(Walks.NOV_29).typing("2026-12-15T18:00\rdqy\r")
        .run(seedArgs("provider-upgrade", "--outside-window"));
    assertThat(quit.out()).as(quit.err()).contains("is saved; continue it with: maint emergency provider-upgrade --resume");
  }

  private Path sessionFile() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve(".local/state/maint/sessions"))) {
      return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
  }

  @Test
  void aResumedProviderResponseKeepsItsDeadlineWithoutAskingForItAgain() throws IOException {
    quitProviderUpgradeAfterItsFirstStep();
    CliHarness resumed = seed(Walks.at("2026-11-30T09:00:00Z")).typing("d");

    CliHarness.Result r = resumed.run(seedArgs("provider-upgrade", "--outside-window", "--resume"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("The provider's deadline, as given when the response began: Tue 2026-12-15 18:00 CET"
        + " (--deadline changes it).");
    assertThat(resumed.terminalOutput()).doesNotContain("The provider's deadline (YYYY-MM-DDTHH:MM")
        .contains("[step 2 of 2] Execute migration  (manual, e-provider-upgrade-execute)\n"
            + "  deadline in 15 days 8 h (Tue 2026-12-15 18:00 CET)");
    JsonNode record = record("maintenance/2026-11");
    assertThat(record.path("emergency").path("deadline").asText()).isEqualTo("2026-12-15T17:00:00Z");
    assertThat(record.path("emergency").path("met").asBoolean()).isTrue();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("| emergency provider-upgrade (SLA provider): deadline Tue 2026-12-15 18:00 CET met; ");
  }

  @Test
  void anUnattendedResumeKeepsTheProvidersDeadlineGivenWhenTheResponseBegan() throws IOException {
    quitProviderUpgradeAfterItsFirstStep();

    CliHarness.Result r = seed(Walks.at("2026-11-30T09:00:00Z"))
        .run(seedArgs("provider-upgrade", "--non-interactive", "--resume", "--outside-window"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("The provider's deadline, as given when the response began: Tue 2026-12-15 18:00 CET");
    assertThat(record("maintenance/2026-11").path("emergency").path("deadline").asText())
        .isEqualTo("2026-12-15T17:00:00Z");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("emergency provider-upgrade (SLA provider): deadline Tue 2026-12-15 18:00 CET still open (15 days 8 h left)");
  }

  @Test
  void deadlineGivenOnResumeReplacesTheKeptOne() throws IOException {
    quitProviderUpgradeAfterItsFirstStep();

    CliHarness.Result r = seed(Walks.at("2026-11-30T09:00:00Z")).run(seedArgs(
        "provider-upgrade", "--non-interactive", "--resume", "--outside-window", "--deadline", "2026-12-20T12:00"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("The provider's deadline moves from Tue 2026-12-15 18:00 CET to Sun 2026-12-20 12:00 CET.");
    assertThat(record("maintenance/2026-11").path("emergency").path("deadline").asText())
        .isEqualTo("2026-12-20T11:00:00Z");
  }

  @Test
  void aSessionSavedBeforeDeadlinesWereKeptStillResumesAndAsksForTheDeadline() throws IOException {
    quitProviderUpgradeAfterItsFirstStep();
    ObjectMapper json = new ObjectMapper();
    ObjectNode saved = (ObjectNode) json.readTree(sessionFile().toFile());
    assertThat(saved.path("deadline").asText()).isEqualTo("2026-12-15T17:00:00Z");
    saved.remove("deadline");
    json.writeValue(sessionFile().toFile(), saved);

    CliHarness.Result unattended = seed(Walks.at("2026-11-30T09:00:00Z"))
        .run(seedArgs("provider-upgrade", "--non-interactive", "--resume", "--outside-window"));
    CliHarness asked = seed(Walks.at("2026-11-30T09:00:00Z")).typing("2026-12-16T18:00\rd");
    CliHarness.Result resumed = asked.run(seedArgs("provider-upgrade", "--outside-window", "--resume"));

    assertThat(unattended.exitCode()).isEqualTo(2);
    assertThat(unattended.err()).isEqualTo(
        "maint: provider-upgrade has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM\n");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("Resuming session " + saved.path("id").asText() + ".");
    assertThat(asked.terminalOutput()).contains("The provider's deadline (YYYY-MM-DDTHH:MM, Europe/Brussels):");
    JsonNode record = record("maintenance/2026-11");
    assertThat(record.path("counts").path("pass").asInt()).isEqualTo(2);
    assertThat(record.path("emergency").path("deadline").asText()).isEqualTo("2026-12-16T17:00:00Z");
  }

  @Test
  void providerDeadlineComesFromTheCommandLineInAnUnattendedRun() throws IOException {
    CliHarness.Result r = seed(Walks.NOV_29)
        .run(seedArgs("provider-upgrade", "--non-interactive", "--deadline", "2026-12-15T18:00"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(record("maintenance/2026-11").path("emergency").path("deadline").asText()).isEqualTo("2026-12-15T17:00:00Z");
  }

  @Test
  void providerDeadlineMissingInAnUnattendedRunIsAUsageErrorBeforeTheWalk() {
    CliHarness.Result r = seed(Walks.NOV_29).run(seedArgs("provider-upgrade", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(
        "maint: provider-upgrade has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM\n");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void deadlineForAnSlaThatIsNotTheProvidersIsAUsageError() {
    CliHarness.Result r = seed(Walks.NOV_29).run(seedArgs("critical-cve", "--non-interactive", "--deadline", "2026-12-15T18:00"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: critical-cve has an SLA of 24h: --deadline is only for SLA 'provider'\n");
  }

  @Test
  void aMalformedDeadlineIsRefusedWhileParsingBeforeAnythingStarts() {
    CliHarness.Result r = seed(Walks.NOV_29).run(seedArgs("provider-upgrade", "--non-interactive", "--deadline",
        "next week"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--deadline", "must be YYYY-MM-DDTHH:MM, got 'next week'").doesNotContain("\tat ");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void unknownTriggerNamesTheKnownOnes() {
    CliHarness.Result r = seed(Walks.NOV_29).run(seedArgs("meteor", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: no emergency 'meteor' (have: critical-cve, grype-critical, ");
  }

  @Test
  void anUnattendedResponseThatLeftItsStepsToAPersonDidNotMeetItsDeadline() throws IOException {
    CliHarness.Result r = seed(Walks.NOV_29).run(seedArgs("critical-cve", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(record("maintenance/2026-11").path("emergency").path("met").asBoolean()).isFalse();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("still open (24 h left): the response is not yet carried out");
  }

  @Test
  void anImmediateResponseCarriedOutMeetsItsDeadline() throws IOException {
    CliHarness maint = seed(Walks.NOV_29).typing("dddddddd");

    CliHarness.Result r = maint.run(seedArgs("compromised-credential"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(record("maintenance/2026-11").path("emergency").path("met").asBoolean()).isTrue();
  }
}
