package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote that accepts and never answers (a black-holed host): git's ssh is a script that hangs,
 * so nothing but this machine is contacted. maint waits a short, documented time (lowered here
 * with MAINT_GIT_TIMEOUT), says what it waits for, stops git with the ssh it started, and walks on
 * offline.
 */
@DisplayName("Black-holed remote")
class SlowRemoteTest {
  @TempDir Path tmp;
  Walks walks;
  TwoClones clones;
  Git ada;
  Path pids;
  Path fakeSsh;

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    clones = TwoClones.in(tmp);
    ada = clones.ada();
    ada.run("remote", "add", "slow", "ssh://git@slow.example.invalid/r.git");
    pids = tmp.resolve("ssh-pids");
    fakeSsh = tmp.resolve("hanging-ssh");
    // It writes its own pid and its child's, then waits for a child that never ends: a host that
    // accepts the connection and never answers.
    Files.writeString(fakeSsh, "#!/bin/sh\necho $$ >> '" + pids + "'\nsleep 300 &\necho $! >> '" + pids
        + "'\nwait\n");
    Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private CliHarness ada() {
    return clones.as("ada", ada, Walks.NOV_29).env("GIT_SSH_COMMAND", fakeSsh.toString())
        .env("MAINT_GIT_TIMEOUT", "3");
  }

  /** The processes the fake ssh left running, by pid. */
  private List<Long> alive() throws IOException {
    List<Long> left = new ArrayList<>();
    if (Files.exists(pids)) {
      for (String line : Files.readAllLines(pids)) {
        Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(line.strip()));
        if (p.isPresent() && p.get().isAlive()) {
          left.add(p.get().pid());
        }
      }
    }
    return left;
  }

  @Test
  void aWalkWaitsBrieflySaysForWhatThenWalksOfflineAndLeavesNoSshBehind() throws IOException {
    long start = System.nanoTime();
    CliHarness.Result walked = ada().run(walks.args(ada.dir(), "monthly", "--non-interactive", "--push", "slow"));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(walked.out()).as(walked.err())
        .contains("Waiting for slow (git fetch), at most 3 s (MAINT_GIT_TIMEOUT)…")
        .containsPattern("check-notes\\s+manual");
    // The walk went on; only the branch's push at its end fails, as for an unreachable remote.
    assertThat(walked.exitCode()).isEqualTo(2);
    assertThat(walked.err()).contains("push to slow failed: fatal: slow did not answer within 3 s"
        + " (MAINT_GIT_TIMEOUT sets the limit); stopped git push (slow)", "push it later");
    assertThat(ada.run("log", "-1", "--format=%s", "maintenance/2026-11")).contains("monthly");
    // One wait for the unreachable host, not one per call to it.
    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(Files.readAllLines(pids)).hasSize(2);
    assertThat(alive()).isEmpty();
  }

  @Test
  void sessionsFetchShowsTheLocalRunsAfterTheDeadline() throws IOException {
    CliHarness.Result listed = ada().run("sessions", "--fetch", "slow", "--runbook", walks.runbook().toString());

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.err()).contains("Waiting for slow (git fetch), at most 3 s (MAINT_GIT_TIMEOUT)…",
        "The runs on slow cannot be fetched now: showing those of this clone.");
    assertThat(alive()).isEmpty();
  }

  @Test
  void aBadDeadlineIsRefusedInOneLine() {
    CliHarness.Result refused = ada().env("MAINT_GIT_TIMEOUT", "soon")
        .run(walks.args(ada.dir(), "monthly", "--non-interactive", "--push", "slow"));

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip())
        .isEqualTo("maint: MAINT_GIT_TIMEOUT must be a whole number of seconds from 1 to 86400, not 'soon'");
  }

  @Test
  void ctrlCWhileGitWaitsStopsItsSshAndSaysSo() throws Exception {
    MaintProcess maint = MaintProcess.start(ada.dir(), Map.of("MAINT_STATE_DIR", clones.stateDir("ada").toString(),
        "GIT_SSH_COMMAND", fakeSsh.toString(), "MAINT_GIT_TIMEOUT", "600", "WALK_TOKEN", Walks.SECRET), true,
        walks.args(ada.dir(), "monthly", "--non-interactive", "--push", "slow"));
    maint.awaitFile(pids, Duration.ofSeconds(60));
    while (Files.readAllLines(pids).size() < 2) {
      Thread.sleep(20);
    }

    maint.signalGroup("INT");

    assertThat(maint.awaitExit(Duration.ofSeconds(60))).isEqualTo(130);
    assertThat(maint.output()).contains("Interrupted: stopped git fetch (slow) with its process group;"
        + " this walk does not wait for it again.", "nothing recorded");
    assertThat(alive()).as(maint.output()).isEmpty();
  }
}
