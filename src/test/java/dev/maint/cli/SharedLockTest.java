package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.MaintProcess;
import dev.maint.testing.RepoTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, 5: the walk lock is shared by every user of a repository, in its git folder: a second
 * walk of the same cadence with another state folder (another operator, or sudo) is refused.
 */
class SharedLockTest extends RepoTest {
  @Test
  void aSecondWalkWithAnotherStateFolderIsRefusedWhileTheFirstRuns() throws Exception {
    walks.editRunbook("run: \"true\"", "run: touch started; sleep 30");
    MaintProcess first = MaintProcess.start(tmp, Map.of("MAINT_STATE_DIR", tmp.resolve("state-a").toString(),
        "HOME", tmp.toString(), "WALK_TOKEN", "x"), walks.args(repo, "continuous", "--non-interactive"));
    try {
      first.awaitFile(walks.app().resolve("started"), Duration.ofSeconds(60));

      CliHarness.Result second = walks.maint().env("MAINT_STATE_DIR", tmp.resolve("state-b").toString())
          .run(walks.args(repo, "continuous", "--non-interactive"));

      assertThat(second.exitCode()).isEqualTo(2);
      assertThat(second.err()).contains("another maint is running continuous for " + repo,
          "pid " + first.handle().pid(), "wait for it to finish");
    } finally {
      first.signal("KILL");
      first.awaitExit(Duration.ofSeconds(30));
    }
  }
}
