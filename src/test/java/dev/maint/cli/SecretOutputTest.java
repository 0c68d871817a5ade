package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that shows resolved commands masks the secrets in them. */
class SecretOutputTest {
  private static final String SECRET = "s3cret-line-one";

  @TempDir Path tmp;
  Path runbook;

  @BeforeEach
  void setUp() throws IOException {
    runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: secrets
        variables:
          token:
            secret: true
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - id: call
                    title: Call with a token
                    run: 'curl -H "Authorization: ${token}" http://127.0.0.1:1/'
                  - id: header
                    title: A header from the environment
                    http:
                      url: http://127.0.0.1:1/health
                      headers: {X-Key: "${env:MULTILINE_KEY}"}
        quick_reference:
          - name: call
            group: Calls
            command: 'curl -H "Authorization: ${token}" http://127.0.0.1:1/'
        """);
  }

  private CliHarness maint() {
    return new CliHarness(tmp).env("MULTILINE_KEY", SECRET + "\nsecond-line-of-it");
  }

  @Test
  void showMasksSecretVariables() {
    CliHarness.Result r = maint().run("show", "monthly", "--runbook", runbook.toString(), "--set", "token=" + SECRET);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Authorization: ***").doesNotContain(SECRET);
  }

  @Test
  void quickReferenceListMasksSecretVariables() {
    CliHarness.Result r = maint().run("run", "--list", "--runbook", runbook.toString(), "--set", "token=" + SECRET);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Authorization: ***").doesNotContain(SECRET);
  }

  @Test
  void aHeaderHttpCannotCarryIsAStepErrorThatDoesNotShowTheValue() {
    CliHarness.Result r = maint().run("monthly", "--non-interactive", "--no-commit", "--runbook", runbook.toString(),
        "--only", "header", "--operator", "Ada <ada@example.test>", "-v");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("header\\s+error\\s+invalid request header");
    assertThat(r.out() + r.err()).doesNotContain(SECRET, "second-line-of-it", "internal error");
  }

  @Test
  void aSecretTypedIntoANoteOrReasonIsMasked() throws IOException {
    Files.createDirectories(tmp.resolve("ops"));
    CliHarness maint = maint().typing("nnote " + SECRET + " here\rs" + SECRET + " expired\rqy");

    CliHarness.Result r = maint.run("monthly", "--runbook", runbook.toString(), "--no-commit", "--set", "token=" + SECRET,
        "--operator", "Ada <ada@example.test>", "--workdir", tmp.toString());

    // The terminal echoes what the operator types; everything maint shows or keeps is masked.
    assertThat(r.out()).contains("skipped: *** expired").doesNotContain(SECRET);
    assertThat(maint.terminalOutput()).contains("SKIPPED skipped: *** expired", "note: note *** here");
    try (java.util.stream.Stream<Path> files = Files.walk(tmp.resolve(".local"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET);
      }
    }
  }
}
