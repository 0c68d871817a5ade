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
import org.junit.jupiter.api.Test;

/** {@code maint log}: past runs read from the records on the maintenance branches. */
class LogCommandTest extends RepoTest {
  private String walk(String cadence, String instant) {
    CliHarness.Result r = walks.maint(Walks.at(instant)).run(walks.args(repo, cadence, "--non-interactive"));
    assertThat(r.err()).isEmpty();
    return r.out().replaceAll("(?s).*Log entry committed to (\\S+) as ([0-9a-f]+).*", "$2");
  }

  private String session(String commit) {
    return git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", commit).strip();
  }

  private CliHarness.Result log(String... extra) {
    String[] args = new String[extra.length + 5];
    System.arraycopy(extra, 0, args, 1, extra.length);
    args[0] = "log";
    System.arraycopy(new String[] {"--runbook", walks.runbook().toString(), "--repo", repo.toString()}, 0, args,
        extra.length + 1, 4);
    return walks.maint().run(args);
  }

  @Test
  void listsRunsFromAllMaintenanceBranchesNewestFirstWithoutCheckingOut() throws IOException {
    String october = session(walk("monthly", "2026-10-29T09:00:00Z"));
    String weekly = session(walk("continuous", "2026-11-29T08:00:00Z"));
    String november = session(walk("monthly", "2026-11-29T09:00:00Z"));
    Files.writeString(repo.resolve("README.md"), "dirty\n");
    String status = git.run("status", "--porcelain=v1", "--untracked-files=all");
    String head = git.run("rev-parse", "HEAD");

    CliHarness.Result r = log();

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(
        "2026-11-29 10:00 CET  monthly      " + november + "  Ada Operator          2 done, 1 failed, 1 skipped, 2 manual"
            + "  issues: failing (fail)\n"
        + "2026-11-29 09:00 CET  continuous   " + weekly + "  Ada Operator          1 done, 2 manual\n"
        + "2026-10-29 10:00 CET  monthly      " + october + "  Ada Operator          2 done, 1 failed, 1 skipped, 2 manual"
            + "  issues: failing (fail)\n");
    assertThat(git.run("status", "--porcelain=v1", "--untracked-files=all")).isEqualTo(status);
    assertThat(git.run("rev-parse", "HEAD")).isEqualTo(head);
  }

  @Test
  void logAndDueFromASubdirectoryOfTheRepositoryReadItsRuns() throws IOException {
    String november = session(walk("monthly", "2026-11-29T09:00:00Z"));
    Path sub = Files.createDirectories(repo.resolve("docs/deeper"));
    CliHarness inSub = new CliHarness(sub).clock(Walks.NOV_29);

    CliHarness.Result log = inSub.run("log", "--runbook", walks.runbook().toString());
    CliHarness.Result due = inSub.run("due", "--runbook", walks.runbook().toString());

    assertThat(log.exitCode()).as(log.err()).isZero();
    assertThat(log.out()).startsWith("2026-11-29 10:00 CET  monthly      " + november + "  ");
    // Outside a repository due stops with "not a git repository"; walk.yaml schedules no cadence.
    assertThat(due.exitCode()).as(due.err()).isZero();
    assertThat(due.out()).startsWith("Due on 2026-11-29 (Europe/Brussels)\n");
  }

