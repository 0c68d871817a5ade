package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import dev.maint.testing.Pty;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sessions survive crashes and signals; the process tree is stopped; locks keep one walk at a time. */
class SessionSurvivalTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  Path repo;
  Path app;
  Path state;
  Path runbook;
  Git git;
  final List<ProcessHandle> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    app = Files.createDirectories(tmp.resolve("app"));
    state = tmp.resolve("state");
    git = Git.initWithCommit(repo);
    runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: survival
        variables:
          token:
            secret: true
            default: ${env:SURVIVAL_TOKEN}
        cadences:
          - id: continuous
            branch: maintenance/{week-year}-W{week}
            sections:
              - id: s
                title: Steps
                steps:
                  - id: first
                    title: First
                    run: echo first done
                  - id: slow
                    title: Slow
                    run: if [ -f resumed ]; then echo quick now; else sh -c 'sleep 300 & echo $! > background.pid; touch running; wait'; fi
                  - id: show-token
                    title: Prints the token
                    run: echo "token is ${token}"
        """);
  }

  @AfterEach
  void killLeftovers() {
    started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    started.forEach(ProcessHandle::destroyForcibly);
  }

  private Map<String, String> env() {
    return Map.of("MAINT_STATE_DIR", state.toString(), "SURVIVAL_TOKEN", "tok-6f1e2d-secret", "HOME", tmp.toString());
  }

  private String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", runbook.toString(), "--repo", repo.toString(), "--workdir", app.toString(),
        "--operator", "Ada <ada@example.test>"));
    return all.toArray(String[]::new);
  }

  private MaintProcess startSlowWalk() throws Exception {
    MaintProcess p = MaintProcess.start(tmp, env(), args("continuous", "--non-interactive"));
    started.add(p.handle());
    p.awaitFile(app.resolve("running"), LIMIT);
    return p;
  }

  /** The one saved session as maint reads it: the whole file with its journal replayed. */
  private JsonNode onlySession() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("sessions"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".json")).toList()).hasSize(1);
    }
    List<SessionStore.StoredSession> all = new SessionStore(state).list();
    assertThat(all).hasSize(1);
    return new ObjectMapper().valueToTree(all.get(0));
  }

  @Test
  void killedMidStepResumesKeepingEarlierResultsAndOffersTheInterruptedStepAgain() throws Exception {
    MaintProcess p = startSlowWalk();
    List<ProcessHandle> tree = p.handle().descendants().toList();
    p.signal("KILL");
    p.awaitExit(LIMIT);
    tree.forEach(ProcessHandle::destroyForcibly);
    JsonNode saved = onlySession();
    assertThat(saved.get("running").asText()).isEqualTo("slow");
    String firstStarted = saved.get("steps").get(0).get("started").asText();
    // As a maint that kept no notes waiting for an answer saved it: such files still load.
    assertThat(((ObjectNode) saved).remove("pendingNotes")).isNotNull();
    try (Stream<Path> files = Files.list(state.resolve("sessions"))) {
      new ObjectMapper().writeValue(files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow().toFile(),
          saved);
    }
    Files.createFile(app.resolve("resumed"));
    Files.writeString(runbook, Files.readString(runbook).replace(
        "          - id: show-token", "          - id: added-later\n            title: Added later\n          - id: show-token"));

    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .env("SURVIVAL_TOKEN", "tok-6f1e2d-secret").run(args("continuous", "--non-interactive", "--resume"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("The runbook changed since this session began", "added: added-later");
    assertThat(r.out()).contains("Resuming session " + saved.get("id").asText());
    assertThat(r.out()).contains("│ quick now").doesNotContain("│ first done");
    JsonNode after = onlySession();
    assertThat(after.get("state").asText()).isEqualTo("finished");
    assertThat(after.get("steps").get(0).get("id").asText()).isEqualTo("first");
    assertThat(after.get("steps").get(0).get("started").asText()).isEqualTo(firstStarted);
    assertThat(after.get("steps").get(1).get("status").asText()).isEqualTo("pass");
  }

  /** Starts an interactive walk on a real terminal, runs the first step and waits at the slow one. */
  private Pty interactiveWalkAtSlow() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Pty pty = Pty.start(tmp, env(), args("continuous"));
    pty.await("[r]un", LIMIT).type("r");
    pty.await("[step 2 of 3] Slow", LIMIT).await("[step 2 of 3] Slow", "[q]uit >", LIMIT);
    return pty;
  }

  /** Waits until the slow step's command runs, then kills maint with SIGKILL, as {@code kill -9} does. */
  private void killMaintWhileSlowRuns(Pty pty) throws Exception {
    awaitFile(app.resolve("running"));
    killMaint(pty);
  }

  private void killMaint(Pty pty) throws Exception {
    ProcessHandle maint = pty.maint();
    List<ProcessHandle> tree = maint.descendants().toList();
    started.addAll(tree);
    maint.destroyForcibly();
    maint.onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as(file + " did not appear").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** Resumes the killed session unattended, the slow step now quick, and checks it finished. */
  private void resumeUnattended() throws IOException {
    Files.createFile(app.resolve("resumed"));
    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .env("SURVIVAL_TOKEN", "tok-6f1e2d-secret").run(args("continuous", "--non-interactive", "--resume"));
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("│ quick now");
  }

  /** The slow step in the JSON record committed to the session's maintenance branch. */
  private JsonNode committedSlowStep() throws IOException {
    String branch = git.run("for-each-ref", "--format=%(refname:short)", "refs/heads/maintenance/").strip();
    String path = git.run("ls-tree", "-r", "--name-only", branch, "maintenance/records/").strip();
    return new ObjectMapper().readTree(git.run("show", branch + ":" + path)).path("steps").get(1);
  }

  @Test
  void aNoteGivenBeforeRunningAStepSurvivesKill9AndIsRecordedWithItsAnswer() throws Exception {
    try (Pty pty = interactiveWalkAtSlow()) {
      pty.type("n").await("Note: ", LIMIT).type("important note\r");
      pty.await("Note added.", "[q]uit >", LIMIT).type("r");
      killMaintWhileSlowRuns(pty);
    }
    JsonNode saved = onlySession();
    assertThat(saved.get("running").asText()).isEqualTo("slow");
    assertThat(saved.path("pendingNotes").path("slow").asText()).isEqualTo("important note");

    resumeUnattended();

    JsonNode slow = onlySession().get("steps").get(1);
    assertThat(slow.get("id").asText()).isEqualTo("slow");
    assertThat(slow.get("status").asText()).isEqualTo("pass");
    assertThat(slow.get("note").asText()).isEqualTo("important note");
    assertThat(onlySession().path("pendingNotes")).isEmpty();
    assertThat(committedSlowStep().path("note").asText()).isEqualTo("important note");
  }

  @Test
  void aNoteOnAStepWithoutAnAnswerIsSavedAtOnceAndWaitsForTheAnswerOfTheResumedWalk() throws Exception {
    try (Pty pty = interactiveWalkAtSlow()) {
      pty.type("n").await("Note: ", LIMIT).type("important note\r");
      pty.await("Note added.", "[q]uit >", LIMIT);
      killMaint(pty);
    }
    JsonNode saved = onlySession();
    assertThat(saved.get("running").isNull()).isTrue();
    assertThat(saved.path("pendingNotes").path("slow").asText()).isEqualTo("important note");

    resumeUnattended();

    assertThat(onlySession().get("steps").get(1).get("note").asText()).isEqualTo("important note");
    assertThat(committedSlowStep().path("note").asText()).isEqualTo("important note");
  }

  @Test
  void theNoteOfAnInterruptedStepSurvivesKill9WhileTheStepRunsAgain() throws Exception {
    try (Pty pty = interactiveWalkAtSlow()) {
      pty.type("r");
      awaitFile(app.resolve("running"));
      pty.type("\u0003");
      pty.await("Run it again, or choose another action.", "[q]uit >", LIMIT);
      Files.delete(app.resolve("running"));
      pty.type("n").await("Note: ", LIMIT).type("keepme\r");
      pty.await("Note added.", "[q]uit >", LIMIT).type("r");
      killMaintWhileSlowRuns(pty);
    }
    JsonNode saved = onlySession();
    assertThat(saved.get("running").asText()).isEqualTo("slow");
    assertThat(saved.get("steps").get(1).get("note").asText()).isEqualTo("keepme");

    resumeUnattended();

    JsonNode slow = onlySession().get("steps").get(1);
    assertThat(slow.get("status").asText()).isEqualTo("pass");
    assertThat(slow.get("note").asText()).isEqualTo("keepme");
    assertThat(committedSlowStep().path("note").asText()).isEqualTo("keepme");
  }

  @Test
  void resumeAfterKill9StopsTheCommandTheKilledRunLeftRunningBeforeOfferingItsStepAgain() throws Exception {
    MaintProcess p = startSlowWalk();
    long background = Long.parseLong(Files.readString(app.resolve("background.pid")).strip());
    List<ProcessHandle> tree = p.handle().descendants().toList();
    p.signal("KILL");
    p.awaitExit(LIMIT);
    started.addAll(tree);
    assertThat(ProcessHandle.of(background).map(ProcessHandle::isAlive)).isEqualTo(Optional.of(true));
    JsonNode saved = onlySession();
    long command = saved.get("runningPid").asLong();
    assertThat(tree).extracting(ProcessHandle::pid).contains(command);
    Files.createFile(app.resolve("resumed"));

    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .env("SURVIVAL_TOKEN", "tok-6f1e2d-secret").run(args("continuous", "--non-interactive", "--resume"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("The command of step slow from the killed run is still running as pid " + command
        + "; stopping it.");
    assertThat(r.out().indexOf("stopping it")).isLessThan(r.out().indexOf("│ quick now"));
    for (ProcessHandle h : tree) {
      h.onExit().get(10, TimeUnit.SECONDS);
      assertThat(h.isAlive()).as("pid %d", h.pid()).isFalse();
    }
    assertThat(tree).extracting(ProcessHandle::pid).contains(background);
  }

  @Test
  void sessionsTellsAWalkGoingOnNowFromOneAKilledMaintLeftBehind() throws Exception {
    MaintProcess p = startSlowWalk();
    CliHarness sessions = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString());

    String live = sessions.run("sessions", "--runbook", runbook.toString()).out();

    assertThat(live).contains("continuous  running now (pid " + p.handle().pid() + " on ")
        .contains(", at slow").doesNotContain("interrupted");
    List<ProcessHandle> tree = p.handle().descendants().toList();
    started.addAll(tree);
    p.signal("KILL");
    p.awaitExit(LIMIT);
    String left = sessions.run("sessions", "--runbook", runbook.toString()).out();
    assertThat(left).contains("continuous  open  started ", ", interrupted at slow").doesNotContain("running now");
  }

  @Test
  void sessionsListsAWalkGoingOnNowBeforeItsFirstStepIsAnswered() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    try (Pty pty = Pty.start(tmp, env(), args("continuous"))) {
      // The operator has not answered the first step yet: nothing is recorded and nothing runs.
      pty.await("[step 1 of 3] First", LIMIT).await("[q]uit >", LIMIT);
      started.add(pty.maint());

      String live = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
          .run("sessions", "--runbook", runbook.toString()).out();

      assertThat(live).doesNotContain("No unfinished sessions.")
          .contains("continuous  running now (pid " + pty.maint().pid() + " on ",
              "0 steps recorded, at first  repo " + repo.toRealPath());
      ProcessHandle maint = pty.maint();
      maint.destroyForcibly();
      maint.onExit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
      // Killed before its first step, it left nothing to resume.
      assertThat(new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
          .run("sessions", "--runbook", runbook.toString()).out()).contains("No unfinished sessions.");
    }
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"INT", "TERM", "HUP"})
  void aSignalStopsTheWholeProcessTreeSavesTheSessionCommitsThePartialRunAndExits130(String signal)
      throws Exception {
    MaintProcess p = startSlowWalk();
    long background = Long.parseLong(Files.readString(app.resolve("background.pid")).strip());
    List<ProcessHandle> tree = p.handle().descendants().toList();
    assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

    p.signal(signal);
    int code = p.awaitExit(LIMIT);

    assertThat(code).as(p.output()).isEqualTo(130);
    for (ProcessHandle h : tree) {
      h.onExit().get(10, TimeUnit.SECONDS);
      assertThat(h.isAlive()).as("pid %d", h.pid()).isFalse();
    }
    assertThat(ProcessHandle.of(background).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(p.output()).containsPattern("slow\\s+interrupted");
    assertThat(git.run("log", "-p", "--all", "--format=%s")).contains("1 done, 1 interrupted");
    JsonNode saved = onlySession();
    assertThat(saved.get("state").asText()).isEqualTo("open");
    assertThat(saved.get("steps").get(1).get("status").asText()).isEqualTo("interrupted");
  }

  @Test
  void ctrlCToTheWholeForegroundGroupAlsoStopsOrphanedBackgroundChildren() throws Exception {
    MaintProcess p = MaintProcess.start(tmp, env(), true, args("continuous", "--non-interactive"));
    started.add(p.handle());
    p.awaitFile(app.resolve("running"), LIMIT);
    long background = Long.parseLong(Files.readString(app.resolve("background.pid")).strip());

    p.signalGroup("INT");
    int code = p.awaitExit(LIMIT);

    assertThat(code).as(p.output()).isEqualTo(130);
    Optional<ProcessHandle> left = ProcessHandle.of(background);
    if (left.isPresent()) {
      left.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(background).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(p.output()).containsPattern("slow\\s+interrupted");
  }

  @Test
  void sigintCancelsAnHttpProbeWaitingForAnAnswerAndExits130() throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              seen.countDown();
              release.await();
              return new MockResponse.Builder().code(200).build();
            }
          });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      Files.writeString(runbook, """
          runbook: survival
          cadences:
            - id: continuous
              branch: maintenance/{week-year}-W{week}
              sections:
                - id: s
                  title: Steps
                  steps:
                    - id: health
                      title: Health
                      http:
                        url: http://127.0.0.1:%d/health
                        timeout: 600
                        attempts: 3
                        interval: 600
          """.formatted(server.getPort()));
      try {
        MaintProcess p = MaintProcess.start(tmp, env(), args("continuous", "--non-interactive"));
        started.add(p.handle());
        assertThat(seen.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as(p.output()).isTrue();

        p.signal("INT");
        int code = p.awaitExit(LIMIT);

        assertThat(code).as(p.output()).isEqualTo(130);
        assertThat(p.output()).containsPattern("health\\s+interrupted");
        JsonNode step = onlySession().get("steps").get(0);
        assertThat(step.get("status").asText()).isEqualTo("interrupted");
        assertThat(server.getRequestCount()).isEqualTo(1);
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void secondSessionOnTheSameRepositoryIsRefusedNamingTheHolder() throws Exception {
    MaintProcess p = startSlowWalk();

    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .run(args("continuous", "--non-interactive", "--restart"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: another maint is running continuous for " + repo)
        .contains("pid " + p.handle().pid(), "started ");
    p.signal("TERM");
    assertThat(p.awaitExit(LIMIT)).isEqualTo(130);
  }

  /** A walk started in the repository's top folder, naming no --repo, as an operator at a prompt would. */
  private MaintProcess startSlowWalkAtTheTop() throws Exception {
    MaintProcess p = MaintProcess.start(repo, env(), "continuous", "--non-interactive", "--runbook", runbook.toString(),
        "--workdir", app.toString(), "--operator", "Ada <ada@example.test>");
    started.add(p.handle());
    p.awaitFile(app.resolve("running"), LIMIT);
    return p;
  }

  private CliHarness.Result secondWalk(Path cwd, String... repoOption) {
    // Only the quick step: were the lock missed, this walk would finish (and commit) at once.
    List<String> all = new ArrayList<>(List.of("continuous", "--non-interactive", "--restart", "--only", "first", "--runbook",
        runbook.toString(), "--workdir", app.toString(), "--operator", "Bob <bob@example.test>"));
    all.addAll(List.of(repoOption));
    return new CliHarness(cwd).env("MAINT_STATE_DIR", state.toString()).run(all.toArray(String[]::new));
  }

  @Test
  void secondSessionFromASubdirectoryOfTheRepositoryIsRefusedNamingTheHolder() throws Exception {
    Path sub = Files.createDirectories(repo.resolve("sub/deeper"));
    MaintProcess p = startSlowWalkAtTheTop();

    CliHarness.Result r = secondWalk(sub);

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: another maint is running continuous for " + repo.toRealPath() + " (")
        .contains("pid " + p.handle().pid());
    assertThat(r.out()).doesNotContain("first done");
    p.signal("TERM");
    assertThat(p.awaitExit(LIMIT)).isEqualTo(130);
  }

  @Test
  void secondSessionThroughASymbolicLinkToTheRepositoryIsRefusedNamingTheHolder() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("ops-link"), repo);
    MaintProcess p = startSlowWalkAtTheTop();

    CliHarness.Result r = secondWalk(tmp, "--repo", link.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: another maint is running continuous for " + repo.toRealPath() + " (")
        .contains("pid " + p.handle().pid());
    p.signal("TERM");
    assertThat(p.awaitExit(LIMIT)).isEqualTo(130);
  }

  @Test
  void secondSessionFromALinkedWorktreeOfTheRepositoryIsRefusedNamingTheHolder() throws Exception {
    // A linked work tree commits to the same repository and branches as the main one.
    git.run("worktree", "add", tmp.resolve("wt").toString(), "-b", "wtb");
    Path wt = tmp.resolve("wt").toRealPath();
    MaintProcess p = startSlowWalkAtTheTop();

    CliHarness.Result r = secondWalk(wt);

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: another maint is running continuous for " + wt + " (")
        .contains("pid " + p.handle().pid());
    assertThat(r.out()).doesNotContain("first done");
    p.signal("TERM");
    assertThat(p.awaitExit(LIMIT)).isEqualTo(130);
  }

  @Test
  void unfinishedSessionNeedsResumeOrRestartInScripts() throws Exception {
    MaintProcess p = startSlowWalk();
    p.signal("INT");
    p.awaitExit(LIMIT);

    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .run(args("continuous", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("pass --resume to continue it or --restart to start over");
  }

  @Test
  void secretNeverReachesAnyFileMaintWrote() throws Exception {
    Files.createFile(app.resolve("resumed"));
    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString())
        .env("SURVIVAL_TOKEN", "tok-6f1e2d-secret").run(args("continuous", "--non-interactive", "-v"));

    assertThat(r.out()).contains("token is ***").doesNotContain("tok-6f1e2d-secret");
    List<Path> written;
    // Everything under the test's folder: state, run logs (HOME is the folder), the app and the
    // work tree; git's compressed objects are read through git below.
    try (Stream<Path> files = Files.walk(tmp)) {
      written = files.filter(Files::isRegularFile).filter(f -> !f.startsWith(repo.resolve(".git"))).toList();
    }
    assertThat(written).anyMatch(f -> f.toString().endsWith(".log"));
    assertThat(written).isNotEmpty();
    for (Path f : written) {
      assertThat(Files.readString(f)).as(f.toString()).doesNotContain("tok-6f1e2d-secret");
    }
    assertThat(git.run("log", "-p", "--all")).doesNotContain("tok-6f1e2d-secret");
    assertThat(Optional.of(r.err())).hasValueSatisfying(e -> assertThat(e).doesNotContain("tok-6f1e2d-secret"));
  }
}
