package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, 4: a full disk where maint writes is a clear error before the walk, never a silent
 * empty run log or a failure after every step ran. The full disk is a small tmpfs filled up.
 */
class FullDiskTest extends RepoTest {
  Path full;
  private boolean mounted;

  @BeforeEach
  void mountFullTmpfs() throws IOException, InterruptedException {
    full = Files.createDirectories(tmp.resolve("full"));
    mounted = sh("mount -t tmpfs -o size=64k tmpfs '" + full + "'") == 0;
    assumeTrue(mounted, "needs mount (CAP_SYS_ADMIN) to make a small tmpfs");
    sh("dd if=/dev/zero of='" + full + "/filler' bs=4k 2>/dev/null; true");
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    if (mounted) {
      sh("umount '" + full + "'");
    }
  }

  private static int sh(String command) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  @Test
  void aFullLogDirectoryStopsTheWalkBeforeItsFirstStep() {
    CliHarness.Result r = walks.maint().run(walks.args(repo, "continuous", "--non-interactive", "--log-dir",
        full.resolve("logs").toString()));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: cannot write the run log " + full.resolve("logs"))
        .contains("No space left on device").doesNotContain("\tat ");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }
}
