package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Where and how a walk's log row and record land in git, checked with the real git command. */
class GitRecordTest extends RepoTest {
  private static final String BRANCH = "maintenance/2026-11";
  private static final String STATUS = "--porcelain=v1";

  private CliHarness.Result walkMonthly(String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "monthly";
    args[1] = "--non-interactive";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return walks.maint().run(walks.args(repo, args));
  }

  private String status() {
    return git.run("status", STATUS, "--untracked-files=all");
  }

  private String recordPath(String ref) {
    String[] paths = git.run("ls-tree", "-r", "--name-only", ref, "maintenance/records/").split("\n");
    assertThat(paths).hasSize(1);
    return paths[0];
  }

  @Test
  void recordFileHoldsEveryStepWithOutcomeTimingEvidenceAndTheRunbookRevision() throws IOException {
    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    String path = recordPath(BRANCH);
    assertThat(path).matches("maintenance/records/2026-11-29-monthly-[0-9a-f]{8}\\.json");
    JsonNode record = new ObjectMapper().readTree(git.run("show", BRANCH + ":" + path));
    assertThat(record.path("format").asText()).isEqualTo("maint-record/2");
    assertThat(path).endsWith(record.path("session").asText() + ".json");
    assertThat(record.path("runbook").path("version").asText()).isEqualTo("7");
    assertThat(record.path("runbook").path("sha256").asText()).matches("[0-9a-f]{64}");
    assertThat(record.path("operator").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(record.path("branch").asText()).isEqualTo(BRANCH);
    assertThat(record.path("counts").path("fail").asInt()).isEqualTo(1);
    JsonNode steps = record.path("steps");
    assertThat(steps).hasSize(6);
    JsonNode failing = steps.get(3);
    assertThat(failing.path("id").asText()).isEqualTo("failing");
    assertThat(failing.path("title").asText()).isEqualTo("A command that fails");
    assertThat(failing.path("status").asText()).isEqualTo("fail");
    assertThat(failing.path("reason").asText()).isEqualTo("exit code 3 (expected 0)");
    assertThat(failing.path("started").asText()).startsWith("2026-11-29T09:00");
    assertThat(failing.has("duration_ms")).isTrue();
    assertThat(failing.path("evidence").path("exit_code").asInt()).isEqualTo(3);
    assertThat(record.path("log").path("row").asText()).startsWith("| 2026-11-29 | monthly | Ada Operator |");
  }

  @Test
  void commitMessageHasTheSummaryProblemsAndTrailersGitParses() {
    walkMonthly();

    String message = git.run("log", "-1", "--format=%B", BRANCH);
    assertThat(message.lines().findFirst()).hasValue("maint: monthly 2026-11 — 2 done, 1 failed, 1 skipped, 2 manual");
    assertThat(message).contains("Problems:\n- failing (fail): exit code 3 (expected 0)\n");
    String trailers = git.runWithInput(message, "interpret-trailers", "--parse");
    assertThat(trailers).contains("Maint-Cadence: monthly\n", "Maint-Operator: " + Walks.OPERATOR + "\n",
        "Maint-Environment: staging\n", "Maint-Record: " + recordPath(BRANCH) + "\n");
    assertThat(trailers).containsPattern("Maint-Session: [0-9a-f]{8}\n");
  }

  @Test
  void newBranchStartsFromTheDefaultBranchAndLeavesTheCheckoutAlone() throws IOException {
    Files.writeString(repo.resolve("README.md"), "edited, not staged\n");
    Files.writeString(repo.resolve("untracked.txt"), "mine\n");
    String before = status();
    String head = git.run("rev-parse", "HEAD");

    CliHarness.Result r = walkMonthly();

    assertThat(r.out()).contains("Log entry committed to " + BRANCH).contains("(new branch)");
    assertThat(git.run("rev-parse", BRANCH + "~1")).isEqualTo(head);
    assertThat(git.run("rev-parse", "HEAD")).isEqualTo(head);
    assertThat(status()).isEqualTo(before);
  }

  @Test
  void existingBranchGetsAnotherCommitWithBothRows() {
    walkMonthly();
    String first = git.run("rev-parse", BRANCH);

    walkMonthly();

    assertThat(git.run("rev-parse", BRANCH + "~1")).isEqualTo(first);
    assertThat(git.run("show", BRANCH + ":maintenance/log.md").lines().filter(l -> l.startsWith("| 2026-11-29")))
        .hasSize(2);
    assertThat(git.run("ls-tree", "-r", "--name-only", BRANCH, "maintenance/records/").lines()).hasSize(2);
  }

  @Test
  void checkedOutBranchIsCommittedToAndItsWorkTreeUpdatedWithoutTouchingOtherChanges() throws IOException {
    git.run("checkout", "-q", "-b", BRANCH);
    Files.writeString(repo.resolve("README.md"), "edited, not staged\n");
    Files.writeString(repo.resolve("staged.txt"), "staged\n");
    git.run("add", "staged.txt");
    Files.writeString(repo.resolve("untracked.txt"), "mine\n");
    String before = status();

    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("(work tree updated)");
    assertThat(git.run("log", "--format=%s", "-1")).startsWith("maint: monthly 2026-11");
    assertThat(status()).isEqualTo(before);
    assertThat(Files.readString(repo.resolve("maintenance/log.md"))).isEqualTo(git.run("show", "HEAD:maintenance/log.md"));
    assertThat(Files.exists(repo.resolve(recordPath("HEAD")))).isTrue();
    assertThat(git.run("diff", "--cached", "--name-only")).isEqualTo("staged.txt\n");
    assertThat(git.run("diff", "--name-only")).isEqualTo("README.md\n");
  }

  @Test
  void checkedOutBranchWithAnEditedLogFileIsRefusedBeforeTheWalk() throws IOException {
    walkMonthly();
    git.run("checkout", "-q", BRANCH);
    Files.writeString(repo.resolve("maintenance/log.md"), "my own edit\n", java.nio.file.StandardOpenOption.APPEND);
    String before = status();
    String tip = git.run("rev-parse", BRANCH);

    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: maintenance/log.md has uncommitted changes in " + repo
        + " (branch " + BRANCH + " is checked out); commit or stash them, then run again\n");
    assertThat(r.out()).doesNotContain("[step");
    assertThat(git.run("rev-parse", BRANCH)).isEqualTo(tip);
    assertThat(status()).isEqualTo(before);
  }

