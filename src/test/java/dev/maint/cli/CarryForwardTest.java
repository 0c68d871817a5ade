package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A cadence's walk starts with what its previous run left open, and records what it resolved. */
class CarryForwardTest extends RepoTest {
  private static final String OCTOBER = "2026-10-29T09:00:00Z";

  private String previousSession() {
    return git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-10").strip();
  }

  private JsonNode novemberRecord() throws IOException {
    String path = git.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").strip();
    return new ObjectMapper().readTree(git.run("show", "maintenance/2026-11:" + path));
  }

  @Test
  void unattendedRunPrintsWhatThePreviousRunLeftOpenBeforeItsFirstStep() {
    // October: failing fails, if-failed is skipped with a reason; january-only is skipped by its condition.
    walks.maint(Walks.at(OCTOBER)).typing("ddd" + "r" + "snot needed\r").run(walks.args(repo, "monthly"));

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive"));

    String open = "Left open by the previous monthly run (2026-10-29, session " + previousSession() + ", "
        + Walks.OPERATOR + "):\n"
        + "  - failing: fail — exit code 3 (expected 0)\n"
        + "  - if-failed: skipped — skipped: not needed\n";
    assertThat(r.out()).contains(open);
    assertThat(r.out().indexOf(open)).isLessThan(r.out().indexOf("[step 1 of 6]"));
    assertThat(r.out()).doesNotContain("- january-only");
  }

  @Test
  void newRecordSaysWhichOpenItemsThisRunResolved() throws IOException {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    walks.editRunbook("run: exit 3", "run: \"true\"");

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode record = novemberRecord();
    assertThat(record.path("previous_session").asText()).isEqualTo(previousSession());
    assertThat(record.path("acknowledged").asBoolean()).isFalse();
    JsonNode item = record.path("carried_forward").get(0);
    assertThat(item.path("step").asText()).isEqualTo("failing");
    assertThat(item.path("kind").asText()).isEqualTo("failed");
    assertThat(item.path("status").asText()).isEqualTo("fail");
    assertThat(item.path("now").asText()).isEqualTo("pass");
    assertThat(item.path("resolved").asBoolean()).isTrue();
    assertThat(git.run("log", "-1", "--format=%B", "maintenance/2026-11"))
        .contains("Resolved since the previous run:\n- failing (was fail)\n");
  }

  @Test
  void interactiveWalkListsOpenItemsAndAsksToAcknowledgeThemFirst() throws IOException {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    CliHarness maint = walks.maint().typing("\r" + "dqy\r");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String screen = maint.terminalOutput();
    assertThat(screen).contains("  - failing: fail — exit code 3 (expected 0)\n",
        "Press Enter to acknowledge them and start the walk: ");
    assertThat(screen.indexOf("Press Enter")).isLessThan(screen.indexOf("[step 1 of 6]"));
    JsonNode record = novemberRecord();
    assertThat(record.path("acknowledged").asBoolean()).isTrue();
    assertThat(record.path("carried_forward").get(0).path("resolved").asBoolean()).isFalse();
  }

  @Test
  void resumedSessionDoesNotAskAgainToAcknowledgeWhatTheOperatorAcknowledgedWhenItBegan() throws IOException {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    walks.maint().typing("\r" + "dqy").run(walks.args(repo, "monthly"));
    CliHarness maint = walks.maint().typing("dqy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly", "--resume"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String screen = maint.terminalOutput();
    assertThat(screen).doesNotContain("Press Enter").contains("(acknowledged when this session began)");
    assertThat(screen.split("Left open by the previous monthly run", -1)).hasSize(2);
    assertThat(screen).contains("[step 2 of 6] Say hello");
    JsonNode record = novemberRecord();
    assertThat(record.path("acknowledged").asBoolean()).isTrue();
    assertThat(record.path("steps")).hasSize(2);
  }

  @Test
  void itemAPartialRunDidNotReachStaysOpenForTheNextRun() throws IOException {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    // Mid-November, only the first section: "failing" is neither walked nor resolved.
    walks.maint(Walks.at("2026-11-15T09:00:00Z")).run(walks.args(repo, "monthly", "--non-interactive", "--only", "1"));

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(r.out()).contains("  - failing: fail — exit code 3 (expected 0) "
        + "(open since an earlier run; that run did not reach it)\n");
    assertThat(r.out()).doesNotContain("- say-hello");
  }

  @Test
  void keysTypedBeforeEnterAtTheAcknowledgementAreDroppedAndKeysAfterItAnswerTheFirstStep() throws IOException {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    // "d" and "n" before Enter would be done and note on step 1 if they leaked; the "d" after Enter is step 1's answer.
    CliHarness maint = walks.maint().typing("dn\r" + "d" + "qy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String screen = maint.terminalOutput();
    assertThat(screen).contains("Press Enter to acknowledge them and start the walk: \n")
        .contains("[step 1 of 6] Read the release notes")
        .contains("[d]one [s]kip [f]ailed [n]ote [q]uit > [d]one\n")
        .doesNotContain("Note:");
    assertThat(screen.indexOf("[d]one\n")).isGreaterThan(screen.indexOf("[step 1 of 6]"));
    assertThat(screen).contains("[step 2 of 6] Say hello");
    JsonNode record = novemberRecord();
    assertThat(record.path("acknowledged").asBoolean()).isTrue();
    assertThat(record.path("steps")).hasSize(1);
    assertThat(record.path("steps").get(0).path("id").asText()).isEqualTo("check-notes");
    assertThat(record.path("steps").get(0).path("note").asText()).isEmpty();
  }

  @Test
  void ctrlDAtTheAcknowledgementDeclinesToStartAndRecordsNothing() {
    walks.maint(Walks.at(OCTOBER)).run(walks.args(repo, "monthly", "--non-interactive"));
    String before = git.run("rev-parse", "maintenance/2026-10");
    CliHarness maint = walks.maint().typing("\u0004" + "dqy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEqualTo("maint: not started: the open items were not acknowledged; nothing was recorded\n");
    assertThat(maint.terminalOutput()).doesNotContain("[step 1 of 6]");
    assertThat(git.run("branch", "--list", "maintenance/2026-11")).isEmpty();
    assertThat(git.run("rev-parse", "maintenance/2026-10")).isEqualTo(before);
  }

  @Test
  void firstRunOfACadenceHasNothingCarriedForward() throws IOException {
    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(r.out()).doesNotContain("Left open");
    assertThat(novemberRecord().path("carried_forward")).isEmpty();
    assertThat(novemberRecord().path("previous_session").asText()).isEmpty();
  }
}
