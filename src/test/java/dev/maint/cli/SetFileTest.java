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

  /** Refused in one line naming the option and the variable, with exit 2, before the walk saves or logs anything. */
  private void assertRefused(CliHarness.Result r, String line) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + line + "\n");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve(".local")).as("state and logs under HOME").doesNotExist();
  }

  @Test
  @org.junit.jupiter.api.DisplayName("A NUL in a --set or --set-file value is refused before the walk, not by the step that uses it")
  void aNulInAValueIsRefusedBeforeTheWalk() throws IOException {
    Files.write(tmp.resolve("v"), "sec\0ret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertRefused(walk(walks.maint(), "--set", "greeting=sec\0ret"),
        "--set greeting: holds a NUL character, which no command can be given");
    assertRefused(walk(walks.maint(), "--set-file", "greeting=" + tmp.resolve("v")),
        "--set-file greeting=" + tmp.resolve("v") + ": holds a NUL character, which no command can be given");
    assertRefused(walk(walks.maint().stdin("sec\0ret"), "--set-file", "greeting=-"),
        "--set-file greeting=-: holds a NUL character, which no command can be given");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("Bytes that are not UTF-8 are refused, never turned into U+FFFD and passed on")
  void aValueThatIsNotValidUtf8IsRefused() throws IOException {
    // The JVM reads a command line's invalid bytes as U+FFFD: that is all maint can see of them.
    assertRefused(walk(walks.maint(), "--set", "greeting=caf\uFFFD"),
        "--set greeting: not valid UTF-8 (bytes that are not UTF-8 read as U+FFFD)");
    // A file is decoded strictly: a lone continuation byte, an overlong '/', a cut-off sequence.
    for (byte[] bad : java.util.List.of(new byte[] {'a', (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
        new byte[] {'x', (byte) 0xE2, (byte) 0x82})) {
      Files.write(tmp.resolve("bad"), bad);
      assertRefused(walk(walks.maint(), "--set-file", "greeting=" + tmp.resolve("bad")),
          "--set-file greeting=" + tmp.resolve("bad") + ": not valid UTF-8");
    }
    // A secret is never quoted in the message, only its variable named.
    CliHarness.Result secret = walk(walks.maint(), "--set", "greeting=hunter2\uFFFD");
    assertThat(secret.err()).doesNotContain("hunter2");
  }

  @Test
  void aValidUtf8ValueFromAFileIsTakenWhole() throws IOException {
    // U+FFFD written as valid UTF-8 in a file is a character like any other.
    Files.writeString(tmp.resolve("v"), "caf\u00e9 \uFFFD \uD83D\uDE00\n");
    walks.editRunbook("run: echo \"${greeting}\"\n            readonly: true",
        "run: printf '[%s]' \"${greeting}\" > " + tmp.resolve("seen"));

    CliHarness.Result r = walk(walks.maint(), "--set-file", "greeting=" + tmp.resolve("v"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(tmp.resolve("seen"))).isEqualTo("[caf\u00e9 \uFFFD \uD83D\uDE00]");
  }

  @Test
  void anyOptionValueWithANulOrAReplacementCharacterIsRefusedNamingTheOption() {
    assertRefused(walk(walks.maint(), "--env", "stag\uFFFDing"),
        "--env 'stag\uFFFDing': not valid UTF-8 (bytes that are not UTF-8 read as U+FFFD)");
    assertRefused(walk(walks.maint(), "--workdir", "a\0b"),
        "--workdir 'a\\u0000b': holds a NUL character, which no command can be given");
  }
}
