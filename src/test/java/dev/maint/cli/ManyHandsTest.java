package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many hands on one run: two clones of one bare remote, two operators with their own state
 * folders, answering the same run.
 */
class ManyHandsTest {
  private static final String BOB = "Bob Operator <bob@example.test>";

  @TempDir Path tmp;
  Walks walks;
  Git remote;
  Git ada;
  Git bob;

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    remote = Git.initBare(tmp.resolve("remote.git"));
    Git seed = Git.initWithCommit(tmp.resolve("seed"));
    seed.run("push", "-q", remote.dir().toUri().toString(), "main");
    ada = Git.cloneOf(remote.dir(), tmp.resolve("ada"));
    bob = Git.cloneOf(remote.dir(), tmp.resolve("bob"));
  }

  /** maint as one operator: their own clone is the current folder, their own state folder. */
  private CliHarness as(String who, Git clone, Clock clock) {
    return new CliHarness(clone.dir()).clock(clock).env("WALK_TOKEN", Walks.SECRET)
        .env("MAINT_STATE_DIR", tmp.resolve("state-" + who).toString());
  }

  private String[] bobArgs(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", walks.runbook().toString(), "--workdir", walks.app().toString(),
        "--operator", BOB));
    return all.toArray(String[]::new);
  }

  @Test
  void aStepAnsweredByBothKeepsEveryAnswerTheLatestStandsAndLogShowShowsTheConflict() throws IOException {
    CliHarness.Result first = as("ada", ada, Walks.NOV_29).typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    CliHarness.Result second = as("bob", bob, Walks.at("2026-11-29T10:00:00Z")).typing("bfnotes missing\rqy")
        .run(bobArgs("monthly", "--resume", "--push"));
    assertThat(second.out()).as(second.err()).contains("Resuming session");
    // Ada answers again, later than Bob: her name sorts first, yet her later answer stands.
    CliHarness.Result third = as("ada", ada, Walks.at("2026-11-29T11:00:00Z")).typing("bdqy")
        .run(walks.args(ada.dir(), "monthly", "--resume", "--push"));
    assertThat(third.out()).as(third.err()).contains("Pushed maintenance/2026-11 to origin");

    JsonNode record = record();
    assertThat(record.path("operators")).extracting(JsonNode::asText).containsExactly(Walks.OPERATOR, BOB);
    JsonNode conflict = record.path("conflicts").get(0);
    assertThat(conflict.path("step").asText()).isEqualTo("check-notes");
    assertThat(conflict.path("answers")).hasSize(3);
    assertThat(conflict.path("answers")).extracting(a -> a.path("operator").asText() + " " + a.path("started").asText()
        + " " + a.path("status").asText() + " " + a.path("stands").asBoolean())
        .containsExactly(Walks.OPERATOR + " 2026-11-29T09:00:00Z pass false",
            BOB + " 2026-11-29T10:00:00Z fail false",
            Walks.OPERATOR + " 2026-11-29T11:00:00Z pass true");
    assertThat(record.path("steps").get(0).path("status").asText()).isEqualTo("pass");
    String log = remote.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator"));

    CliHarness.Result shown = as("ada", ada, Walks.NOV_29)
        .run("log", "show", record.path("session").asText(), "--runbook", walks.runbook().toString());
    assertThat(shown.out()).as(shown.err())
        .contains("Operators: " + Walks.OPERATOR + ", " + BOB)
        .contains("Answered by more than one operator (the later answer stands):\n  check-notes:\n"
            + "    2026-11-29 10:00:00 CET  " + Walks.OPERATOR + "  pass — done by operator  (replaced)\n"
            + "    2026-11-29 11:00:00 CET  " + BOB + "  fail — failed: notes missing  (replaced)\n"
            + "    2026-11-29 12:00:00 CET  " + Walks.OPERATOR + "  pass — done by operator  (stands)\n");
  }

  private JsonNode record() throws IOException {
    String path = remote.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").strip();
    return new ObjectMapper().readTree(remote.run("show", "maintenance/2026-11:" + path));
  }
}
