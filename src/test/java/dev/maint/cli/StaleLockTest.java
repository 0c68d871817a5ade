package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, 4: nothing blocks a resume. A maint killed while it commits leaves the branch's ref
 * lock behind; the next resume removes it (old, and no process holds it) with a note and records
 * every result. A lock a live process holds is never removed.
 */
class StaleLockTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  Path repo;
  Git git;
  Path work;
  Path runbook;
  Path lock;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    git = Git.initWithCommit(repo);
    work = Files.createDirectories(tmp.resolve("work"));
    lock = repo.resolve(".git/refs/heads/maintenance/kill-test.lock");
    runbook = tmp.resolve("lock.yaml");
    Files.writeString(runbook, String.join("\n",
        "runbook: lock",
        "title: Lock",
        "version: \"1\"",
        "log:",
        "  file: maintenance/log.md",
        "  columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]",
        "cadences:",
        "  - id: continuous",
        "    title: Continuous",
        "    branch: maintenance/kill-test",
        "    sections:",
        "      - id: s",
        "        title: Steps",
        "        steps:",
        "          - {id: first, title: First, run: touch started}",
        "          - {id: second, title: Second, run: \"true\"}",
        ""));
  }

  private String[] args(String... extra) {
    return Stream.concat(Stream.of(extra), Stream.of("--runbook", runbook.toString(), "--repo", repo.toString(),
        "--workdir", work.toString(), "--operator", "Op <op@example.test>")).toArray(String[]::new);
  }

  private Map<String, String> env() {
    return Map.of("MAINT_STATE_DIR", tmp.resolve("state").toString(), "HOME", tmp.toString(), "NO_COLOR", "1");
  }

  // maint's jgit writes and renames temporary files while this counts, so it lists names (which
  // never fails on a file that has just gone) rather than walking with attributes.
  private long looseObjects() {
    java.io.File[] fanout = repo.resolve(".git/objects").toFile().listFiles((dir, name) -> name.length() == 2);
    long count = 0;
    for (java.io.File dir : fanout == null ? new java.io.File[0] : fanout) {
      String[] names = dir.list();
      count += names == null ? 0 : names.length;
    }
    return count;
  }

  @Test
  void aResumeAfterAKillDuringTheCommitRemovesTheStaleLockAndRecordsEveryResult() throws Exception {
    long objectsBefore = looseObjects();
    MaintProcess maint = MaintProcess.start(tmp, env(), args("walk", "continuous", "--non-interactive"));
    maint.awaitFile(work.resolve("started"), LIMIT);
    // The test holds the ref lock, as a commit in progress does, until maint is killed in its commit.
    Files.createDirectories(lock.getParent());
    try (FileChannel held = FileChannel.open(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      // maint writes the commit's objects, then waits for the ref lock.
      while (looseObjects() <= objectsBefore + 2) {
        assertThat(maint.handle().isAlive()).as(maint.output()).isTrue();
        assertThat(System.nanoTime()).as("commit objects written").isLessThan(deadline);
        Thread.sleep(20);
      }
      maint.signal("KILL");
      maint.awaitExit(LIMIT);
    }
    // What a dead process leaves: a lock nobody holds, older than a commit takes.
    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));
    assertThat(git.run("branch", "--list", "maintenance/kill-test")).isEmpty();

    CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", tmp.resolve("state").toString())
        .run(args("walk", "continuous", "--non-interactive", "--resume"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out() + r.err()).contains("Removed the stale git lock " + lock);
    assertThat(lock).doesNotExist();
    String log = git.run("show", "maintenance/kill-test:maintenance/log.md");
    assertThat(log).contains("2 done");
  }

  @Test
  void aLockALiveProcessHoldsIsLeftAloneAndTheWalkDoesNotStart() throws Exception {
    Files.createDirectories(lock.getParent());
    try (FileChannel held = FileChannel.open(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(10))));

      CliHarness.Result r = new CliHarness(tmp).env("MAINT_STATE_DIR", tmp.resolve("state").toString())
          .run(args("walk", "continuous", "--non-interactive"));

      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains(lock + " is held by process " + ProcessHandle.current().pid());
      assertThat(work.resolve("started")).doesNotExist();
      assertThat(lock).exists();
    }
  }
}