  @Test
  void jsonFormatListsEachRunWithItsIssuesAndWhereItsRecordIs() throws IOException {
    String session = session(walk("monthly", "2026-11-29T09:00:00Z"));

    CliHarness.Result r = log("--format", "json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode runs = new ObjectMapper().readTree(r.out());
    assertThat(runs).hasSize(1);
    JsonNode run = runs.get(0);
    assertThat(run.path("session").asText()).isEqualTo(session);
    assertThat(run.path("cadence").asText()).isEqualTo("monthly");
    assertThat(run.path("operator").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(run.path("counts").path("pass").asInt()).isEqualTo(2);
    assertThat(run.path("issues").get(0).path("step").asText()).isEqualTo("failing");
    assertThat(run.path("ref").asText()).isEqualTo("maintenance/2026-11");
    assertThat(run.path("path").asText()).isEqualTo("maintenance/records/2026-11-29-monthly-" + session + ".json");
  }

  @Test
  void runsPushedByOthersAreReadFromRemoteTrackingBranches() throws IOException {
    Git remote = Git.initBare(tmp.resolve("remote.git"));
    git.run("remote", "add", "origin", remote.dir().toUri().toString());
    git.run("push", "-q", "origin", "main");
    Git other = Git.cloneOf(remote.dir(), tmp.resolve("other"));
    CliHarness.Result pushed = walks.maint().run(walks.args(other.dir(), "continuous", "--non-interactive", "--push"));
    assertThat(pushed.exitCode()).as(pushed.err()).isZero();
    git.run("fetch", "-q", "origin");

    CliHarness.Result r = log();

    assertThat(r.out()).contains("continuous", session("refs/remotes/origin/maintenance/2026-W48"));
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void showPrintsOneRunInFull() {
    String session = session(walk("monthly", "2026-11-29T09:00:00Z"));

    CliHarness.Result r = log("show", session.substring(0, 5));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Session " + session + " — monthly (staging), 2026-11-29 10:00 CET, completed\n"
        + "Operator: " + Walks.OPERATOR + "\n"
        + "Runbook:  walk-test 7 (sha256 ");
    assertThat(r.out()).contains("Record:   maintenance/2026-11:maintenance/records/2026-11-29-monthly-" + session
        + ".json\n", "Steps:    6 of 6 recorded — 2 done, 1 failed, 1 skipped, 2 manual\n");
    assertThat(r.out()).containsPattern("failing\\s+fail\\s+\\d+\\.\\ds\\s+exit code 3 \\(expected 0\\)");
  }

  @Test
  void logAndSessionsShowAQuitSessionsStartAlikeInTheRunbooksZoneNamed() {
    CliHarness quit = walks.maint(Walks.at("2026-07-01T09:00:00Z")).typing("dqy");
    quit.run(walks.args(repo, "monthly"));
    String session = session("maintenance/2026-07");

    CliHarness.Result log = log();
    CliHarness.Result sessions = walks.maint().run("sessions", "--runbook", walks.runbook().toString());

    assertThat(log.out()).startsWith("2026-07-01 11:00 CEST  monthly      " + session + "  ");
    assertThat(sessions.out()).startsWith(session + "  monthly  open  started 2026-07-01 11:00 CEST  by " + Walks.OPERATOR);
  }

  /** Quits a monthly walk of {@code runbook} after its first step; returns the session id. */
  private String quitSession(Path runbook) {
    CliHarness.Result quit = walks.maint().typing("dqy").run("monthly", "--runbook", runbook.toString(), "--repo",
        repo.toString(), "--workdir", walks.app().toString(), "--operator", Walks.OPERATOR);
    assertThat(quit.out()).as(quit.err()).containsPattern("Session [0-9a-f]{8} is saved");
    return quit.out().replaceAll("(?s).*Session ([0-9a-f]{8}) is saved.*", "$1");
  }

  @Test
  void sessionsShowsEachSessionInItsOwnRunbooksZoneAndOlderFilesInTheLoadedOnesOrUtc() throws IOException {
    Path newYork = tmp.resolve("new-york.yaml");
    Files.writeString(newYork, Files.readString(walks.runbook()).replace("runbook: walk-test", "runbook: walk-ny")
        .replace("timezone: Europe/Brussels", "timezone: America/New_York"));
    String brussels = quitSession(walks.runbook());
    String ny = quitSession(newYork);

    // The embedded runbook is loaded (Europe/Brussels); neither session is of it.
    String listed = walks.maint().run("sessions").out();

    assertThat(listed).contains(brussels + "  monthly  open  started 2026-11-29 10:00 CET  by ")
        .contains(ny + "  monthly  open  started 2026-11-29 04:00 EST  by ");

    // Files from before maint kept the zone: the loaded runbook's session in its zone, another's in UTC.
    try (var files = Files.list(tmp.resolve(".local/state/maint/sessions"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        com.fasterxml.jackson.databind.node.ObjectNode older =
            (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(f.toFile());
        older.remove("timezone");
        Files.writeString(f, older.toString());
      }
    }
    String olderListed = walks.maint().run("sessions", "--runbook", walks.runbook().toString()).out();

    assertThat(olderListed).contains(brussels + "  monthly  open  started 2026-11-29 10:00 CET  by ")
        .contains(ny + "  monthly  open  started 2026-11-29 09:00 UTC  by ");
  }

  @Test
  void showJsonPrintsTheWholeRecord() throws IOException {
    String session = session(walk("monthly", "2026-11-29T09:00:00Z"));

    CliHarness.Result r = log("show", session, "--format", "json");

    JsonNode record = new ObjectMapper().readTree(r.out());
    assertThat(record.path("session").asText()).isEqualTo(session);
    assertThat(record.path("steps")).hasSize(6);
  }

  @Test
  void showOfAnUnknownSessionFailsInOneLine() {
    walk("monthly", "2026-11-29T09:00:00Z");

    CliHarness.Result r = log("show", "deadbeef");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no run with session 'deadbeef' on the maintenance branches\n");
  }

  @Test
  void showOfAnEmptySessionIdIsAUsageErrorNotAnAmbiguousListOfEveryRun() {
    walk("monthly", "2026-11-29T09:00:00Z");
    walk("monthly", "2026-11-30T09:00:00Z");

    for (String empty : java.util.List.of("", " ")) {
      CliHarness.Result r = log("show", empty);

      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("maint: log show: the session id is empty (give a session id, or a unique prefix"
          + " of one, as maint log lists them)\n");
    }
  }

  @Test
  void aSessionIdWithANewLineIsEchoedEscapedOnOneLine() {
    walk("monthly", "2026-11-29T09:00:00Z");

    CliHarness.Result r = log("show", "dead\nbeef\u001b[2J");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no run with session 'dead\\nbeef\\u001b[2J' on the maintenance branches\n");
  }

  @Test
  void repositoryWithoutRunsSaysSo() {
    CliHarness.Result r = log();

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("No runs recorded on the maintenance branches.\n");
  }

  /** {@code maint log --repo REPO} with the runbook in force: here the embedded one, as nothing configures another. */
  private CliHarness.Result logOfTheEmbeddedRunbook(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "log";
    System.arraycopy(extra, 0, args, 1, extra.length);
    args[extra.length + 1] = "--repo";
    args[extra.length + 2] = repo.toString();
    return walks.maint().run(args);
  }

  @Test
  void runsOfAnotherRunbookOnItsOwnBranchesAreNamedWithTheCommandThatListsThem() throws IOException {
    walks.editRunbook("branch: maintenance/{year}-{month}", "branch: ops/{year}-{month}");
    String session = session(walk("monthly", "2026-11-29T09:00:00Z"));

    CliHarness.Result r = logOfTheEmbeddedRunbook();

    assertThat(r.exitCode()).as(r.err()).isZero();
    String command = "maint log --repo " + repo + " --runbook " + walks.runbook();
    assertThat(r.out()).isEqualTo("No runs of runbook 'forma3d-connect' are recorded on its maintenance branches;"
        + " runs of other runbooks are:\n"
        + "  walk-test (" + walks.runbook() + "): 1 run on ops/2026-11; list them with: " + command + "\n");
    // The command it names lists the run.
    CliHarness.Result listed = walks.maint().run(command.substring("maint ".length()).split(" "));
    assertThat(listed.out()).startsWith("2026-11-29 10:00 CET  monthly      " + session + "  Ada Operator  ");

    CliHarness.Result json = logOfTheEmbeddedRunbook("--format", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(json.out()).isEmpty()).as(json.out()).isTrue();
    assertThat(json.err()).contains("  walk-test (" + walks.runbook() + "): 1 run on ops/2026-11; list them with: "
        + command + "\n");
  }

  @Test
  void runsOfAnotherRunbookInAnotherRecordsFolderOnTheSameBranchesAreNamedToo() throws IOException {
    walks.editRunbook("log:\n", "log:\n  records: ops-records/{date}-{session}.json\n");
    walk("monthly", "2026-11-29T09:00:00Z");

    CliHarness.Result r = logOfTheEmbeddedRunbook();

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("No runs of runbook 'forma3d-connect' are recorded on its maintenance branches;")
        .contains("  walk-test (" + walks.runbook() + "): 1 run on maintenance/2026-11; list them with: maint log --repo "
            + repo + " --runbook " + walks.runbook() + "\n");
  }

  @Test
  void showOfARunOfAnotherRunbookSaysWhoseItIsAndHowToShowIt() throws IOException {
    walks.editRunbook("branch: maintenance/{year}-{month}", "branch: ops/{year}-{month}");
    String session = session(walk("monthly", "2026-11-29T09:00:00Z"));

    CliHarness.Result r = logOfTheEmbeddedRunbook("show", session.substring(0, 4));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: no run with session '" + session.substring(0, 4) + "' of runbook 'forma3d-connect'"
        + " on its maintenance branches; " + session + " is a run of runbook 'walk-test' on ops/2026-11: maint log show "
        + session.substring(0, 4) + " --repo " + repo + " --runbook " + walks.runbook() + "\n");
  }

  @Test
  void directoryOutsideAnyRepositoryFailsInOneLine() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    CliHarness.Result r = walks.maint().run("log", "--runbook", walks.runbook().toString(), "--repo", plain.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: not a git repository: " + plain
        + " (use --repo DIR to name the repository for the log)\n");
  }

  @Test
  void unknownFormatIsAUsageError() {
    CliHarness.Result r = log("--format", "xml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --format xml: expected text or json\n");
  }
}
