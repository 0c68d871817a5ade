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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WalkCommandTest extends RepoTest {
  private CliHarness maint() {
    return walks.maint();
  }

  private String[] args(String... extra) {
    return walks.args(repo, extra);
  }

  @Test
  void interactiveWalkRecordsEachAnswerAndCommitsTheLogRowOnTheMonthBranch() throws IOException {
    String statusBefore = git.run("status", "--porcelain=v1", "--untracked-files=all");
    String headBefore = git.run("rev-parse", "HEAD");
    // done, note + run, run, failed with a reason, skip with a reason (if-failed applies), january-only skipped by condition
    CliHarness maint = maint().typing("dnchecked twice\rrrfdisk full\rsnot needed\r");

    CliHarness.Result r = maint.run(args("monthly"));

    String screen = maint.terminalOutput();
    assertThat(screen).contains("[step 1 of 6] Read the release notes", "[step 2 of 6] Say hello", "$ echo \"hello\"");
    assertThat(screen).contains("│ hello", "│ first", "│ second");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("check-notes\\s+pass\\s+done by operator");
    assertThat(r.out()).containsPattern("failing\\s+fail\\s+failed: disk full");
    assertThat(r.out()).containsPattern("if-failed\\s+skipped\\s+skipped: not needed");
    assertThat(r.out()).containsPattern("january-only\\s+skipped\\s+condition not met");

    assertThat(git.run("branch", "--list", "maintenance/2026-11")).contains("maintenance/2026-11");
    String log = git.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log).contains("| Date | Cadence | Operator | Activities | Issues Found | Notes |");
    assertThat(log).containsPattern("\\| 2026-11-29 \\| monthly \\| Ada Operator \\| .*failing fail: failed: disk full.*\\| say-hello: checked twice \\|");
    assertThat(git.run("log", "-1", "--format=%an <%ae>", "maintenance/2026-11")).isEqualTo("Ada Operator <ada@example.test>\n");
    assertThat(r.out()).contains("Log entry committed to maintenance/2026-11 as " + git.run("rev-parse", "maintenance/2026-11").strip());
    assertThat(git.run("rev-parse", "maintenance/2026-11~1")).isEqualTo(headBefore);
    assertThat(git.run("status", "--porcelain=v1", "--untracked-files=all")).isEqualTo(statusBefore);
    assertThat(git.run("rev-parse", "HEAD")).isEqualTo(headBefore);
    assertThat(git.run("symbolic-ref", "HEAD")).isEqualTo("refs/heads/main\n");
  }

  @Test
  void nonInteractiveRunLeavesManualStepsToAPersonAndNeverRunsStepsNeedingConfirmation() {
    CliHarness.Result r = maint().run(args("continuous", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("c-manual\\s+manual");
    assertThat(r.out()).containsPattern("c-ok\\s+pass");
    assertThat(r.out()).containsPattern("c-risky\\s+manual\\s+needs confirmation: run interactively or pass --yes");
    assertThat(r.out()).doesNotContain("│ risky");
    // 2026-11-29 is a Sunday in ISO week 48.
    assertThat(git.run("log", "-1", "--format=%s", "maintenance/2026-W48"))
        .isEqualTo("maint: continuous 2026-W48 — 1 done, 2 manual\n");
  }

  @Test
  void failingStepMakesNonInteractiveRunExitOne() {
    CliHarness.Result r = maint().run(args("monthly", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("failing\\s+fail\\s+exit code 3 \\(expected 0\\)");
    assertThat(r.out()).containsPattern("if-failed\\s+manual");
  }

  @Test
  void environmentSelectsTheVariableValue() {
    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--env", "production", "--no-commit"));

    assertThat(r.out()).contains("│ hello production");
  }

  @Test
  void stdinThatIsNotATerminalAsksForNonInteractiveInsteadOfHanging() {
    CliHarness.Result r = maint().run(args("monthly"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("standard input is not a terminal: use --non-interactive");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void quittingCommitsWhatWasDoneSoFar() {
    CliHarness maint = maint().typing("dqy\r");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String log = git.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log).contains("1 of 6 steps", "quit before the end");
  }

  @Test
  void secretsFromTheEnvironmentNeverReachTheLogOrTheRecord() throws IOException {
    walks.editRunbook("run: \"true\"", "run: echo token=${token}");

    CliHarness.Result r = maint().run(args("continuous", "--non-interactive", "-v"));

    assertThat(r.out()).contains("token=***").doesNotContain(Walks.SECRET);
    assertThat(git.run("log", "-p", "--all")).doesNotContain(Walks.SECRET).contains("token=***");
  }

  @Test
  void ctrlCAtAPromptAsksWhetherToQuitAndAQuitSessionCanBeResumed() {
    CliHarness first = maint().typing("d\u0003y\r");
    CliHarness.Result quit = first.run(args("monthly"));

    assertThat(first.terminalOutput()).contains("Quit now? What is recorded so far is kept and logged.");
    assertThat(quit.out()).contains("Session ").contains("is saved; continue it with: maint monthly --resume");
    CliHarness.Result listed = maint().run("sessions");
    assertThat(listed.out()).containsPattern(
        "[0-9a-f]{8}  monthly  open  started 2026-11-29 10:00 CET  by Ada Operator <ada@example.test>  1 step recorded,"
            + " at say-hello  repo ");

    CliHarness second = maint().typing("y\rd");
    CliHarness.Result resumed = second.run(args("monthly"));

    assertThat(second.terminalOutput()).containsPattern("Resume the unfinished monthly session [0-9a-f]{8} started"
            + " 2026-11-29 10:00 CET by Ada Operator").contains("[step 2 of 6] Say hello")
        .doesNotContain("[step 1 of 6]");
    String log = git.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.startsWith("| 2026-11-29"))).hasSize(1);
    assertThat(log).contains("2 of 6 steps");
    assertThat(git.run("rev-list", "--count", "main..maintenance/2026-11")).isEqualTo("2\n");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
  }

  @Test
  void unfinishedSessionCountsItsOwnStepsNotThoseSelectedNow() {
    // --start-at two-lines walks 4 of the 6 steps; two-lines is run, then Ctrl-C quits.
    CliHarness first = maint().typing("r\u0003y\r");
    first.run(args("monthly", "--start-at", "two-lines"));
    assertThat(first.terminalOutput()).contains("[step 1 of 4] ");

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--only", "check-notes,january-only"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).containsPattern("there is an unfinished monthly session [0-9a-f]{8} started 2026-11-29 10:00 CET"
        + " by Ada Operator <ada@example.test> \\(1 of 4 steps recorded\\): pass --resume");
  }

  @Test
  void unfinishedSessionFromAnOlderMaintWithoutItsOwnStepsGivesTheRecordedCountAlone() throws IOException {
    maint().typing("r\u0003y\r").run(args("monthly", "--start-at", "two-lines"));
    try (Stream<Path> files = Files.list(tmp.resolve(".local/state/maint/sessions"))) {
      Path session = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
      ObjectNode older = (ObjectNode) new ObjectMapper().readTree(session.toFile());
      older.remove("walk");
      Files.writeString(session, older.toString());
    }

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("by Ada Operator <ada@example.test> (1 step recorded): pass --resume");
  }

  @Test
  void skippingNeedsAReasonUnlessNoReasonIsGiven() {
    CliHarness strict = maint().typing("s\r\r\r");
    strict.run(args("monthly", "--no-commit"));
    assertThat(strict.terminalOutput()).contains("A reason is required for the audit trail", "No reason given: nothing recorded.");

    CliHarness lax = maint().typing("s\r");
    CliHarness.Result r = lax.run(args("monthly", "--no-commit", "--restart", "--no-reason"));
    assertThat(r.out()).containsPattern("check-notes\\s+skipped\\s+skipped by operator");
  }

  @Test
  void requiredStepIsNotOfferedForSkippingAndItsKeyDoesNothing() throws IOException {
    walks.editRunbook("title: Read the release notes", "title: Read the release notes\n            required: true");
    CliHarness maint = maint().typing("sd");

    CliHarness.Result r = maint.run(args("monthly", "--no-commit"));

    String screen = maint.terminalOutput();
    String requiredStep = screen.substring(screen.indexOf("[step 1 of 6]"), screen.indexOf("[step 2 of 6]"));
    assertThat(requiredStep).contains("[d]one", "[f]ailed").doesNotContain("[s]kip", "This step is required and cannot be skipped.");
    assertThat(screen.substring(screen.indexOf("[step 2 of 6]"))).contains("[s]kip");
    assertThat(r.out()).containsPattern("check-notes\\s+pass");
  }

  @Test
  void arrowAndFunctionKeysNeverAnswerAStep() {
    // Left, Down, End, F2 (ESC O Q), F3 (ESC O R), Alt+q, then 'd' for done and quit at the next step.
    CliHarness maint = maint().typing("\u001b[D\u001b[B\u001b[F\u001bOQ\u001bOR\u001bqdqy");

    CliHarness.Result r = maint.run(args("monthly", "--no-commit"));

    assertThat(maint.terminalOutput()).contains("> [d]one").doesNotContain("> [b]ack", "> [r]un", "> [f]ailed", "> [s]kip");
    assertThat(r.out()).containsPattern("check-notes\\s+pass\\s+done by operator").doesNotContain("say-hello ");
  }

  @Test
  void resumingInAnotherEnvironmentIsRefused() {
    maint().typing("dqy").run(args("monthly"));

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--resume", "--env", "production"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("runs in environment 'staging': resume it with --env staging");
  }

  @Test
  void resumingWithOtherSetValuesIsRefused() {
    maint().typing("dqy").run(args("monthly", "--set", "greeting=hi"));

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--resume", "--set", "greeting=bye"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("began with other --set values");
  }

  @Test
  void aMistypedOptionLeavesNoSessionBehind() {
    CliHarness.Result bad = maint().run(args("monthly", "--non-interactive", "--resolve", "a:b:c"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("maint: --resolve a:b:c: invalid port 'b'\n");

    CliHarness.Result good = maint().run(args("monthly", "--non-interactive", "--no-commit"));

    assertThat(good.err()).doesNotContain("unfinished");
    assertThat(good.exitCode()).isEqualTo(1);
  }

  @Test
  void ctrlCAtTheResumeQuestionEndsWith130AndChangesNothing() {
    maint().typing("dqy").run(args("monthly"));
    CliHarness.Result listedBefore = maint().run("sessions");

    CliHarness.Result r = maint().typing("\u0003").run(args("monthly"));

    assertThat(r.exitCode()).isEqualTo(130);
    assertThat(r.err()).isEqualTo("maint: interrupted before the walk began; nothing was recorded\n");
    assertThat(maint().run("sessions").out()).isEqualTo(listedBefore.out());
  }

  @Test
  void declinedResumeAsksBeforeAbandoning() {
    maint().typing("dqy").run(args("monthly"));
    CliHarness keep = maint().typing("nn");

    CliHarness.Result r = keep.run(args("monthly"));

    assertThat(keep.terminalOutput()).contains("Abandon it and start over? [y/N]");
    assertThat(r.exitCode()).isZero();
    assertThat(maint().run("sessions").out()).contains("monthly  open");
  }

  @Test
  void dryRunIgnoresAnUnfinishedSessionAndLeavesItAlone() {
    maint().typing("dqy").run(args("monthly"));

    CliHarness.Result r = maint().run(args("monthly", "--dry-run"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("failing\\s+skipped\\s+dry run");
    assertThat(maint().run("sessions").out()).contains("monthly  open");
  }

  @Test
  void notesWaitForTheirStepAcrossBack() {
    // note on step 1, answer it; step 2: note, back, done on step 1 again, then done on step 2.
    CliHarness maint = maint().typing("nfirst\rdnsecond\rbddqy");

    maint.run(args("monthly", "--no-commit"));

    String sessions = maint().run("sessions", "--all").out();
    assertThat(sessions).contains("2 steps recorded");
    assertThat(maint.terminalOutput()).contains("note: first", "note: second");
  }

  @Test
  void aStepAnsweredAgainKeepsEveryNoteGivenForIt() throws IOException {
    // say-hello: note, run; back: note, run again; back: note, done; then quit.
    CliHarness maint = maint().typing("dnbefore run\rrbnafter back\rrbnthird\rdqy");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(maint.terminalOutput()).contains("Note added.");
    String notes = "before run; after back; third";
    String path = git.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").strip();
    JsonNode step = new ObjectMapper().readTree(git.run("show", "maintenance/2026-11:" + path)).path("steps").get(1);
    assertThat(step.path("id").asText()).as(r.err()).isEqualTo("say-hello");
    assertThat(step.path("status").asText()).isEqualTo("pass");
    assertThat(step.path("note").asText()).isEqualTo(notes);
    try (Stream<Path> files = Files.list(tmp.resolve(".local/state/maint/sessions"))) {
      Path session = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
      assertThat(Files.readString(session)).contains("\"note\" : \"" + notes + "\"");
    }
  }

  @Test
  void resumingWithAStepLeftOutKeepsItsResultAndCountsWhatTheTableShows() throws IOException {
    maint().typing("ddqy").run(args("monthly", "--no-commit"));
    walks.editRunbook("title: Print two lines slowly", "title: Print two lines");

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--resume", "--skip", "say-hello"));

    assertThat(r.out()).contains("The runbook changed since this session began")
        .doesNotContain("removed").contains("Not selected this time (earlier results kept, shown and counted): say-hello");
    assertThat(r.out()).containsPattern("say-hello\\s+pass\\s+done by operator");
    assertThat(r.out()).contains("monthly: 3 done, 1 failed, 1 skipped, 1 manual (6 of 6 steps recorded)");
  }

  @Test
  void anyCadenceOfACustomRunbookIsWalkedWithWalk() throws IOException {
    walks.editRunbook("id: continuous", "id: weekly");

    CliHarness.Result r = maint().run(args("walk", "weekly", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("c-ok\\s+pass");
    assertThat(maint().run("weekly").err()).startsWith("maint: unknown command 'weekly'");
  }

  @Test
  void anUndeclaredEnvironmentIsAUsageErrorBeforeAnythingRuns() {
    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--env", "prod"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: unknown environment 'prod' (runbook declares: staging, production)\n");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void anyEnvironmentIsAUsageErrorWhenTheRunbookDeclaresNone() throws IOException {
    walks.editRunbook("environments: [staging, production]\ndefault_environment: staging\n", "");
    walks.editRunbook("    environments:\n      production: hello production\n", "");

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--env", "staging"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: unknown environment 'staging' (the runbook declares no environments)\n");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void aMissingAppDirIsAUsageErrorBeforeTheWalk() throws IOException {
    walks.editRunbook("variables:\n", "variables:\n  app_dir: " + walks.app() + "\n");
    String missing = walks.app().resolve("nowhere").toString();

    CliHarness.Result r = maint().run("monthly", "--non-interactive", "--set", "app_dir=" + missing,
        "--runbook", walks.runbook().toString(), "--repo", repo.toString(), "--operator", Walks.OPERATOR);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: app_dir " + missing + ": no such directory (the working directory of step"
        + " 'say-hello'; pass --set app_dir=DIR or --workdir DIR)\n");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void aStepWorkdirThatIsNoDirectoryIsAUsageErrorButOneRunOverSshIsNot() throws IOException {
    Path file = Files.writeString(walks.app().resolve("file"), "");
    walks.editRunbook("            run: exit 3\n", "            run: exit 3\n            workdir: " + file + "\n");

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--no-commit"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: workdir " + file + " of step 'failing': not a directory\n");

    // Over ssh the folder is the remote host's; confirm keeps the unattended walk from running it.
    walks.editRunbook("            workdir: " + file + "\n",
        "            workdir: " + file + "\n            host: build-agent.test\n            confirm: true\n");
    CliHarness.Result remote = maint().run(args("monthly", "--non-interactive", "--no-commit"));
    assertThat(remote.exitCode()).as(remote.err()).isZero();
    assertThat(remote.out()).containsPattern("failing\\s+manual\\s+needs confirmation");
  }

  @Test
  void aReportToStandardOutputIsAUsageErrorPointingToFormatJson() {
    CliHarness.Result r = maint().run(args("continuous", "--non-interactive", "--report", "junit=-"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --report junit=-: reports are written"
        + " to files; for the JSON report on standard output use --format json\n");
    assertThat(tmp.resolve("-")).doesNotExist();
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void twoReportsToOneFileAreAUsageError() {
    CliHarness.Result r = maint().run(args("continuous", "--non-interactive", "--report", "junit=out/r",
        "--report", "json=out/../out/r"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --report junit and --report json both write " + tmp.resolve("out/r")
        + ": give each report a file of its own\n");
    assertThat(tmp.resolve("out/r")).doesNotExist();
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void commaSeparatedReportsAreEachWritten() throws IOException {
    CliHarness.Result r = maint().run(args("continuous", "--non-interactive",
        "--report", "json=out/r.json,junit=out/r.xml,markdown=out/r.md"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(tmp.resolve("out/r.json").toFile()).path("cadence").asText())
        .isEqualTo("continuous");
    assertThat(Files.readString(tmp.resolve("out/r.xml"))).contains("<testsuite");
    assertThat(Files.readString(tmp.resolve("out/r.md"))).contains("(`c-ok`)");
    try (Stream<Path> out = Files.list(tmp.resolve("out"))) {
      assertThat(out.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("r.json", "r.xml", "r.md");
    }
  }

  @Test
  void variablesAreFilledInInTitlesAndDetailsWithSecretsMasked() throws IOException {
    walks.editRunbook("            title: Say hello\n", "            title: Say ${greeting}\n"
        + "            details: \"token ${token}, from the environment ${env:WALK_TOKEN}, unset ${env:NOT_SET_HERE}\"\n");

    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--env", "production", "--no-commit",
        "--only", "say-hello", "--report", "json=report.json"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Say hello production", "token ***, from the environment ***, unset ${env:NOT_SET_HERE}")
        .doesNotContain(Walks.SECRET, "${greeting}");
    assertThat(Files.readString(tmp.resolve("report.json"))).contains("\"title\": \"Say hello production\"")
        .doesNotContain(Walks.SECRET);
  }

  @Test
  void selectingNoStepIsAUsageError() {
    CliHarness.Result r = maint().run(args("monthly", "--non-interactive", "--only", "1", "--skip", "1"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no step of monthly is selected");
  }

  @Test
  void ctrlDAtAReasonCancelsItAndALaterQuitStillAsks() {
    // check-notes done; at say-hello: failed, Ctrl-D at the reason, then quit, and yes.
    CliHarness maint = maint().typing("df\u0004qy");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(maint.terminalOutput()).contains("What failed? ")
        .containsPattern("What failed\\? \\s*\\n  Cancelled\\.\\n").contains("Quit now? What is recorded so far is kept and logged.");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContainPattern("say-hello\\s+fail");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("1 of 6 steps", "quit before the end");
  }

  @Test
  void ctrlDAtANoteCancelsItKeepingTheNoteTypedBefore() throws IOException {
    CliHarness maint = maint().typing("dnfirst note\rn\u0004dqy");

    maint.run(args("monthly"));

    assertThat(maint.terminalOutput()).contains("Note added.", "Cancelled.").doesNotContain("Note cleared.");
    String path = git.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").strip();
    JsonNode step = new ObjectMapper().readTree(git.run("show", "maintenance/2026-11:" + path)).path("steps").get(1);
    assertThat(step.path("id").asText()).isEqualTo("say-hello");
    assertThat(step.path("note").asText()).isEqualTo("first note");
  }

  @Test
  void ctrlDAtTheStepMenuAsksWhetherToQuitAsQDoes() {
    // Ctrl-D, no: the walk goes on; Ctrl-D again, yes.
    CliHarness maint = maint().typing("d\u0004nd\u0004y");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(maint.terminalOutput().split("Quit now\\?", -1)).hasSize(3);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("2 of 6 steps", "quit before the end");
  }

  @Test
  void theEndOfTheKeysQuitsWithoutAskingAtTheMenuAndAtAReason() {
    // The keys end at the menu, and in another walk at a reason: the input is over, nothing can answer.
    CliHarness atMenu = maint().typing("d");
    CliHarness.Result menu = atMenu.run(args("monthly", "--no-commit"));
    CliHarness atReason = maint().typing("df");
    CliHarness.Result reason = atReason.run(args("monthly", "--restart"));

    assertThat(atMenu.terminalOutput()).doesNotContain("Quit now?");
    assertThat(menu.out()).contains("is saved; continue it with: maint monthly --resume");
    assertThat(atReason.terminalOutput()).contains("What failed? ").doesNotContain("Quit now?", "Cancelled.");
    assertThat(reason.exitCode()).as(reason.err()).isZero();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("1 of 6 steps", "quit before the end");
  }

  @Test
  void ctrlCTwiceAtAPromptQuits() {
    CliHarness maint = maint().typing("d\u0003\u0003");

    CliHarness.Result r = maint.run(args("monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("is saved; continue it with: maint monthly --resume");
  }
}
