package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code maint rollback}: the test runbook's application rollback runs {@code docker compose}
 * commands; a stand-in {@code docker} on the PATH writes down what it was asked to do.
 */
class RollbackCommandTest extends RepoTest {
  private Walks schedule;
  private Path deployDir;
  private Path calls;

  @BeforeEach
  void standInDocker() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    deployDir = Files.createDirectories(tmp.resolve("deploy"));
    calls = tmp.resolve("docker-calls.txt");
    Path docker = bin.resolve("docker");
    Files.writeString(docker, "#!/bin/sh\necho \"$PWD: $*\" >> '" + calls + "'\necho \"docker $*\"\n");
    assertThat(docker.toFile().setExecutable(true)).isTrue();
  }

  private CliHarness maint() {
    return schedule.maint().env("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
  }

  @Test
  void applicationRollbackRunsItsCommandsForTheServiceAndIsRecordedLikeAnyRun() throws IOException {
    CliHarness maint = maint().typing("rry\r");

    CliHarness.Result r = maint.run(schedule.args(repo, "rollback", "application", "--service", "api",
        "--set", "compose_dir=" + deployDir));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(calls)).isEqualTo(
        deployDir + ": compose pull\n" + deployDir + ": compose up -d --force-recreate api\n");
    assertThat(maint.terminalOutput()).contains("== application Application Rollback", "$ docker compose up -d --force-recreate 'api'");
    assertThat(r.out()).containsPattern("r-app-recreate +pass");
    assertThat(git.run("log", "-1", "--format=%s", "maintenance/2026-11"))
        .isEqualTo("maint: rollback-application 2026-11 — 2 done\n");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("| rollback-application |");
  }

  @Test
  void unattendedRollbackLeavesCommandsNeedingConfirmationToAPersonUnlessYesIsGiven() throws IOException {
    String[] args = schedule.args(repo, "rollback", "application", "--service", "api", "--non-interactive",
        "--set", "compose_dir=" + deployDir);

    CliHarness.Result r = maint().run(args);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("r-app-recreate +manual +needs confirmation: run interactively or pass --yes");
    assertThat(Files.readString(calls)).isEqualTo(deployDir + ": compose pull\n");

    CliHarness.Result yes = maint().run(schedule.args(repo, "rollback", "application", "--service", "api",
        "--non-interactive", "--yes", "--restart", "--set", "compose_dir=" + deployDir));

    assertThat(yes.exitCode()).as(yes.err()).isZero();
    assertThat(yes.out()).containsPattern("r-app-recreate +pass");
    assertThat(Files.readString(calls)).endsWith(deployDir + ": compose up -d --force-recreate api\n");
    String path = git.run("ls-tree", "-r", "--name-only", "maintenance/2026-11", "maintenance/records/").strip();
    assertThat(path.lines()).hasSize(2);
    assertThat(git.run("log", "-1", "-p", "maintenance/2026-11")).contains("\"note\" : \"confirmed by --yes\"");
  }

  @Test
  void withoutNameListsTheSeedsRollbacks() {
    CliHarness.Result r = new CliHarness(tmp).run("rollback");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("  application — Application Rollback [4 steps]", "  database — Database Rollback [3 steps]",
        "  infrastructure — Infrastructure Rollback [3 steps]");
  }

  @Test
  void unknownRollbackNamesTheKnownOnes() {
    CliHarness.Result r = maint().run(schedule.args(repo, "rollback", "everything", "--non-interactive"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no rollback 'everything' (have: application, database)\n");
  }
}
