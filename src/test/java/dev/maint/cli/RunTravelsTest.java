package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run travels with the branch: two clones of one bare remote, two operators with their own
 * state folders, one run continued from one to the other through git.
 */
class RunTravelsTest {
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

  /** maint as one operator: their own clone is the current folder, their own state folder. */
  private CliHarness as(String who, Git clone) {
    return clones.as(who, clone, Walks.NOV_29);
  }

  private String[] bobArgs(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", walks.runbook().toString(), "--workdir", walks.app().toString(),
        "--operator", BOB));
    return all.toArray(String[]::new);
  }

  private String runRef() {
    List<String> refs = clones.runRefsOnRemote();
    assertThat(refs).hasSize(1);
    return refs.get(0);
  }

  @Test
  void anotherOperatorOnAnotherCloneContinuesTheRunAndTheBranchEndsWithOneRowNamingBoth() throws IOException {
    CliHarness.Result first = as("ada", ada).typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));
    assertThat(first.out()).as(first.err()).contains("Pushed maintenance/2026-11 to origin");
    String ref = runRef();
    String id = ref.substring("refs/maint/runs/".length());

    bob.run("fetch", "-q", "origin", "+refs/maint/runs/*:refs/maint/runs/*");
    assertThat(as("bob", bob).run("sessions", "--runbook", walks.runbook().toString()).out())
        .contains(id + "  monthly  open in git (" + ref + ")  started 2026-11-29 10:00 CET  by " + Walks.OPERATOR
            + "  1 step recorded, at say-hello\n");

    CliHarness second = as("bob", bob).typing("dqy");
    CliHarness.Result resumed = second.run(bobArgs("monthly", "--resume", "--push"));

    assertThat(resumed.out()).as(resumed.err()).contains("Resuming session " + id + ".");
    assertThat(second.terminalOutput()).contains("[step 2 of 6] Say hello");
    assertThat(resumed.out()).containsPattern("check-notes\\s+pass\\s+done by operator")
        .containsPattern("say-hello\\s+pass\\s+done by operator");
    String log = remote.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator"));
    JsonNode record = record();
    assertThat(record.path("session").asText()).isEqualTo(id);
    assertThat(record.path("steps").get(0).path("by").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(record.path("steps").get(1).path("by").asText()).isEqualTo(BOB);
    // The run's ref on the remote holds both answers, each attributed.
    String answers = remote.run("ls-tree", "-r", "--name-only", ref, "answers/");
    assertThat(answers).contains("answers/check-notes/", "answers/say-hello/");
    assertThat(remote.run("show", ref + ":session.json")).contains("\"by\" : \"" + BOB + "\"");
  }

  @Test
  @DisplayName("Fault 2: --restart marks the old run abandoned on its ref, pushed, so no clone lists or resumes it")
  void restartMarksTheOldRunAbandonedOnTheRemoteSoNoCloneOffersIt() {
    CliHarness.Result first = as("ada", ada).typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));
    assertThat(first.out()).as(first.err()).contains("is saved; continue it with: ");
    String ref = runRef();
    String id = ref.substring("refs/maint/runs/".length());
    // Bob has fetched the run while it was open: his ref says open until he fetches again.
    assertThat(as("bob", bob).run("sessions", "--fetch", "origin", "--runbook", walks.runbook().toString()).out())
        .contains(id + "  monthly  open in git");

    CliHarness.Result restarted = as("ada", ada).run(walks.args(ada.dir(), "monthly", "--restart",
        "--non-interactive", "--push"));

    assertThat(restarted.exitCode()).as(restarted.out() + restarted.err()).isEqualTo(1);
    assertThat(remote.run("show", ref + ":session.json")).contains("\"state\" : \"abandoned\"");
    CliHarness.Result listed = as("bob", bob).run("sessions", "--fetch", "origin", "--runbook",
        walks.runbook().toString());
    assertThat(listed.out()).as(listed.err()).doesNotContain(id);
    assertThat(bob.run("show", ref + ":session.json")).contains("\"state\" : \"abandoned\"");
  }

  @Test
  void offlineTheAnswersStayInTheCloneAndArePushedByTheNextWalk() throws IOException {
    Path away = tmp.resolve("remote-away.git");
    Files.move(remote.dir(), away);
    CliHarness.Result offline = as("ada", ada).typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));
    assertThat(offline.exitCode()).isEqualTo(2);
    assertThat(offline.err()).contains("push it later");
    assertThat(ada.run("for-each-ref", "--format=%(refname)", "refs/maint/runs/")).startsWith("refs/maint/runs/");
    Files.move(away, remote.dir());

    CliHarness.Result online = as("ada", ada).typing("qy").run(walks.args(ada.dir(), "monthly", "--resume",
        "--push"));

    assertThat(online.out()).as(online.err()).contains("Pushed maintenance/2026-11 to origin");
    String ref = runRef();
    assertThat(remote.run("ls-tree", "-r", "--name-only", ref, "answers/")).contains("answers/check-notes/");
  }

  @Test
  void aRunFinishedWhileTheRemoteWasUnreachableReachesItWithTheNextWalkThatPushes() throws IOException {
    Path away = tmp.resolve("remote-away.git");
    Files.move(remote.dir(), away);
    CliHarness.Result offline = as("ada", ada).run(walks.args(ada.dir(), "monthly", "--non-interactive", "--push"));
    assertThat(offline.exitCode()).as(offline.out() + offline.err()).isEqualTo(2);
    assertThat(offline.err()).contains("push it later");
    String ref = ada.run("for-each-ref", "--format=%(refname)", "refs/maint/runs/").strip();
    assertThat(ada.run("show", ref + ":session.json")).contains("\"state\" : \"finished\"");
    Files.move(away, remote.dir());

    // The next walk, of another cadence, pushes its own run and the one recorded offline.
    CliHarness.Result next = as("ada", ada).run(walks.args(ada.dir(), "continuous", "--non-interactive", "--push"));

    assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
    assertThat(clones.runRefsOnRemote()).hasSize(2).contains(ref);
    assertThat(remote.run("rev-parse", ref)).isEqualTo(ada.run("rev-parse", ref));
    assertThat(remote.run("ls-tree", "-r", "--name-only", ref, "answers/")).contains("answers/check-notes/");
  }

  @Test
  void aNewRunDeclinedBeforeItsFirstStepIsMarkedAbandonedOnItsRefSoNoCloneOffersIt() {
    // October's run leaves a failed step open, so November's walk asks to acknowledge it first.
    CliHarness.Result october = clones.as("ada", ada, Walks.at("2026-10-29T09:00:00Z"))
        .run(walks.args(ada.dir(), "monthly", "--non-interactive", "--push"));
    assertThat(october.out()).as(october.err()).contains("Pushed maintenance/2026-10 to origin");
    CliHarness declining = as("ada", ada).typing("\u0004");

    CliHarness.Result declined = declining.run(walks.args(ada.dir(), "monthly", "--push"));

    assertThat(declined.err()).isEqualTo("maint: not started: the open items were not acknowledged; nothing was"
        + " recorded\n");
    List<String> states = clones.runRefsOnRemote().stream()
        .map(ref -> remote.run("show", ref + ":session.json").replaceAll("(?s).*\"state\" : \"(\\w+)\".*", "$1"))
        .toList();
    assertThat(states).containsExactlyInAnyOrder("finished", "abandoned");
    assertThat(as("bob", bob).run("sessions", "--fetch", "--runbook", walks.runbook().toString()).out())
        .isEqualTo("No unfinished sessions.\n");
  }

  private JsonNode record() throws IOException {
    return clones.recordOnRemote("maintenance/2026-11");
  }
}
