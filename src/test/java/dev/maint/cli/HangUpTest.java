package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import dev.maint.testing.Pty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The end of a walk that nobody answers any more: a closed terminal (with or without the SIGHUP
 * that usually comes with it), SIGTERM or SIGHUP at any question, {@code kill -9}, and a signal
 * that arrives as the walk records its end. Real pseudo-terminals, real processes, real signals.
 */
class HangUpTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  Path repo;
  Path app;
  Path state;
  Path logs;
  Path runbook;
  Git git;
  final List<ProcessHandle> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    app = Files.createDirectories(tmp.resolve("app"));
    state = tmp.resolve("state");
    logs = tmp.resolve("logs");
    git = Git.initWithCommit(repo);
    runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: t
        title: T
        version: "1"
        environments: [staging]
        default_environment: staging
        cadences:
        - id: monthly
          title: M
          sections:
          - {id: "1", title: One, steps: [{id: s1a, title: a, run: "true"}, {id: s1b, title: manual}, {id: s1c, title: c, run: "true"}]}
          - {id: "2", title: Two, steps: [{id: s2a, title: d, run: sleep 3}, {id: s2b, title: e, run: "false"}]}
          - {id: "3", title: Three, steps: [{id: s3a, title: f, run: sleep 20}, {id: s3b, title: g, run: "true"}]}
        """);
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    started.forEach(ProcessHandle::destroyForcibly);
  }

  private Map<String, String> env() {
    return Map.of("MAINT_STATE_DIR", state.toString(), "HOME", tmp.toString());
  }

  private String[] w(String... extra) {
    List<String> all = new ArrayList<>(List.of("monthly", "--runbook", runbook.toString(), "--workdir", app.toString(),
        "--repo", repo.toString(), "--operator", "Ada <ada@example.test>", "--log-dir", logs.toString()));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  /** A question of the interactive walk, and the key that brings it up from the step menu. */
  enum At {
    MENU("", "[q]uit > "),
    NOTE("n", "Note: "),
    REASON("s", "Reason for skipping: "),
    CONFIRM("q", "Quit now?");

    final String key;
    final String shown;

    At(String key, String shown) {
      this.key = key;
      this.shown = shown;
    }
  }

  /** Starts W on a pty whose shell records maint's exit code, answers s1a with r and waits at {@code at} on s1b. */
  private Pty atQuestion(At at, boolean hangUpIgnored) throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Pty pty = Pty.startRecordingExit(tmp, env(), hangUpIgnored, tmp.resolve("exit-code"), tmp.resolve("stderr"), w());
    pty.await("[step 1 of 7]", "[q]uit > ", LIMIT).type("r");
    pty.await("[step 2 of 7]", "[q]uit > ", LIMIT);
    started.add(pty.maint());
    if (!at.key.isEmpty()) {
      pty.type(at.key).await("[step 2 of 7]", at.shown, LIMIT);
    }
    return pty;
  }

  private int exitCode() throws Exception {
    Path file = tmp.resolve("exit-code");
    awaitFile(file);
    // The shell writes the code with one echo; wait for its line to be whole.
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!Files.readString(file).endsWith("\n")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    return Integer.parseInt(Files.readString(file).strip());
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as(file + " did not appear").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void kill(String signal, ProcessHandle process) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  /** The run log of the one walk, whole. */
  private String runLog() throws IOException {
    try (Stream<Path> files = Files.walk(logs)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".log")).toList();
      assertThat(all).hasSize(1);
      return Files.readString(all.get(0));
    }
  }

  private String logEntry() {
    return git.run("log", "-1", "--format=%s", "--branches=maintenance/*");
  }

  /** Each step of the JSON record on the maintenance branch, by id. */
  private Map<String, JsonNode> recordedSteps() throws IOException {
    String branch = git.run("for-each-ref", "--format=%(refname:short)", "refs/heads/maintenance/").strip();
    String path = git.run("ls-tree", "-r", "--name-only", branch, "maintenance/records/").strip();
    Map<String, JsonNode> steps = new java.util.LinkedHashMap<>();
    new ObjectMapper().readTree(git.run("show", branch + ":" + path)).path("steps")
        .forEach(s -> steps.put(s.path("id").asText(), s));
    return steps;
  }

  @ParameterizedTest(name = "at {0}, SIGHUP sent: {1}")
  @CsvSource({"MENU,true", "MENU,false", "NOTE,true", "NOTE,false", "REASON,true", "REASON,false",
      "CONFIRM,true", "CONFIRM,false"})
  void aClosedTerminalQuitsWithoutAskingRecordsWhatWasAnsweredAndExits130(At at, boolean sighup) throws Exception {
    try (Pty pty = atQuestion(at, !sighup)) {
      ProcessHandle maint = pty.maint();

      pty.hangUp();
      if (sighup) {
        kill("HUP", maint);
      }

      assertThat(exitCode()).as(Files.readString(tmp.resolve("stderr"))).isEqualTo(130);
      assertThat(Files.readString(tmp.resolve("stderr"))).doesNotContain("Exception", "\tat ");
      assertThat(logEntry()).contains("1 done");
      assertThat(recordedSteps()).containsOnlyKeys("s1a");
      assertThat(runLog()).contains("walk interrupted: ", "exit code 130");
    }
  }

  @ParameterizedTest(name = "SIG{1} at {0}")
  @CsvSource({"MENU,TERM", "NOTE,TERM", "REASON,TERM", "CONFIRM,TERM", "MENU,HUP", "NOTE,HUP", "REASON,HUP",
      "CONFIRM,HUP"})
  void aSignalAtAnyQuestionCancelsItAtOnceSavesTheSessionAndExits130(At at, String signal) throws Exception {
    try (Pty pty = atQuestion(at, false)) {
      kill(signal, pty.maint());

      assertThat(exitCode()).as(pty.screen()).isEqualTo(130);
      assertThat(pty.screen()).contains("Session ", " is saved; continue it with: maint monthly --resume");
      assertThat(Files.readString(tmp.resolve("stderr"))).doesNotContain("Exception", "\tat ");
      assertThat(logEntry()).contains("1 done");
      assertThat(runLog()).contains("walk interrupted: ", "exit code 130");
    }
  }

  @Test
  void aNoteGivenToAnInterruptedStepOfAResumedRunSurvivesKill9AndStaysWithItsAnswer() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Files.writeString(runbook, """
        runbook: t
        cadences:
        - id: monthly
          sections:
          - {id: "1", title: One, steps: [{id: first, title: a, run: "true"}, {id: slow, title: Slow, run: "touch running; sleep 300"}]}
        """);
    try (Pty pty = Pty.start(tmp, env(), w())) {
      pty.await("[step 1 of 2]", "[q]uit > ", LIMIT).type("r");
      pty.await("[step 2 of 2]", "[q]uit > ", LIMIT).type("r");
      awaitFile(app.resolve("running"));
      pty.type("\u0003").await("Run it again, or choose another action.", "[q]uit > ", LIMIT).type("q");
      pty.await("Quit now?", LIMIT).type("y");
      pty.awaitExit(LIMIT);
    }
    Files.delete(app.resolve("running"));
    try (Pty pty = Pty.start(tmp, env(), w("--resume"))) {
      pty.await("[step 2 of 2]", "[q]uit > ", LIMIT).type("n");
      pty.await("Note: ", LIMIT).type("my note\r");
      pty.await("Note added.", "[q]uit > ", LIMIT).type("r");
      awaitFile(app.resolve("running"));
      ProcessHandle maint = pty.maint();
      started.addAll(maint.descendants().toList());
      maint.destroyForcibly();
      maint.onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }
    try (Pty pty = Pty.start(tmp, env(), w("--resume"))) {
      pty.await("[step 2 of 2]", "[q]uit > ", LIMIT).type("d");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isZero();
      assertThat(pty.screen()).contains("Log entry committed to maintenance/");
    }
    JsonNode slow = recordedSteps().get("slow");
    assertThat(slow.path("status").asText()).isEqualTo("pass");
    assertThat(slow.path("note").asText()).isEqualTo("my note");
  }

  @Test
  void aCommandThatFinishedAsSigtermArrivedKeepsItsRealResultAndIsNotRunAgain() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    // The command leaves a watcher behind that sends SIGTERM to maint (the shell's parent: setsid
    // execs the shell) the moment the shell is gone and reaped: the signal comes exactly as the
    // command's end is taken in, whichever of maint's threads sees what first. The next step waits
    // for a key nobody types, so only the signal can end the walk.
    Files.writeString(runbook, """
        runbook: t
        cadences:
        - id: monthly
          sections:
          - {id: "1", title: One, steps: [{id: signals, title: a, run: "echo ran >> ran-signals; (while kill -0 $$ 2>/dev/null; do sleep 0.01; done; kill -TERM $PPID) </dev/null >/dev/null 2>&1 &"}, {id: next, title: b, run: "echo ran >> ran-next"}]}
        """);
    try (Pty pty = Pty.start(tmp, env(), w())) {
      pty.await("[step 1 of 2]", "[q]uit > ", LIMIT);
      started.add(pty.maint());
      pty.type("r");

      assertThat(pty.awaitExit(LIMIT)).as(pty.screen()).isEqualTo(130);
      assertThat(pty.screen()).containsPattern("signals\\s+pass").doesNotContain("interrupted — exit code")
          .contains("Session ", " is saved; continue it with: maint monthly --resume");
    }
    assertThat(app.resolve("ran-next")).doesNotExist();
    assertThat(recordedSteps()).containsOnlyKeys("signals");

    Files.writeString(runbook, Files.readString(runbook).replace("kill -TERM $PPID", "true"));
    MaintProcess resumed = MaintProcess.start(tmp, env(), w("--non-interactive", "--resume"));
    started.add(resumed.handle());
    assertThat(resumed.awaitExit(LIMIT)).as(resumed.output()).isZero();
    assertThat(Files.readAllLines(app.resolve("ran-signals"))).hasSize(1);
    assertThat(Files.readAllLines(app.resolve("ran-next"))).hasSize(1);
    assertThat(recordedSteps().get("signals").path("status").asText()).isEqualTo("pass");
  }

  @Test
  void sigtermAsTheWalkRecordsItsEndExits130WithTheWholeRunCommitted() throws Exception {
    MaintProcess p = MaintProcess.start(tmp, env(), w("--non-interactive", "--only", "1"));
    started.add(p.handle());
    // The moment the walk has ended and its record is being made.
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!(Files.isDirectory(logs) && runLogSays("walk finished"))) {
      assertThat(System.nanoTime()).as(p.output()).isLessThan(deadline);
      Thread.sleep(5);
    }
    p.signal("TERM");

    assertThat(p.awaitExit(LIMIT)).as(p.output()).isEqualTo(130);
    assertThat(logEntry()).contains("2 done", "1 manual");
    assertThat(recordedSteps()).containsOnlyKeys("s1a", "s1b", "s1c");
    assertThat(p.output()).contains("Log entry committed to maintenance/");
  }

  private boolean runLogSays(String text) throws IOException {
    try (Stream<Path> files = Files.walk(logs)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        if (Files.readString(f).contains(text)) {
          return true;
        }
      }
    }
    return false;
  }
}
