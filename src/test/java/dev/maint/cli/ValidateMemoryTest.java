package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.runbook.RunbookLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, 6: the largest runbook validate accepts (2 MiB, made of the longest lines allowed)
 * is checked by a JVM limited to 256 MB, as an operator's small machine would run it.
 */
class ValidateMemoryTest {
  @TempDir Path tmp;

  @Test
  void theLargestRunbookValidateAcceptsFitsIn256Megabytes() throws Exception {
    String shipped = Files.readString(Path.of("runbooks/forma3d-connect.yaml"));
    StringBuilder text = new StringBuilder(shipped).append("# padding\n");
    String longLine = "# " + "y".repeat(RunbookLoader.MAX_LINE - 2) + "\n";
    while (text.length() + longLine.length() < RunbookLoader.MAX_BYTES) {
      text.append(longLine);
    }
    text.append("# ").append("z".repeat(Math.max(0, RunbookLoader.MAX_BYTES - text.length() - 3))).append("\n");
    // The runbook's own strings, as long as a line allows.
    String big = text.toString().replaceFirst("title: [^\\n]*", "title: " + "t".repeat(RunbookLoader.MAX_LINE - 20));
    Path file = tmp.resolve("big.yaml");
    Files.writeString(file, big.substring(0, Math.min(big.length(), RunbookLoader.MAX_BYTES)), StandardCharsets.UTF_8);

    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.maint.Main", "validate", file.toString()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(out).isIn(0, 2);
    assertThat(out).doesNotContain("OutOfMemoryError", "\tat ");
  }
}
