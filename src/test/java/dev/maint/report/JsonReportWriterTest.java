package dev.maint.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.Golden;
import dev.maint.testing.SampleReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportWriterTest {
  @TempDir Path tmp;

  private String json() {
    return Reports.text(ReportFormat.JSON, SampleReport.build(tmp, false));
  }

  @Test
  void matchesTheGoldenFile() {
    Golden.assertMatches("report.json", json());
  }

  @Test
  void carriesTheVersionedSchemaAndTimesWithTheRunbooksOffset() throws Exception {
    JsonNode root = new ObjectMapper().readTree(json());

    assertThat(root.path("schema").asText()).isEqualTo("maint-report/2");
    assertThat(root.path("started_at").asText()).isEqualTo("2026-11-29T10:00:00+01:00");
    assertThat(root.path("ended_at").asText()).isEqualTo("2026-11-29T10:00:05+01:00");
    assertThat(root.path("runbook").path("sha256").asText()).hasSize(64);
    assertThat(root.path("exit_code").asInt()).isEqualTo(1);
  }

  @Test
  void listsEveryStepWithItsStatusAndCountsThem() throws Exception {
    JsonNode root = new ObjectMapper().readTree(json());

    List<String> statuses = new ArrayList<>();
    root.path("steps").forEach(s -> statuses.add(s.path("id").asText() + "=" + s.path("status").asText()));
    assertThat(statuses).containsExactly("preflight=pass", "scan-ok=warn", "audit-fails=fail", "tool-missing=error",
        "slow=interrupted", "review-dashboard=manual", "january-only=skipped", "odd-name=pass");
    assertThat(root.path("counts").toString())
        .isEqualTo("{\"steps\":8,\"pass\":2,\"warn\":1,\"fail\":1,\"error\":1,\"skipped\":1,\"manual\":1,\"interrupted\":1}");
    JsonNode audit = root.path("steps").get(2);
    assertThat(audit.path("duration_ms").asLong()).isEqualTo(1500);
    assertThat(audit.path("evidence").path("exit_code").asInt()).isEqualTo(1);
    assertThat(audit.path("section").asText()).isEqualTo("1");
    assertThat(audit.path("kind").asText()).isEqualTo("run");
  }
}
