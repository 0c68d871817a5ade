package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An operator's note holding bidirectional controls and other invisible format characters is
 * written visibly ({@code <U+202E>}) wherever maint writes text for people: the log row on the
 * maintenance branch, the commit message, the run log and the Markdown report; ESC never.
 */
class FormatCharactersTest extends RepoTest {
  /** Every bidirectional control of UAX #9, a zero-width space, a byte-order mark and a tag character. */
  private static final String NOTE = "a\u202Eb\u200Ec\u200Fd\u202Ae\u202Bf\u202Cg\u202Dh\u2066i\u2067j\u2068k\u2069"
      + "l\u061Cm\u200Bn\uFEFFo\uDB40\uDC41p\u001b[2Jq";
  private static final String SHOWN = "a<U+202E>b<U+200E>c<U+200F>d<U+202A>e<U+202B>f<U+202C>g<U+202D>h<U+2066>i"
      + "<U+2067>j<U+2068>k<U+2069>l<U+061C>m<U+200B>n<U+FEFF>o<U+E0041>pq";

  @Test
  void aNoteWithBidiControlsIsWrittenVisiblyInTheLogRowCommitRunLogAndReport() throws IOException {
    Path logs = tmp.resolve("logs");
    Path report = tmp.resolve("report.md");
    // A note on the first step, done, then quit: the row and the commit hold the note.
    CliHarness maint = walks.maint().typing("n" + NOTE + "\r" + "d" + "qy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly", "--log-dir", logs.toString(),
        "--report", "markdown=" + report));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String row = git.run("show", "maintenance/2026-11:maintenance/log.md");
    String message = git.run("log", "-1", "--format=%B", "maintenance/2026-11");
    String runLog;
    try (Stream<Path> files = Files.list(logs)) {
      runLog = Files.readString(files.findFirst().orElseThrow());
    }
    String markdown = Files.readString(report);
    for (String written : List.of(row, message)) {
      assertThat(written).contains("check-notes: " + SHOWN);
    }
    assertThat(runLog).contains("(note: " + SHOWN + ")");
    assertThat(markdown).contains(SHOWN.replace("<", "&lt;").replace(">", "&gt;"));
    // The screen echoes what the operator typed as jline's line editor does; what maint says back is shown visibly.
    assertThat(maint.terminalOutput()).contains("  note: " + SHOWN + "\n");
    for (String written : List.of(row, message, runLog, markdown, r.out(), r.err())) {
      assertThat(written).doesNotContain("\u202E", "\u200E", "\u200F", "\u2066", "\u2069", "\u061C", "\u200B",
          "\uFEFF", "\uDB40\uDC41", "\u001b[2J");
    }
  }

  @Test
  void joinersThatEmojiAndScriptsNeedStayAsTheyAre() throws IOException {
    String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
    CliHarness maint = walks.maint().typing("n" + family + "\r" + "d" + "qy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("check-notes: " + family);
  }

  @Test
  void aQuitBeforeAnyAnswerSaysInOneLineThatNothingWasCommitted() {
    CliHarness maint = walks.maint().typing("qy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput() + r.out() + r.err()).contains("Nothing new was answered: nothing committed.\n");
    assertThat(git.run("branch", "--list", "maintenance/2026-11")).isEmpty();
  }
}
