package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
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
    assertThat(r.out()).containsPattern("c-risky\\s+manual\\s+needs confirmation");
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
}
