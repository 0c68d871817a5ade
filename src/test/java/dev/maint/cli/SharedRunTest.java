package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import dev.maint.testing.MaintProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared run (one with a remote) is recorded once, when its last step is answered: walks of a
 * part of it answer their steps and push them, and leave it open.
 */
class SharedRunTest {
  private static final String BOB = TwoClones.BOB;

  @TempDir Path tmp;
  Walks walks;
  TwoClones clones;
  Git remote;
  Git ada;
  Git bob;

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    clones = TwoClones.in(tmp);
    remote = clones.remote();
    ada = clones.ada();
    bob = clones.bob();
  }

  private CliHarness as(String who, Git clone, String at) {
    return clones.as(who, clone, Walks.at(at));
  }

  private String[] bobArgs(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", walks.runbook().toString(), "--workdir", walks.app().toString(),
        "--operator", BOB));
    return all.toArray(String[]::new);
  }

  private List<String> rowsOnRemote() {
    if (remote.run("branch", "--list", "maintenance/2026-11").isBlank()) {
      return List.of();
    }
    return remote.run("show", "maintenance/2026-11:maintenance/log.md").lines()
        .filter(l -> l.contains("| monthly |")).toList();
  }

  /** Commits on the remote's maintenance branch that record a run (maint's, with a Maint-Session trailer). */
  private List<String> entriesOnRemote() {
    return remote.run("log", "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-11").lines()
        .filter(l -> !l.isBlank()).toList();
  }

  @Test
  void walksOfPartsOfASharedRunLeaveItOpenAndTheWalkThatAnswersTheLastStepRecordsItOnce() throws IOException {
    CliHarness.Result first = as("ada", ada, "2026-11-29T09:00:00Z")
        .run(walks.args(ada.dir(), "monthly", "--push", "--non-interactive", "--only", "1"));
    String id = clones.runRefsOnRemote().get(0).substring("refs/maint/runs/".length());

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("Run " + id + " stays open: 4 steps wait for an answer (check-notes (manual),"
        + " failing, if-failed, january-only); the walk that answers the last of them commits its log entry.\n"
        + "Session " + id + " is saved; continue it with: maint monthly --resume")
        .doesNotContain("Log entry committed");
    assertThat(rowsOnRemote()).isEmpty();
    assertThat(remote.run("ls-tree", "-r", "--name-only", "refs/maint/runs/" + id, "answers/"))
        .contains("answers/say-hello/", "answers/two-lines/");

    CliHarness.Result second = as("bob", bob, "2026-11-29T10:00:00Z")
        .run(bobArgs("monthly", "--resume", "--push", "--non-interactive", "--only", "2"));

    assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(1);
    assertThat(second.out()).contains("Resuming session " + id + ".")
        .contains("Run " + id + " stays open: 2 steps wait for an answer (check-notes (manual), if-failed (manual));")
        .doesNotContain("Log entry committed");
    assertThat(rowsOnRemote()).isEmpty();

    // Ada's clone sees Bob's answers: in the list, and in her resumed walk.
    CliHarness.Result listed = as("ada", ada, "2026-11-29T10:30:00Z")
        .run("sessions", "--fetch", "--runbook", walks.runbook().toString());
    assertThat(listed.out()).as(listed.err()).contains(id + "  monthly").contains("6 steps recorded");
    CliHarness.Result last = as("ada", ada, "2026-11-29T11:00:00Z").typing("dd")
        .run(walks.args(ada.dir(), "monthly", "--resume", "--push", "--only", "check-notes,if-failed"));

    assertThat(last.out()).as(last.err()).containsPattern("failing\\s+fail\\s+exit code 3")
        .contains("Log entry committed to maintenance/2026-11").contains("Pushed maintenance/2026-11 to origin")
        .doesNotContain("stays open");
    assertThat(entriesOnRemote()).containsExactly(id);
    assertThat(rowsOnRemote()).singleElement().satisfies(row -> assertThat(row)
        .contains("| Ada Operator, Bob Operator |").contains("6 of 6 steps"));
    JsonNode record = clones.recordOnRemote("maintenance/2026-11");
    assertThat(record.path("operators")).extracting(JsonNode::asText).containsExactly(Walks.OPERATOR, BOB);
    assertThat(record.path("steps")).extracting(st -> st.path("id").asText() + " " + st.path("operator").asText())
        .containsExactly("check-notes " + Walks.OPERATOR, "say-hello " + Walks.OPERATOR, "two-lines " + Walks.OPERATOR,
            "failing " + BOB, "if-failed " + Walks.OPERATOR, "january-only " + BOB);
    assertThat(remote.run("log", "-1", "--format=%(trailers:key=Maint-Operator,valueonly)", "maintenance/2026-11")
        .lines().filter(l -> !l.isBlank())).containsExactly(Walks.OPERATOR, BOB);
    assertThat(record.path("coverage").path("partial").asBoolean()).isFalse();
    assertThat(remote.run("show", "refs/maint/runs/" + id + ":session.json")).contains("\"state\" : \"finished\"");
    // Bob's copy of the run is closed too: not listed, not offered again.
    assertThat(as("bob", bob, "2026-11-29T12:00:00Z").run("sessions", "--fetch", "--runbook", walks.runbook().toString())
        .out()).isEqualTo("No unfinished sessions.\n");
    CliHarness.Result again = as("bob", bob, "2026-11-29T12:00:00Z")
        .run(bobArgs("monthly", "--resume", "--push", "--non-interactive"));
    assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(2);
    assertThat(entriesOnRemote()).containsExactly(id);
  }

  /**
   * Ada's unattended walk of section 1 of monthly as a child process, with {@code push: origin} in
   * her clone's {@code .maint.yaml}, waiting in two-lines (made read-only, so it claims nothing)
   * until {@code go} appears in the application folder.
   */
  private MaintProcess walkWaitingInTwoLines() throws IOException, InterruptedException {
    walks.editRunbook("run: echo first; sleep 0.2; echo second", "run: touch two.started; i=0;"
        + " while [ ! -e go ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done\n            readonly: true");
    Files.writeString(ada.dir().resolve(".maint.yaml"), "push: origin\n");
    MaintProcess walk = MaintProcess.start(ada.dir(), Map.of("MAINT_STATE_DIR", clones.stateDir("ada").toString(),
        "WALK_TOKEN", Walks.SECRET), "monthly", "--non-interactive", "--only", "1", "--runbook",
        walks.runbook().toString(), "--workdir", walks.app().toString(), "--operator", Walks.OPERATOR);
    walk.awaitFile(walks.app().resolve("two.started"), Duration.ofMinutes(2));
    return walk;
  }

  /** The answer files of {@code ref} on the remote, once they name {@code wanted} (within a minute). */
  private String answersOnRemoteOnce(String ref, String wanted) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String answers = remote.run("ls-tree", "-r", "--name-only", ref, "answers/");
    while (!answers.contains(wanted) && System.nanoTime() < until) {
      Thread.sleep(50);
      answers = remote.run("ls-tree", "-r", "--name-only", ref, "answers/");
    }
    return answers;
  }

  @Test
  void anUnattendedWalkPushesEachAnswerAsItIsRecordedSoOtherClonesSeeItsProgress() throws Exception {
    MaintProcess walk = walkWaitingInTwoLines();
    int exit;
    try {
      String ref = clones.runRefsOnRemote().get(0);
      String id = ref.substring("refs/maint/runs/".length());
      // say-hello claims nothing (read-only): its answer reaches the remote by itself (pushed in the
      // background), while the walk is still in two-lines.
      String onRemote = answersOnRemoteOnce(ref, "answers/say-hello/");
      assertThat(onRemote).contains("answers/check-notes/", "answers/say-hello/").doesNotContain("answers/two-lines/");
      assertThat(walk.handle().isAlive()).isTrue();
      CliHarness.Result listed = as("bob", bob, "2026-11-29T09:00:00Z")
          .run("sessions", "--fetch", "--runbook", walks.runbook().toString());
      assertThat(listed.out()).as(listed.err())
          .contains(id + "  monthly  open in git (" + ref + ")").contains("2 steps recorded");
    } finally {
      Files.createFile(walks.app().resolve("go"));
      exit = walk.awaitExit(Duration.ofMinutes(2));
    }
    assertThat(exit).as(walk.output()).isZero();
  }

  @Test
  void sessionsWithoutFetchListsTheClaimsOfALocalSessionBeingWalked() throws Exception {
    MaintProcess walk = walkWaitingInTwoLines();
    int exit;
    try {
      String id = clones.runRefsOnRemote().get(0).substring("refs/maint/runs/".length());
      // Ada's own list, from her state folder and her clone's refs: no fetch (the configured push: is not used).
      Files.delete(ada.dir().resolve(".maint.yaml"));
      CliHarness.Result listed = as("ada", ada, "2026-11-29T09:00:00Z")
          .run("sessions", "--runbook", walks.runbook().toString());
      String who = java.util.regex.Pattern.quote(Walks.OPERATOR);
      assertThat(listed.out()).as(listed.err())
          .containsPattern("(?m)^" + id + "  monthly  running now \\(pid " + walk.handle().pid() + " ")
          .containsPattern("\n  claimed: section 1 by " + who + " on \\S+ \\(pid " + walk.handle().pid()
              + ", since \\S+Z, until \\S+Z\\)\n")
          .doesNotContain("claimed: section 2");
    } finally {
      Files.createFile(walks.app().resolve("go"));
      exit = walk.awaitExit(Duration.ofMinutes(2));
    }
    assertThat(exit).as(walk.output()).isZero();
    // Released at the walk's end: the list shows no claim any more.
    assertThat(as("ada", ada, "2026-11-29T09:00:00Z").run("sessions", "--runbook", walks.runbook().toString()).out())
        .doesNotContain("claimed:");
  }

  @Test
  void noCommitWithPushInTheProjectFileWalksWithTheLocalSessionOnlyAndPushesNothing() throws IOException {
    Files.writeString(ada.dir().resolve(".maint.yaml"), "push: origin\n");

    CliHarness.Result walked = as("ada", ada, "2026-11-29T09:00:00Z")
        .run(walks.args(ada.dir(), "continuous", "--non-interactive", "--no-commit"));

    assertThat(walked.exitCode()).as(walked.out() + walked.err()).isZero();
    assertThat(walked.out()).contains("c-ok").doesNotContain("Log entry committed").doesNotContain("Pushed");
    assertThat(ada.run("for-each-ref", "--format=%(refname)", "refs/maint/", "refs/heads/maintenance/")).isBlank();
    assertThat(remote.run("for-each-ref", "--format=%(refname)")).doesNotContain("maint");

    CliHarness.Result both = as("ada", ada, "2026-11-29T09:00:00Z")
        .run(walks.args(ada.dir(), "continuous", "--non-interactive", "--no-commit", "--push"));
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).isEqualTo("maint: --push needs a commit to push: drop --no-commit\n");
  }

  @Test
  void aResumeInARepositoryWhoseOnlySessionIsDamagedSaysSoAndNeverTakesAnotherRepositorysSession()
      throws IOException {
    // Bob's clone has an unfinished session in the same state folder; Ada's clone's one is damaged.
    CliHarness.Result other = as("ada", ada, "2026-11-29T09:00:00Z").typing("dqy")
        .run(walks.args(bob.dir(), "monthly"));
    assertThat(other.out()).as(other.err()).contains("is saved; continue it with");
    CliHarness.Result mine = as("ada", ada, "2026-11-29T09:00:00Z").typing("dqy")
        .run(walks.args(ada.dir(), "monthly", "--no-commit"));
    assertThat(mine.out()).as(mine.err()).contains("is saved; continue it with");
    Path sessions = clones.stateDir("ada").resolve("sessions");
    Path damaged;
    try (var files = Files.list(sessions)) {
      damaged = files.filter(f -> f.toString().endsWith(".json")).filter(f -> {
        try {
          return Files.readString(f).contains(ada.dir().toRealPath().toString() + "\"");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).findFirst().orElseThrow();
    }
    String text = Files.readString(damaged);
    Files.writeString(damaged, text.substring(0, text.indexOf("\"steps\"")) + "\"steps\" : [ tru");

    for (List<String> quiet : List.of(List.<String>of(), List.of("-q"))) {
      List<String> args = new ArrayList<>(List.of("monthly", "--resume", "--non-interactive", "--runbook",
          walks.runbook().toString(), "--workdir", walks.app().toString(), "--operator", Walks.OPERATOR));
      args.addAll(quiet);
      CliHarness.Result resumed = as("ada", ada, "2026-11-29T10:00:00Z").run(args.toArray(String[]::new));

      assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(2);
      assertThat(resumed.err()).startsWith("maint: no unfinished monthly session to resume here: its session file "
          + damaged + ".damaged is damaged (" + damaged + ".damaged:")
          .endsWith("a monthly session of " + ada.dir().toRealPath() + "): look at it (maint sessions lists it;"
              + " it is kept where it is), then start over with --restart\n")
          .doesNotContain(bob.dir().toString());
      assertThat(resumed.err().lines()).hasSize(1);
      assertThat(resumed.out()).doesNotContain(bob.dir().toString());
    }
  }
}
