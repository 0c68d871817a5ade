package dev.maint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.Golden;
import dev.maint.testing.SampleReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportWriterTest {
  @TempDir Path tmp;

  private String markdown() {
    return Reports.text(ReportFormat.MARKDOWN, SampleReport.build(tmp, false));
  }

  @Test
  void matchesTheGoldenFile() {
    Golden.assertMatches("report.md", markdown());
  }

  @Test
  void listsProblemsFirstThenStepsLeftToAPersonThenTheRest() {
    List<String> rows = markdown().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| Status")).toList();

    assertThat(rows).extracting(r -> r.substring(r.indexOf('`') + 1, r.indexOf('`', r.indexOf('`') + 1)))
        .containsExactly("scan-ok", "audit-fails", "tool-missing", "slow", "review-dashboard", "preflight",
            "january-only", "odd-name");
  }

  @Test
  void headlineAndCountsReadAtAGlance() {
    String md = markdown();

    assertThat(md).startsWith("## maint continuous: ❌ failed — Weekly checks\n");
    assertThat(md).contains("**8 steps:** ✅ 2 pass · ⚠️ 1 warn · ❌ 1 fail · 💥 1 error · ⏭️ 1 skipped · ✋ 1 manual · ⛔ 1 interrupted");
  }

  @Test
  void cellsHoldNoMarkupNoPipesAndNoControlCharacters() {
    String oddRow = markdown().lines().filter(l -> l.contains("`odd-name`")).findFirst().orElseThrow();

    assertThat(oddRow).containsPattern("Names with &amp; &lt; &gt; \" ' and +bell red").doesNotContain("\u001b", "\u0007");
  }
}
