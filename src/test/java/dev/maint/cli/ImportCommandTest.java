package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maint import}: what an operator sees on the terminal and finds in the written file. */
class ImportCommandTest {
  @TempDir Path tmp;

  private Path seedMarkdown() throws IOException {
    Path md = tmp.resolve("runbook.md");
    try (InputStream in = ImportCommandTest.class.getResourceAsStream("/markdown/scheduled-maintenance-runbook.md")) {
      Files.write(md, in.readAllBytes());
    }
    return md;
  }

  @Test
  void importWritesARunbookThatValidateAccepts() throws IOException {
    seedMarkdown();
    CliHarness.Result r = new CliHarness(tmp).run("import", "runbook.md", "-o", "runbook.yaml");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("maint: imported runbook.md into runbook.yaml: 4 cadences, ")
        .contains("maint: warning: runbook.md:7: text before the first cadence kept as a comment");
    CliHarness.Result v = new CliHarness(tmp).run("validate", "runbook.yaml");
    assertThat(v.exitCode()).as(v.err()).isZero();
    assertThat(v.out()).startsWith("runbook.yaml: valid (4 cadences, ");
  }

  @Test
  void withoutOutputTheRunbookGoesToStandardOutputAndWarningsToStandardError() throws IOException {
    seedMarkdown();
    CliHarness.Result r = new CliHarness(tmp).run("import", "runbook.md");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("runbook: scheduled-maintenance-runbook").doesNotContain("maint: warning");
    assertThat(r.err()).contains("maint: warning: runbook.md:");
  }

  @Test
  void aMissingFileIsOneLineAndExitCode2() {
    CliHarness.Result r = new CliHarness(tmp).run("import", "nope.md");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: nope.md: no such file\n");
  }

  @Test
  void aDocumentWithoutCadencesIsOneLineAndExitCode2() throws IOException {
    Files.writeString(tmp.resolve("notes.md"), "# Notes\n\nOnly prose here.\n");
    CliHarness.Result r = new CliHarness(tmp).run("import", "notes.md", "-o", "out.yaml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).containsExactly(
        "maint: notes.md: no cadence found: a cadence is a heading with checklist items or shell code blocks under it");
    assertThat(tmp.resolve("out.yaml")).doesNotExist();
  }

  @Test
  void aFileThatIsNotUtf8IsOneLineAndExitCode2() throws IOException {
    Files.write(tmp.resolve("latin1.md"), new byte[] {'#', ' ', (byte) 0xE9, '\n'});
    CliHarness.Result r = new CliHarness(tmp).run("import", "latin1.md");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: latin1.md: not valid UTF-8\n");
  }
}
