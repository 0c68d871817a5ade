package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Fixtures;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defaults from the environment, the project file and the user file, in that order, below the
 * command line; {@code maint config} shows each value's source.
 */
class ConfigTest {
  @TempDir Path tmp;
  Workspace ws;
  Path runbook;
  Path userFile;
  Path projectFile;

  @BeforeEach
  void setUp() throws IOException {
    ws = Workspace.create(tmp);
    runbook = Fixtures.copy("/runbooks/ci.yaml", tmp);
    userFile = Files.createDirectories(tmp.resolve("xdg/maint")).resolve("config.yaml");
    projectFile = ws.repo().resolve(".maint.yaml");
  }

  /** maint run from inside the operator's repository, whose root holds the project file. */
  private CliHarness maint() {
    return new CliHarness(ws.repo()).clock(Workspace.NOV_29).env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString())
        .env("HOME", tmp.toString()).env("CI_TOKEN", "s3cr3t-ci-token");
  }

  private JsonNode config(CliHarness h) throws IOException {
    CliHarness.Result r = h.run("config", "--format", "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out()).path("values");
  }

  @Test
  void eachSourceIsShownWithWhereItComesFromAndTheHigherOneWins() throws IOException {
    Files.writeString(userFile, "runbook: " + runbook + "\nenv: from-user\noperator: User <u@example.test>\nset:\n  app_dir: ~/app\n");
    JsonNode user = config(maint());
    assertThat(user.path("env").path("value").asText()).isEqualTo("from-user");
    assertThat(user.path("env").path("source").asText()).isEqualTo(userFile + ":2:6");
    assertThat(user.path("set.app_dir").path("value").asText()).isEqualTo("~/app");
    assertThat(user.path("repo").path("value").isNull()).isTrue();

    Files.writeString(projectFile, "env: from-project\nlog-dir: logs\n");
    JsonNode project = config(maint());
    assertThat(project.path("env").path("value").asText()).isEqualTo("from-project");
    assertThat(project.path("env").path("source").asText()).isEqualTo(projectFile.toRealPath() + ":1:6");
    assertThat(project.path("operator").path("value").asText()).isEqualTo("User <u@example.test>");
    // A path in a file is relative to that file's folder, not to where maint runs.
    assertThat(project.path("log-dir").path("value").asText()).isEqualTo(ws.repo().toRealPath().resolve("logs").toString());

    JsonNode environment = config(maint().env("MAINT_ENV", "from-environment"));
    assertThat(environment.path("env").path("value").asText()).isEqualTo("from-environment");
    assertThat(environment.path("env").path("source").asText()).isEqualTo("environment MAINT_ENV");
  }

  @Test
  void theStateFolderIsShownWithTheVariableThatChoseIt() throws IOException {
    CliHarness.Result home = maint().run("config");
    assertThat(home.out()).containsPattern("(?m)^state-dir +" + Pattern.quote(tmp.resolve(".local/state/maint").toString())
        + " +\\(~/\\.local/state/maint: neither MAINT_STATE_DIR nor XDG_STATE_HOME is set\\)$");

    JsonNode xdg = config(maint().env("XDG_STATE_HOME", tmp.resolve("xdg-state").toString()));
    assertThat(xdg.path("state-dir").path("value").asText()).isEqualTo(tmp.resolve("xdg-state/maint").toString());
    assertThat(xdg.path("state-dir").path("source").asText()).isEqualTo("environment XDG_STATE_HOME");

    CliHarness explicit = maint().env("XDG_STATE_HOME", tmp.resolve("xdg-state").toString())
        .env("MAINT_STATE_DIR", tmp.resolve("state").toString());
    JsonNode json = config(explicit);
    assertThat(json.path("state-dir").path("value").asText()).isEqualTo(tmp.resolve("state").toString());
    assertThat(json.path("state-dir").path("source").asText()).isEqualTo("environment MAINT_STATE_DIR");
    assertThat(explicit.run("config").out())
        .containsPattern("(?m)^state-dir +" + Pattern.quote(tmp.resolve("state").toString()) + " +environment MAINT_STATE_DIR$");
  }

  @Test
  void withoutAnyConfigurationTheRunbookDecidesTheEnvironment() throws IOException {
    JsonNode none = config(maint().env("MAINT_RUNBOOK", runbook.toString()));

    assertThat(none.path("env").path("value").asText()).isEqualTo("staging");
    assertThat(none.path("env").path("source").asText()).isEqualTo("runbook default_environment");
    assertThat(maint().run("config").out()).contains("project file: " + ws.repo().toRealPath().resolve(".maint.yaml") + " (none)");
  }

  @Test
  void aWalkTakesItsRepositoryOperatorAndRunbookFromTheUserFileAndTheCommandLineBeatsThem() throws IOException {
    Path other = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(userFile, "repo: " + ws.repo() + "\nrunbook: " + runbook + "\noperator: Cfg Ada <ada@example.test>\n"
        + "log-dir: " + tmp.resolve("logs") + "\n");

    CliHarness.Result walked = new CliHarness(other).clock(Workspace.NOV_29).env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString())
        .env("CI_TOKEN", "s3cr3t-ci-token").run("monthly", "--non-interactive", "--operator", "Cli Bob <bob@example.test>", "--workdir", ws.app().toString());

    assertThat(walked.exitCode()).as(walked.err()).isIn(0, 1);
    String branch = ws.git().run("for-each-ref", "--format=%(refname:short)", "refs/heads/maintenance/").strip();
    assertThat(branch).as(walked.err()).isNotEmpty();
    assertThat(ws.git().run("log", "-1", "--format=%an", branch).strip()).isEqualTo("Cli Bob");
    assertThat(tmp.resolve("logs")).isDirectory();
  }

  @Test
  void aSecretValueInAConfigurationFileIsRefusedButAnEnvironmentReferenceIsNot() throws IOException {
    Files.writeString(userFile, "runbook: " + runbook + "\nset:\n  token: hunter2-hunter2\n");

    CliHarness.Result refused = maint().run("config");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).isEqualTo("maint: " + userFile + ":3:10: set: token is a secret variable: a configuration"
        + " file must not hold its value; write token: ${env:NAME} and keep the secret in that environment variable\n");
    assertThat(refused.err() + refused.out()).doesNotContain("hunter2");

    Files.writeString(userFile, "runbook: " + runbook + "\nset:\n  token: ${env:CI_TOKEN}\n");
    assertThat(maint().run("config").exitCode()).isZero();
  }

  @Test
  void aNulInASetValueIsRefusedAtItsPosition() throws IOException {
    Files.writeString(userFile, "runbook: " + runbook + "\nset:\n  app_dir: \"/srv/a\\0b\"\n");

    CliHarness.Result r = maint().run("config");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + userFile + ":3:12: set: app_dir holds a NUL character, which no command"
        + " can be given\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnknownKeyIsNamedWithItsPosition() throws IOException {
    Files.writeString(projectFile, "envs: staging\n");

    CliHarness.Result r = maint().run("list");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: " + projectFile.toRealPath() + ":1:1: unknown key 'envs' (known: ");
  }

  @Test
  void anOperatorThatIsNotNameAndMailIsRefusedWithItsPositionByConfigAndByAWalk() throws IOException {
    Files.writeString(projectFile, "runbook: " + runbook + "\noperator: just-ada\n");
    String expected = "maint: " + projectFile.toRealPath() + ":2:11: operator must look like \"Name <mail>\" on one"
        + " line, got 'just-ada'\n";

    CliHarness.Result config = maint().run("config");
    CliHarness.Result walk = maint().run("monthly", "--non-interactive", "--workdir", ws.app().toString());

    assertThat(config.exitCode()).isEqualTo(2);
    assertThat(config.err()).isEqualTo(expected);
    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).isEqualTo(expected);
    assertThat(ws.git().run("for-each-ref", "refs/heads/maintenance/")).isEmpty();
  }

  @Test
  void anOperatorFromTheEnvironmentIsRefusedNamingTheVariable() {
    CliHarness.Result walk = maint().env("MAINT_OPERATOR", "Ada\u001b[31m <ada@example.test>")
        .run("monthly", "--runbook", runbook.toString(), "--non-interactive", "--workdir", ws.app().toString());

    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).isEqualTo("maint: environment MAINT_OPERATOR: operator must look like \"Name <mail>\" on"
        + " one line, got 'Ada?[31m <ada@example.test>'\n");
  }
}
