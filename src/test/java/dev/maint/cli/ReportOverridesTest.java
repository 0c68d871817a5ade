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
            ca.toString()) + "}");
    assertThat(Files.readString(tmp.resolve("r/report.json"))).isEqualTo(r.out())
        .doesNotContain(Walks.SECRET, "another-secret");
  }

  @Test
  void aWalkThatOverridesNothingReportsEmptyOverrides() throws Exception {
    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--no-commit",
        "--format", "json"));

    assertThat(new ObjectMapper().readTree(r.out()).path("overrides").toString()).as(r.err())
        .isEqualTo("{\"set\":{},\"resolve\":[],\"ca_file\":\"\"}");
  }
}
