package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** {@code --set-file NAME=PATH} and {@code NAME=-}: a value off maint's command line, masked as a secret. */
class SetFileTest extends RepoTest {
  private CliHarness.Result walk(CliHarness maint, String... extra) {
    return maint.run(java.util.List.of(walks.args(repo, "monthly", "--non-interactive", "--no-commit", "--only", "say-hello")), extra);
  }

  @Test
  void aValueFromStandardInputReachesTheCommandAndIsMasked() throws IOException {
    CliHarness.Result r = walk(walks.maint().stdin("from-stdin ${env:X} ;x\n"), "--set-file", "greeting=-");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("│ ***").doesNotContain("from-stdin");
  }

  @Test
  void aValueFromAFileIsTakenAsWrittenLessItsFinalNewLine() throws IOException {
    Files.writeString(tmp.resolve("v"), "line one\n");
    walks.editRunbook("run: echo \"${greeting}\"\n            readonly: true",
        "run: printf '[%s]' \"${greeting}\" > " + tmp.resolve("seen"));

    CliHarness.Result r = walk(walks.maint(), "--set-file", "greeting=" + tmp.resolve("v"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(tmp.resolve("seen"))).isEqualTo("[line one]");
  }

  @Test
  void aFileTooLargeOrMissingIsAUsageError() throws IOException {
    CliHarness.Result zero = walk(walks.maint(), "--set-file", "greeting=/dev/zero");
    CliHarness.Result missing = walk(walks.maint(), "--set-file", "greeting=" + tmp.resolve("absent"));

    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.err().strip()).isEqualTo("maint: --set-file greeting=/dev/zero: larger than 65536 bytes");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void aMalformedReferenceInASetValueIsAUsageError() {
    CliHarness.Result r = walk(walks.maint(), "--set", "greeting=${}");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("maint: --set greeting: malformed reference '${}' (write $${ for a literal ${)");
  }
}
