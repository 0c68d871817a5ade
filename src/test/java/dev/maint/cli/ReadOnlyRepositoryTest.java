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
 * A repository on a read-only file system: a bind mount of the test's repository remounted
 * read-only, which stops root too (the tests run as root, so file modes would not).
 */
class ReadOnlyRepositoryTest extends RepoTest {
  private static final String BRANCH = "maintenance/2026-11";
  private Path readOnly;
  private boolean mounted;

  @BeforeEach
  void mountReadOnly() throws IOException, InterruptedException {
    readOnly = Files.createDirectories(tmp.resolve("ro"));
    mounted = sh("mount --bind '" + repo + "' '" + readOnly + "'") == 0;
    assumeTrue(mounted, "needs mount (CAP_SYS_ADMIN) to make a read-only file system");
    assumeTrue(remount("ro"), "needs mount -o remount,ro,bind");
    walks.editRunbook("run: \"true\"", "run: touch ran.txt");
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    if (mounted) {
      sh("umount '" + readOnly + "'");
    }
  }

  @Test
  void readOnlyRepositoryIsRefusedBeforeTheWalkNamingTheFolder() {
    CliHarness.Result r = walks.maint().run(walks.args(readOnly, "continuous", "--non-interactive", "--format", "json"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: cannot write to the git repository: " + readOnly.resolve(".git/objects")
        + " (Read-only file system); the log entry could not be committed after the walk, so nothing was walked\n");
    assertThat(r.out()).isEmpty();
    assertThat(walks.app().resolve("ran.txt")).doesNotExist();
  }

  @Test
  void repositoryTurnedReadOnlyDuringTheWalkKeepsTheSessionOpenToRecordLater() throws IOException, InterruptedException {
    assertThat(remount("rw")).isTrue();
    // The step itself takes the repository away, after the check before the walk. The walk lock
    // keeps a file open for writing in the git folder, which makes the kernel refuse to remount
    // that mount read-only (EBUSY), so the step puts a read-only mount in its place instead: maint
    // keeps its lock on the detached mount, and the commit meets the read-only one.
    String takeAway = "run: umount -l '" + readOnly + "' && mount --bind '" + repo + "' '" + readOnly
        + "' && mount -o remount,ro,bind '" + readOnly + "'";
    walks.editRunbook("run: touch ran.txt", takeAway);

    CliHarness.Result r = walks.maint().run(walks.args(readOnly, "continuous", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: git: cannot commit to " + readOnly.resolve(".git") + ": ")
        .containsPattern("; session [0-9a-f]{8} stays open: once that is fixed, record it with: maint continuous"
            + " --resume --repo " + java.util.regex.Pattern.quote(readOnly.toString()) + " --session [0-9a-f]{8}\n$");
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();

    assertThat(remount("rw")).isTrue();
    walks.editRunbook(takeAway, "run: \"true\"");
    CliHarness.Result resumed = walks.maint().run(walks.args(readOnly, "continuous", "--non-interactive", "--resume"));

    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("Log entry committed to maintenance/2026-W48");
    assertThat(git.run("log", "-1", "--format=%s", "maintenance/2026-W48")).startsWith("maint: continuous 2026-W48");
  }

  private boolean remount(String mode) throws IOException, InterruptedException {
    return sh("mount -o remount," + mode + ",bind '" + readOnly + "'") == 0;
  }

  private static int sh(String command) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
  }
}
