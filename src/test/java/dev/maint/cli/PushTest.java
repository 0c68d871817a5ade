package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --push}: to a bare remote in a temporary folder over a file:// URL, through the git command. */
class PushTest {
  private static final String BRANCH = "maintenance/2026-W48";
  private static final String MOVE_BRANCH = """
      cur=$(git rev-parse "$1")
      c=$(GIT_AUTHOR_NAME=Bob GIT_AUTHOR_EMAIL=bob@example.test GIT_COMMITTER_NAME=Bob \\
          GIT_COMMITTER_EMAIL=bob@example.test git commit-tree "$cur^{tree}" -p "$cur" -m "Bob was here" </dev/null)
      git update-ref "$1" "$c" "$cur"
      """;

  @TempDir Path tmp;
  Walks walks;
  Git remote;
  Git ada;
  Git bob;
  ExecutorService threads = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    TwoClones clones = TwoClones.in(tmp);
    remote = clones.remote();
    ada = clones.ada();
    bob = clones.bob();
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private CliHarness.Result walk(Git clone, String... extra) {
    List<String> args = new ArrayList<>(List.of("continuous", "--non-interactive"));
    args.addAll(List.of(extra));
    return walks.maint().run(walks.args(clone.dir(), args.toArray(String[]::new)));
  }

  private List<String> sessionsOnRemote() {
    return remote.run("log", "--reverse", "--format=%(trailers:key=Maint-Session,valueonly)", BRANCH)
        .lines().filter(l -> !l.isBlank()).toList();
  }

  private List<String> rowSessionsOnRemote() {
    return remote.run("show", BRANCH + ":maintenance/log.md").lines().filter(l -> l.startsWith("| 2026"))
        .map(l -> l.replaceAll(".*session ([0-9a-f]{8}).*", "$1")).toList();
  }

  /**
   * The end of a failed push's message: the command to push later names the run's ref too, so the
   * other clones see the run.
   */
  private String later() {
    return "; the entry stays committed on " + BRANCH + " — push it later with: git push origin " + BRANCH
        + " refs/maint/runs/" + sessionOf(ada, BRANCH) + "\n";
  }

  private String sessionOf(Git clone, String ref) {
    return clone.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", ref).strip();
  }

  @Test
  void pushesTheNewBranchToTheRemote() {
    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Pushed " + BRANCH + " to origin\n");
    assertThat(remote.run("rev-parse", BRANCH)).isEqualTo(ada.run("rev-parse", BRANCH));
  }

  @Test
  void remoteThatMovedOnIsFetchedAndTheEntryReappliedOnTop() {
    assertThat(walk(bob, "--push").exitCode()).isZero();

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Pushed " + BRANCH + " to origin (the remote had moved on: re-applied on top of it;"
        + " the entry is now commit " + remote.run("rev-parse", BRANCH).strip() + ")\n");
    assertThat(sessionsOnRemote()).containsExactly(sessionOf(bob, BRANCH), sessionOf(ada, BRANCH));
    assertThat(rowSessionsOnRemote()).isEqualTo(sessionsOnRemote());
    assertThat(remote.run("ls-tree", "-r", "--name-only", BRANCH, "maintenance/records/").lines()).hasSize(2);
    assertThat(ada.run("rev-parse", BRANCH)).isEqualTo(remote.run("rev-parse", BRANCH));
  }

  @Test
  void checkedOutBranchFollowsTheReappliedCommitsAndKeepsTheOperatorsChanges() throws IOException {
    assertThat(walk(bob, "--push").exitCode()).isZero();
    ada.run("checkout", "-q", "-b", BRANCH);
    Files.writeString(ada.dir().resolve("README.md"), "edited, not staged\n");
    String before = ada.run("status", "--porcelain=v1", "--untracked-files=all");

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(ada.run("rev-parse", "HEAD")).isEqualTo(remote.run("rev-parse", BRANCH));
    assertThat(ada.run("status", "--porcelain=v1", "--untracked-files=all")).isEqualTo(before);
    assertThat(Files.readString(ada.dir().resolve("maintenance/log.md")))
        .isEqualTo(remote.run("show", BRANCH + ":maintenance/log.md"))
        .contains("session " + sessionOf(bob, BRANCH), "session " + sessionOf(ada, BRANCH));
  }

