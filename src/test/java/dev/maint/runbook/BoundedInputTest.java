package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 17, 6: bounded input, and paths and branches checked as git would. */
class BoundedInputTest {
  private static final Path SHIPPED = Path.of("runbooks/forma3d-connect.yaml");

  @Test
  void aFileWithoutASizeIsReadOnlyUpToTheLimit() {
    assertThatThrownBy(() -> RunbookLoader.load(Path.of("/dev/zero")))
        .isInstanceOf(RunbookException.class).hasMessageContaining("file is larger than " + RunbookLoader.MAX_BYTES);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c3", "ff", "eda080", "c0af"}) // cut short, never UTF-8, a surrogate, overlong '/'
  void aFileThatIsNotUtf8IsRefused(String hex) {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    byte[] text = ("runbook: r\ntitle: a" + new String(bad, StandardCharsets.ISO_8859_1) + "b\n")
        .getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", text))
        .isInstanceOf(RunbookException.class)
        .hasMessage(String.format("r.yaml:2:9: invalid UTF-8 byte 0x%02X (a runbook must be UTF-8)", bad[0]));
  }

  @Test
  void aReplacementCharacterWrittenInTheFileIsText() {
    byte[] text = "runbook: r\ntitle: a\uFFFDb\ncadences: []\n".getBytes(StandardCharsets.UTF_8);

    // Past the encoding check: the next problem is the empty list of cadences.
    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", text))
        .isInstanceOf(RunbookException.class).hasMessageContaining("at least one cadence");
  }

  @Test
  void aVeryLongLineIsRefusedAtItsLine() throws Exception {
    String text = Files.readString(SHIPPED).replaceFirst("title: ", "title: " + "x".repeat(1_900_000 / 2) + " ");

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RunbookException.class).hasMessageContaining("line is longer than");
  }

  @Test
  void aBlockScalarOfManyShortLinesIsRefusedAtItsStart() throws Exception {
    String text = Files.readString(SHIPPED);
    assertThat(text).contains("\ntitle: Scheduled Maintenance Runbook");
    String block = "title: |\n" + "  a short line of the title\n".repeat(RunbookLoader.MAX_SCALAR / 20) + "x_title: ";
    String changed = text.replaceFirst("\ntitle: ", "\n" + block);
    int line = (int) text.substring(0, text.indexOf("\ntitle: ") + 1).chars().filter(c -> c == '\n').count() + 1;

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", changed.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RunbookException.class)
        .hasMessage("r.yaml:" + line + ":8: value is longer than " + RunbookLoader.MAX_SCALAR + " characters");
  }

  @Test
  void aScalarJustUnderTheLimitIsAccepted() throws Exception {
    String text = Files.readString(SHIPPED);
    String body = "  " + "y".repeat(99) + "\n";
    String block = "title: |-\n" + body.repeat(RunbookLoader.MAX_SCALAR / 100 - 1) + "x_title: ";
    // the x_title key after the block is unknown: reaching that error shows the block passed.
    String changed = text.replaceFirst("\ntitle: ", "\n" + block);

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", changed.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RunbookException.class).hasMessageContaining("x_title");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "-x", "maintenance/a..b", "maintenance/x.lock", "a b"})
  void aBranchGitRefusesIsARunbookError(String branch) throws Exception {
    String text = Files.readString(SHIPPED);
    int at = text.indexOf("branch: ");
    int end = text.indexOf('\n', at);
    String changed = text.substring(0, at) + "branch: \"" + branch + "\"" + text.substring(end);

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", changed.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RunbookException.class).hasMessageContaining("not a valid git branch name");
  }

  @ParameterizedTest
  @ValueSource(strings = {".git/hooks/post-commit", "docs/.GIT/x.md", "-log.md"})
  void aLogFileGitCannotCommitIsARunbookError(String file) throws Exception {
    String text = Files.readString(SHIPPED);
    assertThat(text).contains("  file: maintenance/log.md");
    String changed = text.replace("  file: maintenance/log.md", "  file: \"" + file + "\"");

    assertThatThrownBy(() -> RunbookLoader.parse("r.yaml", changed.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(RunbookException.class).hasMessageContaining("is not a path git can commit");
  }
}
