package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JSON report names what the walk overrode, masked as the record masks it. */
class ReportOverridesTest extends RepoTest {
  @Test
  void theJsonReportListsTheOverridesWithSecretsMasked() throws Exception {
    Path ca = dev.maint.probe.LoopbackPki.writePem(tmp.resolve("ca.pem"), dev.maint.probe.LoopbackPki.root("Private CA"));
    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--no-commit",
        "--format", "json", "--report", "json=r/report.json", "--set", "greeting=hi " + Walks.SECRET,
        "--set", "token=another-secret", "--resolve", "example.test:443:127.0.0.1", "--ca-file", ca.toString()));

    JsonNode overrides = new ObjectMapper().readTree(r.out()).path("overrides");
    assertThat(overrides.toString()).as(r.err()).isEqualTo("{\"set\":{\"greeting\":\"hi ***\",\"token\":\"***\"},"
        + "\"resolve\":[\"example.test:443:127.0.0.1\"],\"ca_file\":" + new ObjectMapper().writeValueAsString(
            ca.toString()) + ",\"set_file\":{}}");
    assertThat(Files.readString(tmp.resolve("r/report.json"))).isEqualTo(r.out())
        .doesNotContain(Walks.SECRET, "another-secret");
  }

  @Test
  void aWalkThatOverridesNothingReportsEmptyOverrides() throws Exception {
    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--no-commit",
        "--format", "json"));

    assertThat(new ObjectMapper().readTree(r.out()).path("overrides").toString()).as(r.err())
        .isEqualTo("{\"set\":{},\"resolve\":[],\"ca_file\":\"\",\"set_file\":{}}");
  }

  /**
   * A variable read with {@code --set-file NAME=PATH} is shown as that, with its file, wherever the
   * walk's overrides are: the opening lines, the JSON report, the record and the log row; its value
   * never, and never as if it had been typed with {@code --set}.
   */
  @Test
  void aVariableSetFromAFileIsShownWithItsFileNotAsASetValue() throws Exception {
    Path file = tmp.resolve("greeting.txt");
    Files.writeString(file, "from-the-file-" + Walks.SECRET + "\n");

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--report",
        "json=r/report.json", "--set-file", "greeting=" + file, "--set", "token=another-secret"));

    String shown = r.out() + r.err();
    assertThat(shown).as(shown).contains("  overrides    --set-file greeting=" + file + ", --set token=***\n")
        .doesNotContain("--set greeting", "from-the-file", Walks.SECRET);
    JsonNode overrides = new ObjectMapper().readTree(tmp.resolve("r/report.json").toFile()).path("overrides");
    assertThat(overrides.path("set").toString()).isEqualTo("{\"token\":\"***\"}");
    assertThat(overrides.path("set_file").toString()).isEqualTo("{\"greeting\":" + new ObjectMapper()
        .writeValueAsString(file.toString()) + "}");
    String record = git.run("show", "maintenance/2026-11:" + git.run("ls-tree", "-r", "--name-only",
        "maintenance/2026-11", "maintenance/records/").strip());
    JsonNode kept = new ObjectMapper().readTree(record).path("overrides");
    assertThat(kept.path("set_file").path("greeting").asText()).isEqualTo(file.toString());
    assertThat(kept.path("set").has("greeting")).isFalse();
    assertThat(record).doesNotContain("from-the-file");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("overridden: greeting, token");
  }
}