  @Test
  void detachedHeadStaysDetachedWhileTheBranchStartsFromMain() {
    String main = git.run("rev-parse", "main");
    git.run("commit", "-q", "--allow-empty", "-m", "later");
    git.run("checkout", "-q", "--detach", "HEAD");
    git.run("branch", "-q", "-f", "main", main.strip());
    String head = git.run("rev-parse", "HEAD");

    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(git.run("rev-parse", BRANCH + "~1")).isEqualTo(main);
    assertThat(git.run("rev-parse", "HEAD")).isEqualTo(head);
    assertThat(git.run("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("HEAD\n");
  }

  @Test
  void bareRepositoryTakesTheCommitDirectly() throws IOException {
    Path bare = tmp.resolve("bare.git");
    new Git(tmp).run("clone", "-q", "--bare", repo.toString(), bare.toString());

    CliHarness.Result r = walks.maint().run(walks.args(bare, "monthly", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(new Git(bare).run("log", "-1", "--format=%s", BRANCH)).startsWith("maint: monthly 2026-11");
  }

  @Test
  void missingLogFileOnAnExistingBranchIsCreatedWithItsHeader() {
    git.run("branch", BRANCH);

    walkMonthly();

    assertThat(git.run("show", BRANCH + ":maintenance/log.md"))
        .startsWith("# Maintenance Log\n\n| Date | Cadence | Operator | Activities | Issues Found | Notes |\n|---|");
  }

  @Test
  void emptyRepositoryIsRefusedInOneLineBeforeTheWalk() throws IOException {
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    new Git(empty).run("init", "-q", "-b", "main");

    CliHarness.Result r = walks.maint().run(walks.args(empty, "monthly", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: cannot create branch " + BRANCH + ": the repository has no commits yet"
        + " (main is unborn); make a first commit on the default branch, or create " + BRANCH + " yourself\n");
    assertThat(r.out()).doesNotContain("[step");
  }

  @Test
  void directoryOutsideAnyRepositoryIsRefusedInOneLine() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    CliHarness.Result r = walks.maint().run(walks.args(plain, "monthly", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: not a git repository: " + plain
        + " (use --repo DIR to name the repository for the log)\n");
  }

  @Test
  void branchCheckedOutInAnotherWorktreeIsRefused() {
    Path other = tmp.resolve("other-worktree");
    git.run("worktree", "add", "-q", "-b", BRANCH, other.toString());

    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: branch " + BRANCH + " is checked out in another worktree, " + other
        + "; check out another branch there, or run maint in that worktree\n");
  }

  @Test
  void noCommitWithRecordDirWritesOnlyTheRecordFile() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Path records = Files.createDirectories(tmp.resolve("records"));

    CliHarness.Result r = walks.maint().run(walks.args(plain, "monthly", "--non-interactive", "--no-commit",
        "--record-dir", records.toString()));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    try (var files = Files.list(records)) {
      Path file = files.findFirst().orElseThrow();
      assertThat(file.getFileName().toString()).matches("2026-11-29-monthly-[0-9a-f]{8}\\.json");
      assertThat(r.out()).contains("Record written to " + file);
      JsonNode record = new ObjectMapper().readTree(file.toFile());
      assertThat(record.path("branch").asText()).isEmpty();
      assertThat(record.path("steps")).hasSize(6);
    }
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @DisplayName("V3: a missing --record-dir is created with its parents, as --report's directories are")
  @Test
  void missingRecordDirIsCreatedWithItsParents() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Path records = tmp.resolve("new/records");

    CliHarness.Result r = walks.maint().run(walks.args(plain, "monthly", "--non-interactive", "--no-commit",
        "--record-dir", records.toString()));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    try (var files = Files.list(records)) {
      Path file = files.findFirst().orElseThrow();
      assertThat(r.out()).contains("Record written to " + file);
    }
  }

  @DisplayName("V3: a --record-dir that cannot be created stops the walk before it starts")
  @Test
  void recordDirThatCannotBeCreatedIsAUsageError() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "not a directory\n");

    CliHarness.Result inside = walkMonthly("--record-dir", file.resolve("records").toString());
    CliHarness.Result itself = walkMonthly("--record-dir", file.toString());

    assertThat(inside.exitCode()).isEqualTo(2);
    assertThat(inside.err()).isEqualTo("maint: --record-dir " + file.resolve("records") + ": " + file
        + " is not a directory\n");
    assertThat(itself.exitCode()).isEqualTo(2);
    assertThat(itself.err()).isEqualTo("maint: --record-dir " + file + ": not a directory\n");
    assertThat(inside.out() + itself.out()).doesNotContain("[step");
  }

  @Test
  void pushWithoutACommitIsAUsageError() {
    CliHarness.Result r = walkMonthly("--no-commit", "--push");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --push needs a commit to push: drop --no-commit\n");
  }

  @Test
  void recordPatternWithoutSessionIsRejectedByValidate() throws IOException {
    walks.editRunbook("  file: maintenance/log.md\n", "  file: maintenance/log.md\n  records: records/{date}.json\n");

    CliHarness.Result r = walks.maint().run("validate", walks.runbook().toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(":17:12: records must contain {session}, so that every run adds a new file");
  }

  @Test
  void recordPatternFromTheRunbookIsUsed() throws IOException {
    walks.editRunbook("  file: maintenance/log.md\n",
        "  file: maintenance/log.md\n  records: ops/runs/{year}/{cadence}-{session}.json\n");

    walkMonthly();

    assertThat(git.run("ls-tree", "-r", "--name-only", BRANCH, "ops/runs/"))
        .matches("ops/runs/2026/monthly-[0-9a-f]{8}\\.json\n");
  }
}
