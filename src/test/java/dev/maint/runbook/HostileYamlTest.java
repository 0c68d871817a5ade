package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile YAML: texts that made the checks take time in the square of their length. */
class HostileYamlTest {
  private static final String HEAD = """
      runbook: hostile
      variables:
        v: x
      cadences:
        - id: monthly
          sections:
            - id: s
              title: S
              steps:
      """;

  @TempDir Path tmp;

  private CliHarness.Result run(byte[] runbook, String... args) throws IOException {
    Files.write(tmp.resolve("hostile.yaml"), runbook);
    return new CliHarness(tmp).run(args);
  }

  private CliHarness.Result validate(String runbook) throws IOException {
    return run(runbook.getBytes(java.nio.charset.StandardCharsets.UTF_8), "validate", "hostile.yaml");
  }

  @Test
  void manyUnclosedReferencesAreCheckedInLinearTime() throws IOException {
    // 60 000 characters of "${" with no '}' after them, in commands, in single quotes and in text:
    // every check looked for a '}' from each "${" to the end, minutes for a file of 2 MiB.
    String unclosed = ("${".repeat(40) + "\n").repeat(700);
    StringBuilder yaml = new StringBuilder(HEAD);
    for (int i = 0; i < 30; i++) {
      String key = switch (i % 3) {
        case 0 -> "run: |\n              echo '";
        case 1 -> "run: |\n              echo $${";
        default -> "details: |\n              ";
      };
      yaml.append("          - id: s").append(i).append("\n            title: t\n            ").append(key)
          .append(unclosed.indent(14).strip()).append("\n");
    }

    CliHarness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> validate(yaml.toString()));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("hostile.yaml: valid (1 cadence, 30 cadence steps, 0 emergency procedures, 0 rollbacks)\n");
  }
}