  @Test
  void twoRunsRacingToPushBothLandInOrderWithNoRowLost() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<CliHarness.Result>> runs = new ArrayList<>();
    for (Git clone : List.of(ada, bob)) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return walk(clone, "--push");
      }, threads));
    }
    start.countDown();

    List<String> outputs = new ArrayList<>();
    for (CompletableFuture<CliHarness.Result> run : runs) {
      CliHarness.Result r = run.get(2, TimeUnit.MINUTES);
      assertThat(r.exitCode()).as(r.err()).isZero();
      outputs.add(r.out());
    }
    // Both started from the same remote state, so whichever landed second had to re-apply.
    assertThat(outputs).filteredOn(out -> out.contains("re-applied on top of it")).hasSize(1);
    assertThat(sessionsOnRemote()).containsExactlyInAnyOrder(sessionOf(ada, BRANCH), sessionOf(bob, BRANCH));
    assertThat(rowSessionsOnRemote()).isEqualTo(sessionsOnRemote());
    assertThat(remote.run("rev-list", "--merges", BRANCH)).isEmpty();
    assertThat(remote.run("ls-tree", "-r", "--name-only", BRANCH, "maintenance/records/").lines()).hasSize(2);
  }

  @Test
  void remoteMovingBetweenFetchAndPushIsFetchedAgainAndRetried() throws IOException {
    assertThat(walk(ada, "--push").exitCode()).isZero();
    // Only the branch: the run's own ref (refs/maint/runs/ID) is pushed too, before it.
    remote.hook("update", "case \"$1\" in refs/heads/*) ;; *) exit 0 ;; esac\n[ -e moved ] && exit 0\ntouch moved\n"
        + MOVE_BRANCH);

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("re-applied on top of it; the entry is now commit "
        + remote.run("rev-parse", BRANCH).strip() + ")\n");
    assertThat(remote.run("log", "--format=%s", "-3", BRANCH).lines().map(l -> l.split(" —")[0]).toList())
        .containsExactly("maint: continuous 2026-W48", "Bob was here", "maint: continuous 2026-W48");
    assertThat(rowSessionsOnRemote()).isEqualTo(sessionsOnRemote()).hasSize(2);
  }

  @Test
  void remoteThatKeepsMovingIsGivenUpOnAfterFivePushesKeepingTheLocalCommit() throws IOException {
    assertThat(walk(ada, "--push").exitCode()).isZero();
    remote.hook("update", MOVE_BRANCH);

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: the remote origin kept moving: gave up after 5 pushes" + later());
    assertThat(remote.run("log", "--format=%s", BRANCH).lines().filter(l -> l.equals("Bob was here"))).hasSize(5);
    String mine = sessionOf(ada, BRANCH);
    assertThat(sessionsOnRemote()).hasSize(1).doesNotContain(mine);
    assertThat(ada.run("show", BRANCH + ":maintenance/log.md")).contains("session " + mine);
  }

  @Test
  void pushRefusedByTheRemoteStopsWithItsReasonAndKeepsTheLocalCommit() throws IOException {
    remote.hook("pre-receive", "echo 'no pushes today' >&2\nexit 1\n");

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).contains("Log entry committed to " + BRANCH);
    assertThat(r.err()).isEqualTo("maint: push to origin was rejected: [remote rejected] (pre-receive hook declined)"
        + later());
    assertThat(ada.run("branch", "--list", BRANCH)).contains(BRANCH);
    assertThat(remote.run("branch", "--list", BRANCH)).isEmpty();
  }

  @Test
  void localCommitsMaintDidNotMakeAreNeverRewritten() {
    assertThat(walk(ada, "--push").exitCode()).isZero();
    ada.run("checkout", "-q", BRANCH);
    ada.run("commit", "-q", "--allow-empty", "-m", "hand-made");
    ada.run("checkout", "-q", "main");
    assertThat(walk(bob, "--push").exitCode()).isZero();

    CliHarness.Result r = walk(ada, "--push");

    assertThat(r.exitCode()).isEqualTo(2);
    String handMade = ada.run("rev-parse", "--short=7", BRANCH + "~1").strip();
    assertThat(r.err()).isEqualTo("maint: cannot re-apply commit " + handMade + " on " + BRANCH
        + ": maint did not make it; integrate the remote branch yourself (git pull --rebase)" + later());
    assertThat(ada.run("log", "--format=%s", "-2", BRANCH)).startsWith("maint: continuous").contains("\nhand-made\n");
  }

  @Test
  void unknownRemoteIsRefusedBeforeTheWalk() {
    CliHarness.Result r = walk(ada, "--push", "upstream");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no remote named 'upstream' in " + ada.dir().resolve(".git")
        + " (have: origin); give --push a remote name or URL\n");
    assertThat(ada.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void aRemoteThatLooksLikeAnOptionIsRefusedBeforeTheWalkInOneLine() {
    Path touched = tmp.resolve("P");

    CliHarness.Result r = walk(ada, "--push", "--receive-pack=touch " + touched);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --push: not a remote name, URL or path: '--receive-pack=touch " + touched
        + "' (it starts with '-', as an option does)\n");
    assertThat(r.out()).doesNotContain("[step");
    assertThat(touched).doesNotExist();
    assertThat(ada.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void aPushInTheProjectFileThatLooksLikeAnOptionIsRefusedBeforeTheWalk() throws IOException {
    Path touched = tmp.resolve("P");
    Files.writeString(ada.dir().resolve(".maint.yaml"), "push: \"--receive-pack=touch " + touched + "\"\n");

    CliHarness.Result r = new CliHarness(ada.dir()).clock(Walks.NOV_29).env("WALK_TOKEN", Walks.SECRET)
        .run(walks.args(ada.dir(), "continuous", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: --push: not a remote name, URL or path: '--receive-pack=touch ")
        .hasLineCount(1);
    assertThat(touched).doesNotExist();
  }

  @Test
  void theHintToPushLaterQuotesTheRemoteForTheShell() throws IOException {
    Path odd = tmp.resolve("a remote; with spaces.git");
    Git.initBare(odd).hook("pre-receive", "exit 1\n");

    CliHarness.Result r = walk(ada, "--push", odd.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).endsWith(" — push it later with: git push '" + odd + "' " + BRANCH + " refs/maint/runs/"
        + sessionOf(ada, BRANCH) + "\n");
  }

  @Test
  void aWalkQuitThenRefusedByTheRemoteStillSaysHowToContinueIt() throws IOException {
    remote.hook("pre-receive", "exit 1\n");

    CliHarness.Result r = walks.maint().typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("push it later with: git push origin maintenance/2026-11 refs/maint/runs/");
    assertThat(r.out()).containsPattern("Session [0-9a-f]{8} is saved; continue it with: maint monthly --resume --repo "
        + ada.dir());
  }

  @Test
  void passwordInARemoteUrlIsNeverPrinted() {
    CliHarness.Result r = walk(ada, "--push", "http://ada:pa55word@127.0.0.1:9/ops.git");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: push to http://***@127.0.0.1:9/ops.git failed: ");
    assertThat(r.out() + r.err()).doesNotContain("pa55word");
  }
}
