package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts: captured from a command's output or asked of the operator, tested by {@code when: {fact}},
 * kept in the session, the JSON report, the record and {@code maint log show}; and the evidence a
 * manual step's {@code show:} command gathers.
 */
class FactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path repo;
  Git git;
  Walks walks;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    git = Git.initWithCommit(repo);
    walks = new Walks(tmp, "facts.yaml");
  }

  private String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of(walks.args(repo, extra)));
    all.addAll(List.of("--report", "json=" + tmp.resolve("report.json")));
    return all.toArray(String[]::new);
  }

  private JsonNode step(String id) throws IOException {
    for (JsonNode s : JSON.readTree(tmp.resolve("report.json").toFile()).path("steps")) {
      if (s.path("id").asText().equals(id)) {
        return s;
      }
    }
    throw new AssertionError("no step " + id + " in the report");
  }

  @Test
  void anUnattendedRunCapturesFactsTakesDefaultsAndLeavesQuestionsWithoutOneToAPerson() throws IOException {
    CliHarness.Result r = walks.maint().run(args("monthly", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("node-version\\s+fail\\s+/failed is 2 \\(expected <= 0\\)");
    assertThat(step("node-version").path("facts")).isEqualTo(JSON.valueToTree(Map.of("node_version", "v20.11.1")));
    assertThat(r.out()).containsPattern("on-node-20\\s+pass");
    assertThat(step("ticket").path("status").asText()).isEqualTo("manual");
    assertThat(step("ticket").path("facts")).isEqualTo(JSON.valueToTree(Map.of("ticket", "OPS-1")));
    assertThat(step("ticket").path("evidence").path("show").path("stdout").asText()).isEqualTo("queue depth 7\n");
    assertThat(step("upgraded").path("status").asText()).isEqualTo("manual");
    assertThat(step("upgraded").path("facts").size()).isZero();
    assertThat(step("after-upgrade").path("reason").asText()).isEqualTo(
        "condition not met (fact upgraded_to equals v22.1.0; fact upgraded_to was never captured)");
    assertThat(JSON.readTree(tmp.resolve("report.json").toFile()).path("schema").asText()).isEqualTo("maint-report/2");
  }

  @Test
  void anOperatorsAnswersBecomeFactsThatLaterStepsTestAndTheRecordKeeps() throws IOException {
    // run, run, done + a wrong answer then a right one, done + the version, run.
    CliHarness maint = walks.maint().typing("rrdbad\rOPS-42\rdv22.1.0\rr");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    String screen = maint.terminalOutput();
    assertThat(screen).contains("Evidence: $ echo queue depth 7", "queue depth 7", "Ticket number [OPS-1]: ",
        "'bad' does not match /[A-Z]+-[0-9]+/.");
    assertThat(step("ticket").path("facts")).isEqualTo(JSON.valueToTree(Map.of("ticket", "OPS-42")));
    assertThat(step("ticket").path("status").asText()).isEqualTo("pass");
    assertThat(step("after-upgrade").path("status").asText()).isEqualTo("pass");

    String session = git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-11").strip();
    CliHarness.Result shown = walks.maint().run("log", "show", session, "--runbook", walks.runbook().toString(),
        "--repo", repo.toString());
    assertThat(shown.out()).contains("fact: ticket = OPS-42", "fact: upgraded_to = v22.1.0", "fact: node_version = v20.11.1");
    String record = git.run("show", "maintenance/2026-11:maintenance/records/2026-11-29-monthly-" + session + ".json");
    JsonNode rec = JSON.readTree(record);
    assertThat(rec.path("format").asText()).isEqualTo("maint-record/2");
    assertThat(rec.path("steps").findValues("facts").toString()).contains("\"upgraded_to\":\"v22.1.0\"");
  }

  @Test
  void factsAreSavedWithTheAnswerAndRestoredOnResume() throws IOException {
    // run the capture, then quit at the second step.
    CliHarness first = walks.maint().typing("rqy");
    first.run(args("monthly"));

    CliHarness second = walks.maint().typing("r");
    CliHarness.Result resumed = second.run(args("monthly", "--resume"));

    assertThat(second.terminalOutput()).contains("node twenty");
    assertThat(resumed.out()).containsPattern("on-node-20\\s+pass");
    assertThat(Files.readString(tmp.resolve("report.json"))).contains("\"node_version\": \"v20.11.1\"");
  }
}
