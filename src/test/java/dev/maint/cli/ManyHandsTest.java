package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.record.RunRefs;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import dev.maint.testing.TwoClones;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many hands on one run: two clones of one bare remote, two operators with their own state
 * folders, answering the same run.
 */
class ManyHandsTest {
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
  private CliHarness as(String who, Git clone, Clock clock) {
    return clones.as(who, clone, clock);
  }

  private String[] bobArgs(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", walks.runbook().toString(), "--workdir", walks.app().toString(),
        "--operator", BOB));
    return all.toArray(String[]::new);
  }

  @Test
  void aStepAnsweredByBothKeepsEveryAnswerTheLatestStandsAndLogShowShowsTheConflict() throws IOException {
    CliHarness.Result first = as("ada", ada, Walks.NOV_29).typing("dqy").run(walks.args(ada.dir(), "monthly", "--push"));
    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    CliHarness.Result second = as("bob", bob, Walks.at("2026-11-29T10:00:00Z")).typing("bfnotes missing\rqy")
        .run(bobArgs("monthly", "--resume", "--push"));
    assertThat(second.out()).as(second.err()).contains("Resuming session");
    // Ada answers again, later than Bob: her name sorts first, yet her later answer stands.
    CliHarness.Result third = as("ada", ada, Walks.at("2026-11-29T11:00:00Z")).typing("bdqy")
        .run(walks.args(ada.dir(), "monthly", "--resume", "--push"));
    assertThat(third.out()).as(third.err()).contains("Pushed maintenance/2026-11 to origin");

    JsonNode record = record();
    assertThat(record.path("operators")).extracting(JsonNode::asText).containsExactly(Walks.OPERATOR, BOB);
    JsonNode conflict = record.path("conflicts").get(0);
    assertThat(conflict.path("step").asText()).isEqualTo("check-notes");
    assertThat(conflict.path("answers")).hasSize(3);
    assertThat(conflict.path("answers")).extracting(a -> a.path("operator").asText() + " " + a.path("started").asText()
        + " " + a.path("status").asText() + " " + a.path("stands").asBoolean())
        .containsExactly(Walks.OPERATOR + " 2026-11-29T09:00:00Z pass false",
            BOB + " 2026-11-29T10:00:00Z fail false",
            Walks.OPERATOR + " 2026-11-29T11:00:00Z pass true");
    assertThat(record.path("steps").get(0).path("status").asText()).isEqualTo("pass");
    String log = remote.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator"));

    CliHarness.Result shown = as("ada", ada, Walks.NOV_29)
        .run("log", "show", record.path("session").asText(), "--runbook", walks.runbook().toString());
    assertThat(as("ada", ada, Walks.NOV_29).run("log", "--runbook", walks.runbook().toString()).out())
        .contains("Ada Operator, Bob Operator  1 done");
    assertThat(shown.out()).as(shown.err())
        .contains("Operators: " + Walks.OPERATOR + ", " + BOB)
        .contains("Answered by more than one operator (the later answer stands):\n  check-notes:\n"
            + "    2026-11-29 10:00:00 CET  " + Walks.OPERATOR + "  pass — done by operator  (replaced)\n"
            + "    2026-11-29 11:00:00 CET  " + BOB + "  fail — failed: notes missing  (replaced)\n"
            + "    2026-11-29 12:00:00 CET  " + Walks.OPERATOR + "  pass — done by operator  (stands)\n");
  }

  /** The run {@code hands.yaml} begun by Ada: the first step answered, then quit, pushed; its session id. */
  private String handsRunBegun(Walks hands) {
    CliHarness.Result begun = as("ada", ada, Walks.NOV_29).typing("dqy")
        .run(hands.args(ada.dir(), "monthly", "--push"));
    assertThat(begun.out()).as(begun.err()).contains("Pushed maintenance/2026-11 to origin");
    String ref = clones.runRefsOnRemote().get(0);
    return ref.substring("refs/maint/runs/".length());
  }

  /** maint as a child process in {@code clone}, as {@code who}, with that operator's state folder. */
  private MaintProcess process(String who, Git clone, Walks hands, String operator, String... args)
      throws IOException {
    return process(who, clone.dir(), hands, operator, args);
  }

  /** maint as a child process in folder {@code cwd}, as {@code who}, with that operator's state folder. */
  private MaintProcess process(String who, Path cwd, Walks hands, String operator, String... args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--runbook", hands.runbook().toString(), "--workdir", hands.app().toString(), "--operator",
        operator));
    return clones.process(who, cwd, all.toArray(String[]::new));
  }

  @Test
  void twoStateFoldersOnOneCloneWalkDisjointSectionsOfOneRunAtOnce() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    String partial = ada.run("rev-parse", "maintenance/2026-11").strip();
    Path elsewhere = Files.createDirectories(tmp.resolve("bob-here"));

    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--resume", "--non-interactive", "--only", "1");
    MaintProcess second = process("bob", elsewhere, hands, BOB,
        "monthly", "--resume", "--non-interactive", "--only", "2", "--repo", ada.dir().toString());
    int firstExit = first.awaitExit(Duration.ofMinutes(3));
    int secondExit = second.awaitExit(Duration.ofMinutes(3));

    assertThat(firstExit).as(first.output()).isZero();
    assertThat(secondExit).as(second.output()).isZero();
    assertThat(second.output()).contains("Resuming session " + id + ".");
    for (String step : List.of("a-meet", "a-change", "b-meet", "b-change")) {
      assertThat(hands.app().resolve(step + ".mark")).as(step + " ran once").hasContent("ran");
    }
    assertThat(ada.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").lines())
        .singleElement().satisfies(path -> assertThat(path).contains(id));
    // Ending at about the same moment, the two walks decide one after the other: one records.
    assertThat(ada.run("log", "--format=%(trailers:key=Maint-Session,valueonly)", partial + "..maintenance/2026-11")
        .lines().filter(l -> !l.isBlank())).as(first.output() + "\n----\n" + second.output()).containsExactly(id);
    String log = ada.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator").contains("5 of 5 steps"));
  }

  @Test
  @DisplayName("Two operators on one clone without a remote, walking disjoint sections of one run at once,"
      + " record it once, with one row naming both")
  void twoStateFoldersOnOneCloneWithoutARemoteRecordTheRunOnceNamingBoth() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    // Bob's first step waits for 'go', which comes once Ada's walk has ended: hers ends before any
    // answer of his reached the run's ref, while his walk of the run goes on.
    hands.editRunbook("while [ ! -e a.started ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; [ -e a.started ]",
        "while [ ! -e go ] && [ $i -lt 2400 ]; do sleep 0.05; i=$((i+1)); done; [ -e go ]");
    // Begun without a remote: the first step answered, then quit (a partial entry, the run on its ref).
    CliHarness.Result begun = as("ada", ada, Walks.NOV_29).typing("dqy").run(hands.args(ada.dir(), "monthly"));
    assertThat(begun.out()).as(begun.err()).contains("Log entry committed");
    String id = ada.run("for-each-ref", "--format=%(refname:lstrip=3)", "refs/maint/runs/").strip();
    String partial = ada.run("rev-parse", "maintenance/2026-11").strip();

    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--resume", "--non-interactive", "--only", "1");
    // Bob's process runs in a folder of its own (each child writes its output there), on Ada's clone.
    MaintProcess second = process("bob", Files.createDirectories(tmp.resolve("bob-here")), hands, BOB,
        "monthly", "--resume", "--non-interactive", "--only", "2", "--repo", ada.dir().toString());
    int firstExit;
    try {
      firstExit = first.awaitExit(Duration.ofMinutes(3));
    } finally {
      Files.createFile(hands.app().resolve("go"));
    }
    int secondExit = second.awaitExit(Duration.ofMinutes(3));

    assertThat(firstExit).as(first.output()).isZero();
    assertThat(secondExit).as(second.output()).isZero();
    for (String step : List.of("a-meet", "a-change", "b-meet", "b-change")) {
      assertThat(hands.app().resolve(step + ".mark")).as(step + " ran once").hasContent("ran");
    }
    assertThat(first.output()).contains("Run " + id + " stays open: 2 steps wait for an answer (b-meet, b-change)")
        .doesNotContain("Log entry committed");
    // One entry after the partial one: the walk that ended first left the run open for the other.
    List<String> entries = ada.run("log", "--format=%(trailers:key=Maint-Session,valueonly)", partial
        + "..maintenance/2026-11").lines().filter(l -> !l.isBlank()).toList();
    assertThat(entries).as(first.output() + "\n----\n" + second.output()).containsExactly(id);
    assertThat(first.output() + second.output()).containsOnlyOnce("Log entry committed")
        .containsOnlyOnce("Run " + id + " stays open");
    String log = ada.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator").contains("5 of 5 steps"));
    assertThat(ada.run("show", "refs/maint/runs/" + id + ":session.json")).contains("\"state\" : \"finished\"");
  }

  @Test
  void twoOperatorsWalkDisjointSectionsOfOneRunAtOnceAndTheRemoteEndsWithOneRunNamingBoth() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);

    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--resume", "--push", "--non-interactive", "--only", "1");
    MaintProcess second = process("bob", bob, hands, BOB,
        "monthly", "--resume", "--push", "--non-interactive", "--only", "2");
    // Each part waits in its first step for the other's to start: both walks run at once.
    int firstExit = first.awaitExit(Duration.ofMinutes(3));
    int secondExit = second.awaitExit(Duration.ofMinutes(3));

    assertThat(firstExit).as(first.output()).isZero();
    assertThat(secondExit).as(second.output()).isZero();
    assertThat(second.output()).contains("Resuming session " + id + ".");
    for (String step : List.of("a-meet", "a-change", "b-meet", "b-change")) {
      assertThat(hands.app().resolve(step + ".mark")).as(step + " ran once").hasContent("ran");
    }
    assertThat(remote.run("for-each-ref", "--format=%(refname)", "refs/maint/runs/").strip())
        .isEqualTo("refs/maint/runs/" + id);
    assertThat(remote.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").lines())
        .singleElement().satisfies(path -> assertThat(path).contains(id));
    JsonNode record = record();
    assertThat(record.path("operators")).extracting(JsonNode::asText).containsExactly(Walks.OPERATOR, BOB);
    assertThat(record.path("steps")).extracting(s -> s.path("id").asText() + " " + s.path("status").asText()
        + " " + s.path("operator").asText())
        .containsExactly("begin pass " + Walks.OPERATOR, "a-meet pass " + Walks.OPERATOR,
            "a-change pass " + Walks.OPERATOR, "b-meet pass " + BOB, "b-change pass " + BOB);
    assertThat(record.path("conflicts")).isEmpty();
    String log = remote.run("show", "maintenance/2026-11:maintenance/log.md");
    assertThat(log.lines().filter(l -> l.contains("| monthly |"))).singleElement()
        .satisfies(row -> assertThat(row).contains("Ada Operator, Bob Operator").contains("5 of 5 steps"));
    assertThat(remote.run("ls-tree", "-r", "--name-only", "refs/maint/runs/" + id, "answers/"))
        .contains("answers/b-change/", "Bob_Operator_bob_example.test_", "answers/a-change/",
            "Ada_Operator_ada_example.test_");
  }

  @Test
  void aSectionAnotherCloneIsWalkingIsRefusedNamingTheHolderAndTheSection() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--resume", "--push", "--non-interactive", "--only", "1");
    first.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));

    CliHarness.Result refused = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "a-change"));

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).containsPattern("^maint: section 1 of run " + id + " is being walked by "
        + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+ \\(pid " + first.handle().pid()
        + ", since [^)]+\\): choose other sections with --only, or wait for it to finish\n$");
    assertThat(hands.app().resolve("a-change.mark")).doesNotExist();
    Files.createFile(hands.app().resolve("b.started"));
    assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.output()).isZero();
    assertThat(hands.app().resolve("a-change.mark")).hasContent("ran");
  }

  @Test
  @DisplayName("Fault 5: a run is joinable from its ref before its first answer: an overlapping selection is"
      + " refused naming the holder, a disjoint one joins")
  void aRunWithoutAnAnswerYetIsJoinableAndItsHeldSectionIsRefusedNamingTheHolder() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--non-interactive", "--push", "--only", "1");
    first.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));
    List<String> refs = clones.runRefsOnRemote();
    assertThat(refs).hasSize(1);
    String id = refs.get(0).substring(RunRefs.PREFIX.length());
    assertThat(remote.run("ls-tree", "-r", "--name-only", refs.get(0))).doesNotContain("answers/");

    CliHarness.Result refused = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "a-change"));

    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).containsPattern("^maint: section 1 of run " + id + " is being walked by "
        + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+ \\(pid " + first.handle().pid()
        + ", since [^)]+\\): choose other sections with --only, or wait for it to finish\n$");

    CliHarness.Result joined = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "2"));

    assertThat(joined.out()).as(joined.err()).contains("Resuming session " + id + ".");
    assertThat(joined.exitCode()).isZero();
    assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.output()).isZero();
    assertThat(remote.run("ls-tree", "-r", "--name-only", refs.get(0), "answers/"))
        .contains("answers/a-meet/", "answers/b-meet/");
  }

  @Test
  @DisplayName("Fault 2: a run killed before its first answer, its claims lapsed, is neither listed nor offered")
  void aRunKilledBeforeItsFirstAnswerIsNeitherListedNorOfferedOnAnotherClone() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--non-interactive", "--push", "--only", "1");
    first.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));
    String id = clones.runRefsOnRemote().get(0).substring(RunRefs.PREFIX.length());
    first.signal("KILL");
    first.awaitExit(Duration.ofMinutes(1));

    CliHarness.Result listed = as("bob", bob, Walks.NOV_29)
        .run("sessions", "--fetch", "origin", "--runbook", hands.runbook().toString());
    CliHarness.Result resumed = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "2"));

    assertThat(listed.out()).as(listed.err()).doesNotContain(id);
    assertThat(as("bob", bob, Walks.NOV_29).run("sessions", "--all", "--runbook", hands.runbook().toString()).out())
        .contains(id);
    assertThat(resumed.exitCode()).isEqualTo(2);
    assertThat(resumed.err()).isEqualTo("maint: no unfinished monthly session to resume for " + bob.dir() + "\n");
  }

  @Test
  void aSectionAnotherStateFolderOnThisCloneIsWalkingIsRefusedByItsLockFile() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR,
        "monthly", "--resume", "--non-interactive", "--only", "1");
    first.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));

    CliHarness.Result refused = as("bob", ada, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--non-interactive", "--only", "1"));

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).containsPattern("^maint: section 1 of run " + id + " is being walked by "
        + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+, pid " + first.handle().pid()
        + ", since \\S+: choose other sections with --only, or wait for it to finish\n$");
    Files.createFile(hands.app().resolve("b.started"));
    assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.output()).isZero();
    assertThat(hands.app().resolve("a-meet.mark")).hasContent("ran");
  }

  @Test
  void aLiveClaimOnAStepStopsTheSecondOperatorAndAnExpiredOneDoesNot() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    Files.createFile(hands.app().resolve("b.started"));
    // Carol, on another host, started a-change at 08:59 UTC, claimed for ten minutes.
    claimOnRemote(id, new RunRefs.Claim("step", "a-change", "Carol Operator <carol@example.test>",
        "elsewhere.example", 4242, "2026-11-29T08:59:00Z", "2026-11-29T09:09:00Z"));

    // At the terminal, the step's menu comes back, and Bob quits.
    CliHarness atTerminal = as("bob", bob, Walks.NOV_29).typing("rqy");
    CliHarness.Result asked = atTerminal.run(bobArgs(hands, "monthly", "--resume", "--push", "--only", "a-change"));
    assertThat(atTerminal.terminalOutput()).as(asked.err()).contains("Step a-change is being run by Carol Operator"
        + " <carol@example.test> on elsewhere.example (pid 4242, since 2026-11-29T08:59:00Z, claimed until"
        + " 2026-11-29T09:09:00Z); not started. Choose another action, or run it again later.");
    assertThat(hands.app().resolve("a-change.mark")).doesNotExist();

    // Unattended, the walk goes on without it.
    CliHarness.Result held = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "1"));

    assertThat(held.out()).as(held.err()).contains("Step a-change is being run by Carol Operator <carol@example.test>"
        + " on elsewhere.example (pid 4242, since 2026-11-29T08:59:00Z, claimed until 2026-11-29T09:09:00Z); not run\n");
    assertThat(hands.app().resolve("a-meet.mark")).hasContent("ran");
    assertThat(hands.app().resolve("a-change.mark")).doesNotExist();

    // Ten minutes later the claim has lapsed: Ada's walk runs the step.
    CliHarness.Result later = as("ada", ada, Walks.at("2026-11-29T09:10:00Z"))
        .run(hands.args(ada.dir(), "monthly", "--resume", "--push", "--non-interactive", "--only", "a-change"));

    assertThat(later.exitCode()).as(later.out() + later.err()).isZero();
    assertThat(later.out()).doesNotContain("is being run by");
    assertThat(hands.app().resolve("a-change.mark")).hasContent("ran");
  }

  @Test
  void aNewRunWithPushInTheProjectFileTravelsFromItsStartAndItsSectionClaimRefusesAnotherClone() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    // push: in .maint.yaml counts as --push, for Ada's walk and for Bob's.
    Files.writeString(ada.dir().resolve(".maint.yaml"), "push: origin\n");
    Files.writeString(bob.dir().resolve(".maint.yaml"), "push: origin\n");
    MaintProcess first = process("ada", ada, hands, Walks.OPERATOR, "monthly", "--non-interactive", "--only", "0,1");
    first.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));

    // While its second step runs, the new run is on the remote: its first answer, its claims.
    List<String> refs = clones.runRefsOnRemote();
    assertThat(refs).hasSize(1);
    String id = refs.get(0).substring(RunRefs.PREFIX.length());
    assertThat(remote.run("ls-tree", "-r", "--name-only", refs.get(0)))
        .contains("session.json", "answers/begin/", "claims/section/0/", "claims/section/1/", "claims/step/a-meet/")
        .doesNotContain("answers/a-meet/");
    // Bob's maint sessions fetches the runs (push: origin) and shows the run and its claims.
    String pid = Long.toString(first.handle().pid());
    CliHarness.Result listed = as("bob", bob, Walks.NOV_29).run("sessions", "--runbook", hands.runbook().toString());
    assertThat(listed.out()).as(listed.err())
        .contains(id + "  monthly  open in git (" + refs.get(0) + ")  started ")
        .containsPattern("\n  claimed: section 1 by " + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+ \\(pid "
            + pid + ", since \\S+Z, until \\S+Z\\)\n")
        .containsPattern("\n  claimed: step a-meet by " + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+ \\(pid "
            + pid + ", since \\S+Z, until \\S+Z\\)\n");
    JsonNode json = new ObjectMapper().readTree(as("bob", bob, Walks.NOV_29)
        .run("sessions", "--format", "json", "--runbook", hands.runbook().toString()).out());
    assertThat(json.path("sessions").get(0).path("claims")).extracting(c -> c.path("kind").asText() + " "
        + c.path("target").asText() + " " + c.path("operator").asText() + " " + c.path("pid").asText())
        .containsExactlyInAnyOrder("section 0 " + Walks.OPERATOR + " " + pid, "section 1 " + Walks.OPERATOR + " " + pid,
            "step a-meet " + Walks.OPERATOR + " " + pid);
    assertThat(json.path("sessions").get(0).path("claims").get(0).path("expires").asText()).endsWith("Z");

    CliHarness.Result refused = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--non-interactive", "--only", "a-change"));

    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
    assertThat(refused.err()).containsPattern("^maint: section 1 of run " + id + " is being walked by "
        + java.util.regex.Pattern.quote(Walks.OPERATOR) + " on \\S+ \\(pid " + first.handle().pid()
        + ", since [^)]+\\): choose other sections with --only, or wait for it to finish\n$");
    Files.createFile(hands.app().resolve("b.started"));
    assertThat(first.awaitExit(Duration.ofMinutes(2))).as(first.output()).isZero();
    assertThat(hands.app().resolve("a-change.mark")).hasContent("ran");
    assertThat(remote.run("ls-tree", "-r", "--name-only", refs.get(0), "answers/"))
        .contains("answers/a-meet/", "answers/a-change/");
  }

  @Test
  void aStepAnotherOperatorAnsweredWhileThisWalkWasOnItsWayIsNotRunAgain() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    // Bob walks section 1, and waits in its first step.
    MaintProcess second = process("bob", bob, hands, BOB,
        "monthly", "--resume", "--push", "--non-interactive", "--only", "1");
    second.awaitFile(hands.app().resolve("a.started"), Duration.ofMinutes(2));
    // Meanwhile Ada, walking without --push (so claiming nothing), runs a-change and quits;
    CliHarness.Result changed = as("ada", ada, Walks.at("2026-11-29T09:05:00Z")).typing("rqy")
        .run(hands.args(ada.dir(), "monthly", "--resume", "--only", "a-change,b-change"));
    assertThat(changed.out()).as(changed.err()).contains("Log entry committed");
    assertThat(hands.app().resolve("a-change.mark")).hasContent("ran");
    // her next walk, with --push, takes b-change: her answers reach the remote as it claims section 2.
    CliHarness.Result other = as("ada", ada, Walks.at("2026-11-29T09:06:00Z"))
        .run(hands.args(ada.dir(), "monthly", "--resume", "--push", "--non-interactive", "--only", "b-change"));
    assertThat(other.exitCode()).as(other.out() + other.err()).isZero();
    Files.createFile(hands.app().resolve("b.started"));

    assertThat(second.awaitExit(Duration.ofMinutes(2))).as(second.output()).isZero();
    assertThat(second.output()).contains("Step a-change was answered by " + Walks.OPERATOR
        + " at 2026-11-29T09:05:00Z (pass: exit code 0");
    assertThat(second.output()).containsPattern("\\); not run\n");
    assertThat(hands.app().resolve("a-change.mark")).as("a-change ran once").hasContent("ran");
    assertThat(hands.app().resolve("a-meet.mark")).hasContent("ran");
    // b-meet has no answer yet: the run stays open, its answers on the remote's ref, each once.
    assertThat(second.output()).contains("Run " + id + " stays open: 1 step waits for an answer (b-meet)");
    String ref = "refs/maint/runs/" + id;
    assertThat(remote.run("ls-tree", "-r", "--name-only", ref, "answers/a-meet/")).contains("Bob_Operator");
    assertThat(remote.run("ls-tree", "-r", "--name-only", ref, "answers/a-change/").lines()).singleElement()
        .satisfies(a -> assertThat(a).contains("Ada_Operator"));
  }

  @Test
  void textFromAnotherMachineInAClaimIsEscapedWhereverItIsShown() throws Exception {
    Walks hands = new Walks(tmp, "hands.yaml");
    String id = handsRunBegun(hands);
    String mallory = "Mallory\u001b[2J\u202E <mallory@example.test>";
    String host = "evil\rhost\u0007";
    claimOnRemote(id, new RunRefs.Claim("section", "2", mallory, host, 4242, "2026-11-29T08:59:00Z",
        "2026-11-29T20:59:00Z"));
    claimOnRemote(id, new RunRefs.Claim("step", "a-change", mallory, host, 4242, "2026-11-29T08:59:00Z\u001b[31m",
        "2026-11-29T09:09:00Z"));
    claimOnRemote(id, new RunRefs.Claim("step", "x\u001b]0;owned\u0007", mallory, host, 4242, "2026-11-29T08:59:00Z",
        "2026-11-29T09:09:00Z"));
    // Nor does a claim that lacks its fields stop anything.
    claimOnRemote(id, new RunRefs.Claim("step", "a-change", null, "elsewhere", 1, "garbage", "2026-11-29T20:59:00Z"));
    String shownWho = "Mallory\\u001b[2J<U+202E> <mallory@example.test>";
    String shownHost = "evil\\rhost\\u0007";

    CliHarness.Result listed = as("bob", bob, Walks.NOV_29)
        .run("sessions", "--fetch", "--runbook", hands.runbook().toString());
    assertThat(listed.out()).as(listed.err())
        .contains("  claimed: step x\\u001b]0;owned\\u0007 by " + shownWho + " on " + shownHost)
        .contains("  claimed: section 2 by " + shownWho + " on " + shownHost)
        .doesNotContain("garbage");

    CliHarness.Result section = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "2"));
    assertThat(section.exitCode()).isEqualTo(2);
    assertThat(section.err()).isEqualTo("maint: section 2 of run " + id + " is being walked by " + shownWho + " on "
        + shownHost + " (pid 4242, since 2026-11-29T08:59:00Z): choose other sections with --only, or wait for it to"
        + " finish\n");

    CliHarness.Result step = as("bob", bob, Walks.NOV_29)
        .run(bobArgs(hands, "monthly", "--resume", "--push", "--non-interactive", "--only", "a-change"));
    assertThat(step.out()).as(step.err()).contains("Step a-change is being run by " + shownWho + " on " + shownHost
        + " (pid 4242, since 2026-11-29T08:59:00Z\\u001b[31m, claimed until 2026-11-29T09:09:00Z); not run\n");

    for (CliHarness.Result r : List.of(section, step, listed)) {
      assertThat(r.out() + r.err()).doesNotContain("\u001b", "\u0007", "\u202E", "\r");
    }
  }

  /** Commits {@code claim} to the run's ref in Ada's clone and pushes it, as another operator's maint would. */
  private void claimOnRemote(String id, RunRefs.Claim claim) {
    RunRefs.claim(ada.dir(), id, List.of(claim), new org.eclipse.jgit.lib.PersonIdent("Carol", "carol@example.test"));
    ada.run("push", "-q", "origin", "refs/maint/runs/" + id + ":refs/maint/runs/" + id);
  }

  private String[] bobArgs(Walks hands, String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--runbook", hands.runbook().toString(), "--workdir", hands.app().toString(),
        "--operator", BOB));
    return all.toArray(String[]::new);
  }

  private JsonNode record() throws IOException {
    return clones.recordOnRemote("maintenance/2026-11");
  }
}
