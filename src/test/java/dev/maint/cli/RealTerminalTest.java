package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.maint.testing.Pty;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interactive walk in a real pseudo-terminal: one key answers, without Enter. */
class RealTerminalTest extends RepoTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  /** Starts maint on a real pty with a one-section runbook whose steps are {@code stepsYaml}. */
  private Pty walk(String stepsYaml, String... extra) throws IOException {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Path runbook = runbook(stepsYaml);
    List<String> args = new ArrayList<>(List.of("monthly", "--runbook", runbook.toString(), "--repo", repo.toString(),
        "--workdir", tmp.toString(), "--operator", "Ada <ada@example.test>"));
    args.addAll(List.of(extra));
    return Pty.start(tmp, Map.of("MAINT_STATE_DIR", tmp.resolve("state").toString(), "HOME", tmp.toString()),
        args.toArray(String[]::new));
  }

  /** A one-section monthly runbook whose steps are {@code stepsYaml}, as {@code rb.yaml} in the test's folder. */
  private Path runbook(String stepsYaml) throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: pty
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
        """ + stepsYaml.indent(10));
    return runbook;
  }

  @Test
  void oneKeyAnswersWorkInARealTerminal() throws Exception {
    try (Pty pty = walk("""
        - id: risky
          title: Risky
          run: echo ran-it
          confirm: true
        - id: after
          title: After
        """)) {
      pty.await("[r]un", LIMIT).type("r");
      pty.await("Run it now? [y/N]", LIMIT).type("y");
      pty.await("ran-it", LIMIT);
      pty.await("[step 2 of 2] After", "[q]uit >", LIMIT).type("q");
      pty.await("Quit now?", LIMIT).type("y");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).contains("PASS exit code 0", "Log entry committed to maintenance/");
    }
  }

  @Test
  void anInteractiveWalkOpensWithWhatItWillTouchBeforeItsFirstStep() throws Exception {
    try (Pty pty = walk("""
        - id: first
          title: First
        """, "--resolve", "example.test:443:127.0.0.1")) {
      pty.await("[q]uit >", LIMIT).type("q");
      pty.await("Quit now?", LIMIT).type("y");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      String screen = pty.screen();
      assertThat(screen).contains("Walking monthly with:", "  record       branch maintenance/",
          "  operator     Ada <ada@example.test>", "  overrides    --resolve example.test:443:127.0.0.1");
      assertThat(screen.indexOf("  overrides    ")).isLessThan(screen.indexOf("[step 1 of 1]"));
    }
  }

  /**
   * Two open monthly runs in one repository (Ada's and Bob's, each begun from a state folder of
   * its own and quit), then Ada's {@code --resume} asks which to continue: Ctrl-C there ends maint
   * with 130, continues neither and records nothing.
   */
  @Test
  void ctrlCAtTheQuestionWhichRunToResumeEndsWith130AndRecordsNothing() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Path runbook = runbook("""
        - id: first
          title: First
        - id: second
          title: Second
        """);
    List<String> saved = new ArrayList<>();
    for (String who : List.of("ada", "bob")) {
      try (Pty pty = Pty.start(tmp, stateOf(who), "monthly", "--runbook", runbook.toString(), "--repo", repo.toString(),
          "--workdir", tmp.toString(), "--operator", who + " <" + who + "@example.test>")) {
        pty.await("[q]uit >", LIMIT).type("d");
        pty.await("[step 2 of 2] Second", "[q]uit >", LIMIT).type("q");
        pty.await("Quit now?", LIMIT).type("y");
        assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("Session (\\S+) is saved").matcher(pty.screen());
        assertThat(id.find()).as(pty.screen()).isTrue();
        saved.add(id.group(1));
      }
    }
    String refs = git.run("for-each-ref", "--format=%(refname) %(objectname)");

    try (Pty pty = Pty.start(tmp, stateOf("ada"), "monthly", "--resume", "--runbook", runbook.toString(),
        "--repo", repo.toString(), "--workdir", tmp.toString(), "--operator", "ada <ada@example.test>")) {
      pty.await("2 unfinished monthly sessions to resume", "Which one to resume?", LIMIT).type("\u0003");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isEqualTo(130);
      assertThat(pty.screen()).contains("maint: interrupted before the walk began; nothing was recorded")
          .doesNotContain("Resuming");
    }
    assertThat(git.run("for-each-ref", "--format=%(refname) %(objectname)")).isEqualTo(refs);
    // Both runs are still there to continue.
    try (Pty pty = Pty.start(repo, stateOf("ada"), "sessions", "--runbook", runbook.toString())) {
      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).contains(saved.get(0) + "  monthly", saved.get(1) + "  monthly");
    }
  }

  private Map<String, String> stateOf(String operator) {
    return Map.of("MAINT_STATE_DIR", tmp.resolve("state-" + operator).toString(), "HOME", tmp.toString());
  }

  @Test
  void ctrlDCancelsAReasonAndAtTheMenuAsksWhetherToQuit() throws Exception {
    try (Pty pty = walk("""
        - id: first
          title: First
        """, "--no-commit")) {
      pty.await("[q]uit >", LIMIT).type("f");
      pty.await("What failed?", LIMIT).type("\u0004");
      pty.await("Cancelled.", "[q]uit >", LIMIT).type("\u0004");
      pty.await("Quit now?", LIMIT).type("n");
      pty.await("[y/N] no", "[q]uit >", LIMIT).type("d");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).containsPattern("first\\s+pass\\s+done by operator");
    }
  }

  @Test
  void closedTerminalStopsTheRunningCommandsTreeAndCommitsThePartialRun() throws Exception {
    try (Pty pty = walk("""
        - id: first
          title: First
        - id: slow
          title: Slow
          run: sleep 300 & echo $! > bg.pid; touch running; wait
        """)) {
      pty.await("[q]uit >", LIMIT).type("d");
      pty.await("[step 2 of 2] Slow", "[r]un", LIMIT).type("r");
      Path running = tmp.resolve("running");
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (!Files.exists(running) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      ProcessHandle maint = pty.maint();
      ProcessHandle background = ProcessHandle.of(Long.parseLong(Files.readString(tmp.resolve("bg.pid")).strip()))
          .orElseThrow();

      pty.hangUp();

      maint.onExit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      background.onExit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(background.isAlive()).isFalse();
      // The log entry is on the maintenance branch; --all would also show the run's own ref
      // (refs/maint/runs/ID, "maint: run ID"), committed just after it, whenever the second ticks between.
      assertThat(git.run("log", "-1", "--format=%s", "--branches=maintenance/*")).contains("1 done, 1 interrupted");
    }
  }

  @Test
  void ctrlCStopsTheRunningCommandButNotTheWalk() throws Exception {
    try (Pty pty = walk("""
        - id: long
          title: Long
          run: echo started; sleep 300
        """, "--no-commit")) {
      pty.await("[r]un", LIMIT).type("r");
      pty.await("│ started", LIMIT).type("\u0003");
      pty.await("INTERRUPTED interrupted after", LIMIT);
      pty.await("Run it again, or choose another action.", "[q]uit >", LIMIT).type("s");
      pty.await("Reason for skipping:", LIMIT).type("not today\r");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).containsPattern("long\\s+skipped\\s+skipped: not today");
    }
  }

  @Test
  void keysTypedWhileACommandRunsNeverAnswerTheNextStep() throws Exception {
    try (Pty pty = walk("""
        - id: slow
          title: Slow
          run: echo waiting; while [ ! -f go ]; do sleep 0.05; done; echo finished
        - id: critical
          title: Critical
          run: touch critical-ran
          required: true
          confirm: true
        """, "--no-commit")) {
      pty.await("[r]un", LIMIT).type("r");
      pty.await("│ waiting", LIMIT);
      // The operator presses d while the command still runs; the terminal echoes it.
      pty.type("d").await("│ waiting", "d", LIMIT);
      Files.createFile(tmp.resolve("go"));

      pty.await("[step 2 of 2] Critical", "[q]uit > ", LIMIT);
      String screen = pty.screen();
      String afterMenu = screen.substring(screen.lastIndexOf("[q]uit > ") + "[q]uit > ".length());
      assertThat(screen).contains("keys typed before this question was shown were ignored");
      assertThat(afterMenu).as("the menu waits for a key typed after it appeared").isBlank();

      pty.type("q").await("Quit now?", LIMIT).type("y");
      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).containsPattern("slow\\s+pass").doesNotContainPattern("critical\\s+pass");
      assertThat(tmp.resolve("critical-ran")).doesNotExist();
    }
  }
}
