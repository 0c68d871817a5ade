package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maint render}: the document on standard output or in a file, and its usage errors. */
class RenderCommandTest {
  @TempDir Path tmp;

  @Test
  void rendersTheRunbookAsMarkdownThatImportReadsBack() throws IOException {
    CliHarness.Result r = new CliHarness(tmp).run("render", "-o", "runbook.md");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(tmp.resolve("runbook.md")))
        .startsWith("# Scheduled Maintenance Runbook — Forma3D.Connect <!-- maint:forma3d-connect -->");
    CliHarness.Result i = new CliHarness(tmp).run("import", "runbook.md", "-o", "again.yaml");
    assertThat(i.exitCode()).as(i.err()).isZero();
    assertThat(i.err()).endsWith(", 0 warnings\n");
  }

  @Test
  void oneCadenceAsHtmlOnStandardOutput() {
    CliHarness.Result r = new CliHarness(tmp).run("render", "monthly", "--format", "html");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("<!DOCTYPE html>").contains("<h2>Monthly — Security Patches &amp; Monitoring Review</h2>")
        .doesNotContain("Quarterly —");
  }

  @Test
  void anUnknownCadenceOrFormatIsOneLineAndExitCode2() {
    CliHarness.Result r = new CliHarness(tmp).run("render", "yearly");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: no cadence 'yearly' (have: continuous, monthly").hasLineCount(1);
    CliHarness.Result f = new CliHarness(tmp).run("render", "--format", "pdf");
    assertThat(f.exitCode()).isEqualTo(2);
    assertThat(f.err()).isEqualTo("maint: --format pdf: expected markdown or html\n");
  }

  @Test
  void escapeSequencesAndBidiControlsInTitlesAreShownNotSentToTheTerminal() throws IOException {
    // YAML's double-quoted escapes get past the loader's refusal of raw control characters.
    Path runbook = tmp.resolve("hostile.yaml");
    Files.writeString(runbook, """
        runbook: hostile
        title: "Hostile \\e]0;owned\\a runbook"
        cadences:
          - id: monthly
            title: Monthly
            branch: maintenance/{year}-{month}
            sections:
              - id: "1"
                title: "Clear \\e[2J screen"
                steps:
                  - id: say
                    title: "Say \\x9b31m red \\u202e olleh"
                    run: "echo \\e[31m"
        """);
    for (String format : new String[] {"markdown", "html"}) {
      CliHarness.Result r = new CliHarness(tmp).run("render", "--runbook", runbook.toString(), "--format", format);
      assertThat(r.exitCode()).as(r.err()).isZero();
      String bidi = format.equals("html") ? "&lt;U+202E&gt;" : "<U+202E>";
      assertThat(r.out()).as(format).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e")
          .contains("Hostile \\u001b]0;owned\\u0007 runbook", "Clear \\u001b[2J screen",
              "Say \\u009b31m red " + bidi + " olleh", "echo \\u001b[31m");
    }
    CliHarness.Result file = new CliHarness(tmp).run("render", "--runbook", runbook.toString(), "-o", "hostile.md");
    assertThat(file.exitCode()).as(file.err()).isZero();
    assertThat(Files.readString(tmp.resolve("hostile.md"))).doesNotContain("\u001b").contains("Clear \\u001b[2J screen");
  }
}
