package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several open runs of one cadence in one repository: which one a resume continues. */
class ChoosingARunTest {
  private static final String BOB = TwoClones.BOB;

  @TempDir Path tmp;
  Walks walks;
  TwoClones clones;
  Git ada;

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    clones = TwoClones.in(tmp);
    ada = clones.ada();
  }

  private String[] args(String operator, String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", walks.runbook().toString(), "--workdir", walks.app().toString(),
        "--operator", operator));
    return all.toArray(String[]::new);
  }

  /** The id in the line a quit walk ends with ({@code Session ID is saved; ...}). */
  private static String savedId(CliHarness.Result r) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Session (\\S+) is saved").matcher(r.out());
    assertThat(m.find()).as(r.out() + r.err()).isTrue();
    return m.group(1);
  }

  /**
   * Two open monthly runs in Ada's clone: Ada's own (09:00, check-notes answered) and Bob's, begun in
   * the same clone from his own state folder (10:00, check-notes and say-hello answered), each
   * quit. Ada's state folder knows only hers until a resume takes in the clone's runs.
   */
  private List<String> twoOpenRuns() {
    CliHarness.Result a = clones.as("ada", ada, Walks.at("2026-11-29T09:00:00Z")).typing("dqy")
        .run(args(Walks.OPERATOR, "monthly"));
    CliHarness.Result b = clones.as("bob", ada, Walks.at("2026-11-29T10:00:00Z")).typing("ddqy")
        .run(args(BOB, "monthly"));
    return List.of(savedId(a), savedId(b));
  }

  private CliHarness adaAt(String instant) {
    return clones.as("ada", ada, Walks.at(instant));
  }

  private String branchHead() {
    return ada.run("rev-parse", "maintenance/2026-11").strip();
  }

  @Test
  void anUnattendedResumeWithSeveralOpenRunsRefusesNamingThemAndTheOptionThatPicksOne() {
    List<String> ids = twoOpenRuns();
    String head = branchHead();

    CliHarness.Result r = adaAt("2026-11-29T11:00:00Z").run(args(Walks.OPERATOR, "monthly", "--resume", "--non-interactive"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: 2 unfinished monthly sessions to resume for " + ada.dir() + ": "
        + ids.get(1) + " (started 2026-11-29 11:00 CET by " + BOB + ", 2 steps recorded, section 1); "
        + ids.get(0) + " (started 2026-11-29 10:00 CET by " + Walks.OPERATOR + ", 1 step recorded, section 1)"
        + ": choose one with --session ID\n");
    assertThat(r.out()).doesNotContain("Resuming").doesNotContain("two-lines");
    assertThat(branchHead()).isEqualTo(head);
  }

  @Test
  void theLineAQuitWalkEndsWithNamesItsSessionSoItContinuesThatRunAmongSeveral() {
    CliHarness.Result a = clones.as("ada", ada, Walks.at("2026-11-29T09:00:00Z")).typing("dqy")
        .run(args(Walks.OPERATOR, "monthly"));
    clones.as("bob", ada, Walks.at("2026-11-29T10:00:00Z")).typing("ddqy").run(args(BOB, "monthly"));
    java.util.regex.Matcher hint = java.util.regex.Pattern.compile("continue it with: maint monthly (.*)\n")
        .matcher(a.out());
    assertThat(hint.find()).as(a.out()).isTrue();
    assertThat(hint.group(1)).endsWith(" --session " + savedId(a));

    // The hint's options as pasted (the repository path has no character a shell would take apart).
    List<String> pasted = new ArrayList<>(List.of("monthly"));
    pasted.addAll(List.of(hint.group(1).split(" ")));
    pasted.addAll(List.of(args(Walks.OPERATOR, "--non-interactive")));
    CliHarness.Result r = adaAt("2026-11-29T11:00:00Z").run(pasted.toArray(String[]::new));

    assertThat(r.out()).as(r.err()).contains("Resuming session " + savedId(a) + ".");
  }

  @Test
  void sessionIdContinuesTheRunItNamesAndLeavesTheOtherOpen() {
    List<String> ids = twoOpenRuns();

    CliHarness.Result r = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", ids.get(0), "--non-interactive", "--only", "say-hello"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("Resuming session " + ids.get(0) + ".").contains("Log entry committed")
        .containsPattern("check-notes\\s+pass").containsPattern("say-hello\\s+pass");
    CliHarness.Result listed = adaAt("2026-11-29T12:00:00Z").run("sessions", "--runbook", walks.runbook().toString());
    assertThat(listed.out()).as(listed.err()).contains(ids.get(1) + "  monthly").doesNotContain(ids.get(0));
    // --resume with --session is the same request.
    CliHarness.Result again = adaAt("2026-11-29T12:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--resume", "--session", ids.get(1), "--non-interactive", "--only", "1"));
    assertThat(again.out()).as(again.err()).contains("Resuming session " + ids.get(1) + ".");
  }

  @Test
  void anInteractiveResumeAsksWhichRunListingEachAndContinuesTheOneChosen() {
    List<String> ids = twoOpenRuns();
    CliHarness ada = adaAt("2026-11-29T11:00:00Z").typing("3\r" + ids.get(0) + "\rqy");

    CliHarness.Result r = ada.run(args(Walks.OPERATOR, "monthly", "--resume"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(ada.terminalOutput()).contains("2 unfinished monthly sessions to resume for " + this.ada.dir() + ":\n"
        + "  1) " + ids.get(1) + " (started 2026-11-29 11:00 CET by " + BOB + ", 2 steps recorded, section 1)\n"
        + "  2) " + ids.get(0) + " (started 2026-11-29 10:00 CET by " + Walks.OPERATOR + ", 1 step recorded, section 1)\n")
        .contains("Which one to resume? (1-2 or its id; empty: none)")
        .contains("No session 3 among these: type a number from 1 to 2, or an id shown.");
    assertThat(r.out()).contains("Resuming session " + ids.get(0) + ".").doesNotContain("Resuming session " + ids.get(1));
  }

  @Test
  void aWalkStartedWithoutResumeSaysTheRunItOffersIsTheNewestOfSeveral() {
    List<String> ids = twoOpenRuns();
    // Choosing none at a resume's question takes the clone's runs into Ada's state folder.
    adaAt("2026-11-29T11:00:00Z").typing("\r").run(args(Walks.OPERATOR, "monthly", "--resume"));
    CliHarness ada = adaAt("2026-11-29T12:00:00Z").typing("yqy");

    CliHarness.Result r = ada.run(args(Walks.OPERATOR, "monthly"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(ada.terminalOutput()).contains("Resume the unfinished monthly session " + ids.get(1) + " started ")
        .contains(", the newest of 2 (--resume asks which)? [Y/n]");
    assertThat(r.out()).contains("Resuming session " + ids.get(1) + ".");
  }

  @Test
  void choosingNoneAtTheQuestionWalksNothing() {
    List<String> ids = twoOpenRuns();
    String head = branchHead();
    CliHarness ada = adaAt("2026-11-29T11:00:00Z").typing("\r");

    CliHarness.Result r = ada.run(args(Walks.OPERATOR, "monthly", "--resume"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).isEqualTo("maint: no session chosen: nothing was resumed or recorded\n");
    assertThat(r.out()).doesNotContain("Resuming");
    assertThat(branchHead()).isEqualTo(head);
    assertThat(ids).hasSize(2);
  }

  @Test
  void anUnknownOrMalformedSessionIdIsOneLineExitTwo() {
    List<String> ids = twoOpenRuns();

    CliHarness.Result unknown = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", "0badcafe", "--non-interactive"));
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("maint: no unfinished monthly session 0badcafe to resume for " + ada.dir()
        + " (there are " + ids.get(1) + ", " + ids.get(0) + "; maint sessions lists them)\n");

    CliHarness.Result malformed = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", "../x", "--non-interactive"));
    assertThat(malformed.exitCode()).isEqualTo(2);
    assertThat(malformed.err().lines().findFirst().orElseThrow())
        .contains("'../x' is not a session id (maint sessions lists them)");
    assertThat(malformed.out()).isEmpty();

    CliHarness.Result both = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", ids.get(1), "--restart", "--non-interactive"));
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("maint: --session resumes a session: drop --restart, or --session to start over\n");
  }

  @Test
  void aSessionIdWhoseFileIsDamagedAndOnNoRefIsOneLineNamingTheFile() throws IOException {
    // --no-commit: the session lives in the state folder only, so nothing else holds it.
    String id = savedId(adaAt("2026-11-29T09:00:00Z").typing("dqy").run(args(Walks.OPERATOR, "monthly", "--no-commit")));
    Path file = clones.stateDir("ada").resolve("sessions").resolve(id + ".json");
    Files.writeString(file, "{\"schema\": 1, \"id\": tru");

    CliHarness.Result damaged = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", id, "--non-interactive", "--no-commit"));

    assertThat(damaged.exitCode()).as(damaged.out() + damaged.err()).isEqualTo(2);
    assertThat(damaged.err()).startsWith("maint: no unfinished monthly session to resume here: its session file "
        + file + ".damaged is damaged (").contains("): look at it (maint sessions lists it; it is kept where it is)");
    assertThat(damaged.err().lines()).hasSize(1);
  }

  @Test
  void runsBegunOnTwoClonesAndFetchedFromTheRemoteAreChosenBetweenToo() {
    CliHarness.Result a = adaAt("2026-11-29T09:00:00Z").typing("dqy").run(args(Walks.OPERATOR, "monthly", "--push"));
    CliHarness.Result b = clones.as("bob", clones.bob(), Walks.at("2026-11-29T10:00:00Z")).typing("ddqy")
        .run(args(BOB, "monthly", "--push"));
    String adas = savedId(a);
    String bobs = savedId(b);

    CliHarness.Result refused = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--resume", "--push", "--non-interactive"));
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).startsWith("maint: 2 unfinished monthly sessions to resume for " + ada.dir() + ": "
        + bobs + " (started 2026-11-29 11:00 CET by " + BOB + ", 2 steps recorded, section 1); " + adas + " (")
        .endsWith(": choose one with --session ID\n");
    CliHarness.Result listed = adaAt("2026-11-29T11:00:00Z").run("sessions", "--runbook", walks.runbook().toString());
    assertThat(listed.out()).contains(adas + "  monthly").contains(bobs + "  monthly");

    CliHarness.Result chosen = adaAt("2026-11-29T11:00:00Z")
        .run(args(Walks.OPERATOR, "monthly", "--session", bobs, "--push", "--non-interactive", "--only", "1"));
    assertThat(chosen.out()).as(chosen.err()).contains("Resuming session " + bobs + ".");
  }
}
