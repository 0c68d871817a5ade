package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.record.RecordJson;
import dev.maint.record.RunRecord;
import dev.maint.run.Opening;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import dev.maint.text.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, item 3: a walk opens with what it will touch (runbook, environment, record, operator,
 * overrides) and warns when the record goes into maint's own checkout or production was not
 * chosen; the record and the log row carry the overrides.
 */
class OpeningLinesTest extends RepoTest {
  private static final String BRANCH = "maintenance/2026-11";

  private String sha(Path runbook) throws IOException {
    return Sha256.hex(Files.readAllBytes(runbook)).substring(0, 12);
  }

  private CliHarness.Result walk(CliHarness maint, String... extra) {
    String[] args = new String[extra.length + 2];
    args[0] = "monthly";
    args[1] = "--non-interactive";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return maint.run(walks.args(repo, args));
  }

  private String recordPath() {
    String[] paths = git.run("ls-tree", "-r", "--name-only", BRANCH, "maintenance/records/").split("\n");
    assertThat(paths).hasSize(1);
    return paths[0];
  }

  @Test
  void aWalkOpensWithItsRunbookEnvironmentRecordOperatorAndOverridesBeforeItsFirstStep() throws IOException {
    CliHarness.Result r = walk(walks.maint());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).startsWith("Walking monthly with:\n"
        + "  runbook      " + walks.runbook() + " (sha256 " + sha(walks.runbook()) + ")\n"
        + "  environment  staging (the runbook's default; --env chooses)\n"
        + "  record       branch " + BRANCH + " of " + repo.toRealPath() + "\n"
        + "  operator     " + Walks.OPERATOR + "\n"
        + "  overrides    none\n");
    assertThat(r.out().indexOf("overrides    none")).isLessThan(r.out().indexOf("check-notes"));
    // Staging by default is no reason to warn.
    assertThat(r.err()).doesNotContain("warning");
  }

  @Test
  void productionByDefaultWarnsButProductionChosenByEnvOrMaintEnvOrTheUserFileDoesNot() throws IOException {
    walks.editRunbook("default_environment: staging", "default_environment: production");
    Path userFile = Files.createDirectories(tmp.resolve("xdg/maint")).resolve("config.yaml");
    Files.writeString(userFile, "env: production\n");

    CliHarness.Result byDefault = walk(walks.maint(), "--no-commit");
    CliHarness.Result byFlag = walk(walks.maint(), "--no-commit", "--env", "production");
    CliHarness.Result byVariable = walk(walks.maint().env("MAINT_ENV", "production"), "--no-commit");
    CliHarness.Result byFile = walk(walks.maint().env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString()), "--no-commit");

    assertThat(byDefault.out()).contains("  environment  production (the runbook's default; --env chooses)\n");
    assertThat(byDefault.err()).contains("maint: warning: walking production because it is the runbook's default,"
        + " not by choice; --env (or MAINT_ENV, or env: in .maint.yaml) chooses the environment\n");
    assertThat(byFlag.out()).as(byFlag.err()).contains("  environment  production (chosen by --env)\n");
    assertThat(byVariable.out()).contains("  environment  production (chosen by environment MAINT_ENV)\n");
    assertThat(byFile.out()).contains("  environment  production (chosen by " + userFile + ":1:6)\n");
    for (CliHarness.Result chosen : List.of(byFlag, byVariable, byFile)) {
      assertThat(chosen.exitCode()).as(chosen.err()).isEqualTo(1);
      assertThat(chosen.err()).doesNotContain("warning");
    }
  }

  @Test
  void theCommandLineIsNamedAsTheChoiceAlsoWhenTheWalkIsMixedIntoAnotherCommand() {
    CliHarness.Result r = walks.maint().env("MAINT_ENV", "production")
        .run(walks.args(repo, "walk", "monthly", "--non-interactive", "--no-commit", "--env", "production"));

    assertThat(r.out()).as(r.err()).startsWith("Walking walk monthly with:\n");
    assertThat(r.out()).contains("  environment  production (chosen by --env)\n");
  }

  @Test
  void theEmbeddedRunbookIsNamedSoAndItsProductionDefaultWarnsInAnInteractiveWalk() throws IOException {
    CliHarness.Result r = walks.maint().typing("qy").run("monthly", "--repo", repo.toString(), "--workdir",
        walks.app().toString(), "--operator", Walks.OPERATOR, "--no-commit");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Walking monthly with:\n  runbook      embedded (sha256 ");
    assertThat(r.out()).contains("  environment  production (the runbook's default; --env chooses)\n"
        + "  record       nothing committed (--no-commit)\n");
    assertThat(r.err()).contains("maint: warning: walking production because it is the runbook's default");
  }

  @Test
  void noCommitAndDryRunSayNothingIsCommittedAndWhereTheRecordFileGoes() {
    Path records = tmp.resolve("records");

    CliHarness.Result noCommit = walk(walks.maint(), "--no-commit", "--record-dir", records.toString());
    CliHarness.Result dryRun = walks.maint().run(walks.args(repo, "monthly", "--dry-run"));

    assertThat(noCommit.out()).contains("  record       nothing committed (--no-commit); record file in " + records + "\n");
    assertThat(dryRun.out()).contains("  record       nothing recorded (dry run)\n");
    assertThat(git.run("for-each-ref", "refs/heads/maintenance/")).isEmpty();
  }

  @Test
  void overridesAreNamedWithTheirValuesAndASecretIsMasked() throws IOException {
    Path ca = dev.maint.probe.LoopbackPki.writePem(tmp.resolve("private-ca.pem"), dev.maint.probe.LoopbackPki.root("Private CA"));

    CliHarness.Result r = walk(walks.maint(), "--set", "greeting=hi there", "--set", "token=hunter2-hunter2",
        "--resolve", "api.example.test:443:127.0.0.1", "--ca-file", ca.toString());

    assertThat(r.out()).contains("  overrides    --set greeting=\"hi there\", --set token=***, --resolve"
        + " api.example.test:443:127.0.0.1, --ca-file " + ca + "\n");
    assertThat(r.out() + r.err()).doesNotContain("hunter2");
  }

  @Test
  void aControlCharacterInAValueCannotFakeALineOfTheOpening() {
    CliHarness.Result r = walk(walks.maint(), "--set", "greeting=hi\n  overrides    none\u001b[2K");

    assertThat(r.out().lines().filter(l -> l.startsWith("  overrides"))).containsExactly(
        "  overrides    --set greeting=\"hi\\n  overrides    none\\u001b[2K\"");
    assertThat(r.out()).doesNotContain("\u001b");
  }

  @Test
  void recordingIntoMaintsOwnCheckoutWarnsOnce() throws IOException {
    Path own = tmp.resolve("maint-clone");
    Git.initWithCommit(own);
    Files.createDirectories(own.resolve("src/main/java/dev/maint"));
    Files.writeString(own.resolve("pom.xml"), "<project><modelVersion>4.0.0</modelVersion><groupId>dev.maint</groupId>"
        + "<artifactId>maint</artifactId></project>\n");

    CliHarness.Result r = walks.maint().run(walks.args(own, "monthly", "--non-interactive"));

    assertThat(r.err().lines().filter(l -> l.contains("maint's own source checkout"))).containsExactly(
        "maint: warning: the record goes into maint's own source checkout " + own.toRealPath()
            + "; give --repo DIR (or MAINT_REPO) for your maintenance log's repository");
    assertThat(walk(walks.maint()).err()).doesNotContain("own source checkout");
  }

  @Test
  void maintsOwnCheckoutIsToldByThePomsOwnArtifactIdAndTheSourceFolder() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("other/src/main/java/dev/maint")).getParent().getParent()
        .getParent().getParent().getParent();
    Files.writeString(dir.resolve("pom.xml"), "<project><parent><artifactId>maint</artifactId></parent>"
        + "<artifactId>ops</artifactId></project>\n");

    assertThat(Opening.isMaintCheckout(dir)).isFalse();
    assertThat(Opening.isMaintCheckout(repo)).isFalse();
    // The build runs in maint's own checkout: the test that guards it must recognise the real one.
    assertThat(Opening.isMaintCheckout(Path.of("").toAbsolutePath())).isTrue();
  }

  @Test
  void underFormatJsonTheOpeningGoesToStandardErrorAndStandardOutputIsOnlyJson() throws IOException {
    walks.editRunbook("default_environment: staging", "default_environment: production");

    CliHarness.Result r = walk(walks.maint(), "--format", "json");

    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.isObject()).isTrue();
    assertThat(r.out()).doesNotContain("Walking", "warning");
    assertThat(r.err()).contains("Walking monthly with:\n", "maint: warning: walking production");
  }

  @Test
  void quietLeavesOnlyTheWarnings() throws IOException {
    walks.editRunbook("default_environment: staging", "default_environment: production");

    CliHarness.Result r = walk(walks.maint(), "-q");

    assertThat(r.out()).doesNotContain("Walking monthly", "overrides");
    assertThat(r.err()).contains("maint: warning: walking production");
  }

  @Test
  void theRecordTheLogRowAndTheCommitCarryTheOverridesWithTheSecretMasked() throws IOException {
    CliHarness.Result r = walk(walks.maint(), "--set", "greeting=hi", "--set", "token=hunter2-hunter2",
        "--resolve", "api.example.test:443:127.0.0.1");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    String json = git.run("show", BRANCH + ":" + recordPath());
    JsonNode overrides = new ObjectMapper().readTree(json).path("overrides");
    assertThat(overrides.path("set").path("greeting").asText()).isEqualTo("hi");
    assertThat(overrides.path("set").path("token").asText()).isEqualTo("***");
    assertThat(overrides.path("resolve").get(0).asText()).isEqualTo("api.example.test:443:127.0.0.1");
    assertThat(overrides.path("ca_file").asText()).isEmpty();
    assertThat(json).doesNotContain("hunter2");
    assertThat(git.run("show", BRANCH + ":maintenance/log.md"))
        .contains("| monthly (staging, overridden: greeting, token, --resolve): ");
    assertThat(git.run("log", "-1", "--format=%B", BRANCH)).contains("Maint-Overridden: greeting, token, --resolve\n");
    assertThat(walks.maint().run("log", "show", "--repo", repo.toString(), "--runbook", walks.runbook().toString(),
        new ObjectMapper().readTree(json).path("session").asText()).out())
        .contains("monthly (staging, overridden: greeting, token, --resolve)");
  }

  @Test
  void aWalkWithoutOverridesClaimsItsEnvironmentPlainlyAndAnOldRecordStillReads() throws IOException {
    walk(walks.maint());
    String json = git.run("show", BRANCH + ":" + recordPath());
    assertThat(git.run("show", BRANCH + ":maintenance/log.md")).contains("| monthly (staging): ");

    String old = json.replaceFirst("(?s),\\s*\"overrides\"\\s*:\\s*\\{.*?\"set_file\"\\s*:\\s*\\{\\s*}\\s*}", "");
    assertThat(old).isNotEqualTo(json).doesNotContain("overrides");
    RunRecord read = RecordJson.read(old.getBytes(StandardCharsets.UTF_8), "old.json");
    assertThat(read.overrides()).isNull();
    assertThat(read.environmentShown()).isEqualTo("staging");
  }
}
