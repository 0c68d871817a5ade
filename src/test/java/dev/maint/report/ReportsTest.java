package dev.maint.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import dev.maint.testing.SampleReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  @TempDir Path tmp;

  @Test
  void writesEveryRequestedReportCreatingDirectoriesAndLeavingNoTemporaryFile() throws IOException {
    Reports reports = Reports.of(
        List.of(ReportTarget.parse("junit=out/a/junit.xml"), ReportTarget.parse("json=out/b/report.json"),
            ReportTarget.parse("markdown=out/summary.md")),
        tmp, Map.of());

    reports.preflight();
    List<Path> written = reports.write(SampleReport.build(tmp, false));

    assertThat(written).containsExactly(tmp.resolve("out/a/junit.xml"), tmp.resolve("out/b/report.json"),
        tmp.resolve("out/summary.md"));
    assertThat(Files.readString(tmp.resolve("out/b/report.json"))).contains("\"schema\": \"maint-report/2\"");
    try (var files = Files.walk(tmp.resolve("out"))) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void aReportThatFailsHalfwayLeavesTheOldFileWhole() throws IOException {
    Path target = tmp.resolve("report.json");
    Files.writeString(target, "old report\n");

    assertThatThrownBy(() -> AtomicFile.write(target, out -> {
      out.write("half a rep".getBytes());
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class);

    assertThat(Files.readString(target)).isEqualTo("old report\n");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void appendsTheMarkdownSummaryToGithubStepSummary() throws IOException {
    Path summary = tmp.resolve("step_summary.md");
    Files.writeString(summary, "# Earlier step\n");
    Reports reports = Reports.of(List.of(), tmp, Map.of(Reports.GITHUB_STEP_SUMMARY, summary.toString()));

    reports.write(SampleReport.build(tmp, false));

    assertThat(Files.readString(summary)).startsWith("# Earlier step\n\n## maint continuous: ❌ failed");
  }

  @Test
  void preflightRefusesADirectoryAsReportPath() throws IOException {
    Files.createDirectories(tmp.resolve("dir"));
    Reports reports = new Reports(List.of(new ReportTarget(ReportFormat.JUNIT, tmp.resolve("dir"))), Optional.empty());

    assertThatThrownBy(reports::preflight)
        .isInstanceOf(MaintException.class)
        .hasMessageContaining("dir: it is a directory")
        .extracting(e -> ((MaintException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void parsesFormatEqualsPathAndRejectsUnknownFormats() {
    assertThat(ReportTarget.parse("JUnit=a=b.xml")).isEqualTo(new ReportTarget(ReportFormat.JUNIT, Path.of("a=b.xml")));
    assertThatThrownBy(() -> ReportTarget.parse("html=x.html")).hasMessageContaining("unknown format 'html'")
        .hasMessageContaining("junit, json, markdown");
    assertThatThrownBy(() -> ReportTarget.parse("report.xml")).hasMessageContaining("expected FORMAT=PATH");
    assertThatThrownBy(() -> ReportTarget.parse("json=")).hasMessageContaining("no PATH");
  }
}
