package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --format json} on the commands that describe the runbook or the saved sessions: standard
 * output holds one JSON document a script can read by field name, and nothing else.
 */
class JsonOutputTest extends RepoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CliHarness.Result maint(String... args) {
    return walks.maint().run(args);
  }

  /** Parses standard output, which must be the whole of one JSON document, after a clean exit. */
  private static JsonNode json(CliHarness.Result r) throws IOException {
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return JSON.readTree(r.out());
  }

  @Test
  void listGivesEachCadenceWithItsSectionsAndStepCounts() throws IOException {
    JsonNode doc = json(maint("list", "--runbook", walks.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-list/1");
    assertThat(doc.path("runbook").path("id").asText()).isEqualTo("walk-test");
    assertThat(doc.path("runbook").path("version").asText()).isEqualTo("7");
    assertThat(doc.path("runbook").path("sha256").asText()).hasSize(64);
    JsonNode monthly = doc.path("cadences").get(0);
    assertThat(monthly.path("id").asText()).isEqualTo("monthly");
    assertThat(monthly.path("steps").asInt()).isEqualTo(6);
    assertThat(monthly.path("decided_by_maint").asInt()).isEqualTo(3);
    assertThat(monthly.path("sections").get(0).path("id").asText()).isEqualTo("1");
    assertThat(monthly.path("sections").get(0).path("steps").asInt()).isEqualTo(3);
    assertThat(doc.path("cadences").get(1).path("id").asText()).isEqualTo("continuous");
    assertThat(doc.path("steps").asInt()).isEqualTo(9);
  }

  @Test
  void showGivesThePlanStepByStepWithWhatEachRunsResolved() throws IOException {
    JsonNode doc = json(maint("show", "monthly", "--runbook", walks.runbook().toString(), "--env", "production",
        "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-show/1");
    assertThat(doc.path("cadence").path("id").asText()).isEqualTo("monthly");
    assertThat(doc.path("cadence").path("branch").asText()).isEqualTo("maintenance/{year}-{month}");
    JsonNode steps = doc.path("steps");
    assertThat(steps).hasSize(6);
    JsonNode hello = steps.get(1);
    assertThat(hello.path("number").asInt()).isEqualTo(2);
    assertThat(hello.path("id").asText()).isEqualTo("say-hello");
    assertThat(hello.path("kind").asText()).isEqualTo("run");
    assertThat(hello.path("section").asText()).isEqualTo("1");
    assertThat(hello.path("action").asText()).contains("echo").contains("hello production");
    assertThat(hello.path("readonly").asBoolean()).isTrue();
    assertThat(hello.path("when").isNull()).isTrue();
    assertThat(steps.get(0).path("kind").asText()).isEqualTo("manual");
    assertThat(steps.get(4).path("id").asText()).isEqualTo("if-failed");
    assertThat(steps.get(4).path("when").asText()).contains("failing");
  }

  @Test
  void showOfAnUnknownCadenceLeavesStandardOutputEmpty() {
    CliHarness.Result r = maint("show", "yearly", "--runbook", walks.runbook().toString(), "--format", "json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: no cadence 'yearly' (have: monthly, continuous)\n");
  }

  @Test
  void validateGivesTheCountsOfAValidRunbook() throws IOException {
    JsonNode doc = json(maint("validate", walks.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-validate/1");
    assertThat(doc.path("valid").asBoolean()).isTrue();
    assertThat(doc.path("cadences").asInt()).isEqualTo(2);
    assertThat(doc.path("cadence_steps").asInt()).isEqualTo(9);
    assertThat(doc.path("error").isNull()).isTrue();
  }

  @Test
  void validateOfAnInvalidRunbookGivesTheProblemAsJsonAndExitsTwo() throws IOException {
    walks.editRunbook("          - id: say-hello", "          - id: say-hello\n            bogus: 1");

    CliHarness.Result r = maint("validate", walks.runbook().toString(), "--format", "json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).hasLineCount(1).contains("walk.yaml:");
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.path("valid").asBoolean()).isFalse();
    assertThat(doc.path("error").path("file").asText()).endsWith("walk.yaml");
    assertThat(doc.path("error").path("line").asInt()).isEqualTo(31);
    assertThat(doc.path("error").path("column").asInt()).isPositive();
    assertThat(doc.path("error").path("message").asText()).contains("bogus").doesNotStartWith(walks.runbook().toString());
    assertThat(r.err()).isEqualTo(doc.path("error").path("file").asText() + ":" + doc.path("error").path("line").asInt()
        + ":" + doc.path("error").path("column").asInt() + ": " + doc.path("error").path("message").asText() + "\n");
  }

  @Test
  void sessionsGivesAnUnfinishedSessionWithItsCadenceAndAnswers() throws IOException {
    String[] walk = walks.args(repo, "monthly");
    walks.maint().typing("dqy").run(walk);

    JsonNode doc = json(maint("sessions", "--runbook", walks.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-sessions/1");
    assertThat(doc.path("sessions")).hasSize(1);
    JsonNode s = doc.path("sessions").get(0);
    assertThat(s.path("cadence").asText()).isEqualTo("monthly");
    assertThat(s.path("state").asText()).isEqualTo("open");
    assertThat(s.path("steps_recorded").asInt()).isEqualTo(1);
    assertThat(s.path("started").asText()).isEqualTo("2026-11-29T09:00:00Z");
    assertThat(s.path("started_local").asText()).isEqualTo("2026-11-29 10:00 CET");
    assertThat(s.path("operator").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(s.path("running").isNull()).isTrue();
    // Quit at its second step: where a resume continues, and no command was cut short there.
    assertThat(s.path("at").asText()).isEqualTo("say-hello");
    assertThat(s.path("interrupted").asBoolean(true)).isFalse();
    assertThat(s.path("git_ref").isNull()).isTrue();
    assertThat(s.path("id").asText()).isNotEmpty();
    assertThat(doc.path("damaged")).isEmpty();
  }

  @Test
  void sessionsWithNoneGivesAnEmptyList() throws IOException {
    JsonNode doc = json(maint("sessions", "--runbook", walks.runbook().toString(), "--format", "json"));

    assertThat(doc.path("sessions").isArray()).isTrue();
    assertThat(doc.path("sessions")).isEmpty();
  }

  @Test
  void emergencyWithoutATriggerListsTheTriggersAsJson() throws IOException {
    Walks schedule = new Walks(tmp, "schedule.yaml");

    JsonNode doc = json(maint("emergency", "--runbook", schedule.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-emergencies/1");
    List<String> ids = new ArrayList<>();
    doc.path("emergencies").forEach(e -> ids.add(e.path("id").asText()));
    assertThat(ids).containsExactly("critical-cve", "compromised-credential", "provider-upgrade");
    JsonNode cve = doc.path("emergencies").get(0);
    assertThat(cve.path("sla").asText()).isEqualTo("24h");
    assertThat(cve.path("steps").asInt()).isEqualTo(3);
    assertThat(cve.path("trigger").asText()).isEqualTo("Critical CVE in direct dependency");
    assertThat(doc.path("cadence_choice").get(0).path("signal").asText()).isEqualTo("Critical CVE in a direct dependency");
  }

  @Test
  void rollbackWithoutANameListsTheProceduresAsJson() throws IOException {
    Walks schedule = new Walks(tmp, "schedule.yaml");

    JsonNode doc = json(maint("rollback", "--runbook", schedule.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-rollbacks/1");
    JsonNode app = doc.path("rollbacks").get(0);
    assertThat(app.path("id").asText()).isEqualTo("application");
    assertThat(app.path("title").asText()).isEqualTo("Application Rollback");
    assertThat(app.path("steps").asInt()).isEqualTo(2);
    assertThat(doc.path("rollbacks").get(1).path("id").asText()).isEqualTo("database");
  }

  @Test
  void runListGivesEachQuickReferenceCommandResolved() throws IOException {
    Walks schedule = new Walks(tmp, "schedule.yaml");

    JsonNode doc = json(maint("run", "--list", "--runbook", schedule.runbook().toString(), "--format", "json"));

    assertThat(doc.path("schema").asText()).isEqualTo("maint-quick-reference/1");
    JsonNode hello = doc.path("commands").get(0);
    assertThat(hello.path("name").asText()).isEqualTo("hello");
    assertThat(hello.path("group").asText()).isEqualTo("Greetings");
    assertThat(hello.path("command").asText()).isEqualTo("echo hello world");
    assertThat(hello.path("confirm").asBoolean()).isFalse();
    assertThat(hello.path("check").isNull()).isTrue();
    assertThat(doc.path("commands").get(1).path("check").asText()).isEqualTo("maint check tls localhost:443");
    assertThat(doc.path("commands").get(3).path("confirm").asBoolean()).isTrue();
  }

  @Test
  void runOfAShellCommandUnderJsonIsRefusedBeforeItRuns() throws IOException {
    Walks schedule = new Walks(tmp, "schedule.yaml");

    CliHarness.Result r = maint("run", "tidy", "--yes", "--runbook", schedule.runbook().toString(), "--workdir",
        schedule.app().toString(), "--format", "json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: --format json: tidy is a shell command, whose output is its own;"
        + " JSON is for --list and for probes\n");
    assertThat(Files.exists(schedule.app().resolve("tidied"))).isFalse();
  }

  @Test
  void listUnderAnUnknownFormatIsRefusedWhileParsing() {
    CliHarness.Result r = maint("list", "--runbook", walks.runbook().toString(), "--format", "yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: --format yaml: expected text or json\n");
  }

  @Test
  void missingRunbookUnderJsonLeavesStandardOutputEmptyForEveryListingCommand() {
    Path none = tmp.resolve("none.yaml");
    for (List<String> command : List.of(List.of("list"), List.of("show", "monthly"), List.of("sessions"),
        List.of("run", "--list"), List.of("emergency"), List.of("rollback"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--runbook", none.toString(), "--format", "json"));
      CliHarness.Result r = maint(args.toArray(String[]::new));

      assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(r.out()).as(String.join(" ", command)).isEmpty();
      assertThat(r.err()).as(String.join(" ", command)).isEqualTo(none + ": no such file\n");
    }
  }
}
