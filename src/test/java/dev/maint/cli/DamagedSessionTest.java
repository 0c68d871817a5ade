package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17, 5: a session file that cannot be read is shown as damaged with its reason, moved aside
 * to {@code *.damaged}, and a new unattended walk refuses (exit 2) unless {@code --restart}.
 */
class DamagedSessionTest extends RepoTest {
  private CliHarness maint() {
    return walks.maint().env("MAINT_STATE_DIR", tmp.resolve("state").toString());
  }

  private Path write(String kind) throws IOException {
    Path sessions = Files.createDirectories(tmp.resolve("state/sessions"));
    Path file = sessions.resolve("abc123.json");
    switch (kind) {
      case "directory" -> Files.createDirectories(file);
      case "nul" -> Files.write(file, new byte[] {'{', 0, 0, '}'});
      default -> Files.writeString(file, switch (kind) {
        case "empty" -> "";
        case "null" -> "null";
        case "garbage" -> "not json at all";
        case "truncated" -> "{\"schema\": 1, \"id\": \"abc123\", \"runbook_id\": ";
        case "wrong-types" -> "{\"schema\": \"one\", \"id\": [1]}";
        case "schema" -> "{\"schema\": 99, \"id\": \"abc123\"}";
        case "traversal" -> "{\"schema\": 1, \"id\": \"../../escape\"}";
        default -> throw new IllegalArgumentException(kind);
      }, StandardCharsets.UTF_8);
    }
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"empty", "null", "garbage", "truncated", "wrong-types", "schema", "traversal", "nul",
      "directory"})
  void aDamagedSessionIsListedKeptAndStopsAnUnattendedWalkUntilRestart(String kind) throws IOException {
    Path file = write(kind);

    CliHarness.Result listed = maint().run("sessions", "--runbook", walks.runbook().toString());
    CliHarness.Result walk = maint().run(walks.args(repo, "continuous", "--non-interactive"));

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).contains("damaged  " + file + ".damaged").doesNotContain("No unfinished sessions");
    assertThat(file).doesNotExist();
    assertThat(Path.of(file + ".damaged")).exists();
    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).contains("damaged session file " + file + ".damaged", "--restart")
        .doesNotContain("\tat ");
    assertThat(tmp.resolve("escape.json")).doesNotExist();

    CliHarness.Result restarted = maint().run(walks.args(repo, "continuous", "--non-interactive", "--restart"));

    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    assertThat(Path.of(file + ".damaged.seen")).exists();
  }

  /**
   * The parse error, FILE:LINE:COLUMN and what is wrong, is said by every listing and every walk, not
   * only by the one that found the file and moved it aside.
   */
  @Test
  void theParseErrorWithItsPositionIsShownEveryTimeNotOnlyWhenFirstFound() throws IOException {
    Path sessions = Files.createDirectories(tmp.resolve("state/sessions"));
    Path file = sessions.resolve("abc123.json");
    Files.writeString(file, "{\"schema\": 1, \"id\": \"abc123\",\n \"cadence\": \"continuous\", \"runbook_id\": tru }\n");
    String reason = file + ".damaged:2:41: Unrecognized token 'tru': was expecting (JSON String, Number, Array,"
        + " Object or token 'null', 'true' or 'false')";
    String listed = "damaged  " + file + ".damaged  " + reason + " (a continuous session of a repository that cannot"
        + " be read; kept; not resumed)\n";
    String stopped = "maint: a damaged session file " + file + ".damaged (" + reason + "; a continuous session of a"
        + " repository that cannot be read) may hold steps already done: look at it (maint sessions lists it; it is"
        + " kept where it is), then start over with --restart\n";

    for (int time = 1; time <= 2; time++) {
      CliHarness.Result list = maint().run("sessions", "--runbook", walks.runbook().toString());
      assertThat(list.out()).as("listing " + time).isEqualTo(listed);
      CliHarness.Result json = maint().run("sessions", "--runbook", walks.runbook().toString(), "--format", "json");
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out()).at("/damaged/0/reason").asText())
          .as("JSON listing " + time).isEqualTo(reason);
      CliHarness.Result walk = maint().run(walks.args(repo, "continuous", "--non-interactive"));
      assertThat(walk.exitCode()).isEqualTo(2);
      assertThat(walk.err()).as("walk " + time).isEqualTo(stopped);
    }
  }

  @Test
  void anAttendedWalkAsksAndNoKeepsTheDamagedFileAndStops() throws IOException {
    Path file = write("garbage");
    CliHarness maint = maint().typing("n\r");

    CliHarness.Result walk = maint.run(walks.args(repo, "continuous"));

    assertThat(maint.terminalOutput()).contains("A damaged session file " + file + ".damaged (",
        "may hold steps already done. Start a new session anyway? [y/N]");
    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).contains("damaged session file " + file + ".damaged", "--restart").doesNotContain("\tat ");
    assertThat(maint.terminalOutput()).doesNotContain("[step 1 of");
    assertThat(Path.of(file + ".damaged")).exists();
    assertThat(Path.of(file + ".damaged.seen")).doesNotExist();
  }

  @Test
  void anAttendedWalkAsksAndYesKeepsTheFileAsSeenAndStartsANewSession() throws IOException {
    Path file = write("garbage");
    CliHarness maint = maint().typing("y\r");

    CliHarness.Result walk = maint.run(walks.args(repo, "continuous"));

    assertThat(maint.terminalOutput()).contains("Start a new session anyway? [y/N]", "[step 1 of");
    assertThat(walk.err()).doesNotContain("damaged session file", "\tat ");
    assertThat(Path.of(file + ".damaged")).doesNotExist();
    assertThat(Path.of(file + ".damaged.seen")).exists();

    CliHarness.Result again = maint().run(walks.args(repo, "continuous", "--non-interactive"));

    assertThat(again.err()).doesNotContain("damaged session file");
  }

  /** A real monthly session of {@code repo}, quit after one answer: its session file. */
  private Path quitMonthlySession() throws IOException {
    CliHarness.Result quit = maint().typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(quit.out()).as(quit.err()).contains("is saved");
    try (var files = Files.list(tmp.resolve("state/sessions"))) {
      return files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
  }

  /**
   * A journal line that parses as JSON but is nothing maint writes (a result without a valid
   * status, a note for no step, null) is damage named by its journal's PATH:LINE, not a reason
   * that names neither; the journal is kept, not rewritten.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "{\"result\":{\"id\":\"say-hello\",\"status\":\"bogus\"}} | holds a result with a field missing or invalid"
          + " (id, status, started, reason, note)",
      "{\"note\":\"hi\"} | holds a note for no step",
      "null | holds null, not a journal entry",
      "{} | sets nothing (no result, note or running step)"})
  void aJournalLineMaintNeverWritesIsNamedByItsPathAndLine(String bad, String why) throws IOException {
    Path file = quitMonthlySession();
    Path journal = file.resolveSibling(file.getFileName().toString().replace(".json", ".journal"));
    String lines = "{\"noteStep\":\"say-hello\",\"note\":\"first\"}\n" + bad + "\n"
        + "{\"noteStep\":\"say-hello\",\"note\":\"after\"}\n";
    Files.writeString(journal, lines);

    CliHarness.Result listed = maint().run("sessions", "--runbook", walks.runbook().toString());

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).isEqualTo("damaged  " + file + ".damaged  " + journal + ".damaged:2:1: journal line 2 of 3 "
        + why + " (a monthly session of " + repo.toRealPath() + "; kept; not resumed)\n");
    assertThat(Files.readString(Path.of(journal + ".damaged"))).isEqualTo(lines);
  }

  /**
   * A journal whose session file is missing (a crash while pruning or setting a file aside) is
   * listed as orphaned where it is, stops an unattended walk of any cadence like any damaged file,
   * and is kept, renamed only when a walk starts over.
   */
  @Test
  void anOrphanedJournalIsListedKeptAndStopsAWalkUntilRestart() throws IOException {
    Path sessions = Files.createDirectories(tmp.resolve("state/sessions"));
    Path journal = sessions.resolve("0rphan00.journal");
    String lines = "{\"noteStep\":\"say-hello\",\"note\":\"kept\"}\n";
    Files.writeString(journal, lines);
    String reason = "orphaned journal: its session file 0rphan00.json is missing, so the answers and notes it holds"
        + " belong to no session";

    CliHarness.Result listed = maint().run("sessions", "--runbook", walks.runbook().toString());
    CliHarness.Result walk = maint().run(walks.args(repo, "continuous", "--non-interactive"));

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out()).isEqualTo("damaged  " + journal + "  " + reason + " (its cadence and repository cannot be"
        + " read, so it stops a walk of any; kept; not resumed)\n");
    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).isEqualTo("maint: a damaged session file " + journal + " (" + reason + "; its cadence and"
        + " repository cannot be read, so it stops a walk of any) may hold steps already done: look at it (maint"
        + " sessions lists it; it is kept where it is), then start over with --restart\n");
    assertThat(Files.readString(journal)).isEqualTo(lines);

    CliHarness.Result restarted = maint().run(walks.args(repo, "continuous", "--non-interactive", "--restart"));

    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    assertThat(Files.readString(Path.of(journal + ".seen"))).isEqualTo(lines);
    assertThat(maint().run("sessions", "--runbook", walks.runbook().toString()).out()).doesNotContain("orphaned");
  }

  /** A real monthly session of {@code repo}, quit after one answer, then cut short after its repository as a crash would. */
  private Path cutShortMonthlySession() throws IOException {
    CliHarness.Result quit = maint().typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(quit.out()).as(quit.err()).contains("is saved");
    Path file;
    try (var files = Files.list(tmp.resolve("state/sessions"))) {
      file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.indexOf("\"started\"")));
    return file;
  }

  @Test
  void aDamagedSessionStopsOnlyWalksOfItsOwnCadenceAndRepository() throws IOException {
    Path file = cutShortMonthlySession();
    Path other = tmp.resolve("other");
    dev.maint.testing.Git.initWithCommit(other);

    CliHarness.Result continuous = maint().run(walks.args(repo, "continuous", "--non-interactive"));
    CliHarness.Result otherRepo = maint().run(walks.args(other, "monthly", "--non-interactive"));
    CliHarness.Result monthly = maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(continuous.exitCode()).as(continuous.err()).isZero();
    assertThat(otherRepo.exitCode()).as(otherRepo.err()).isEqualTo(1);
    assertThat(otherRepo.err()).doesNotContain("damaged");
    assertThat(monthly.exitCode()).isEqualTo(2);
    assertThat(monthly.err()).contains("damaged session file " + file + ".damaged", "a monthly session of " + repo,
        "it is kept where it is", "--restart");
    assertThat(Path.of(file + ".damaged")).exists();
  }

  @Test
  void restartingAnotherCadenceLeavesTheDamagedFileToStopItsOwn() throws IOException {
    Path file = cutShortMonthlySession();

    CliHarness.Result restarted = maint().run(walks.args(repo, "continuous", "--non-interactive", "--restart"));
    CliHarness.Result monthly = maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(restarted.exitCode()).as(restarted.err()).isZero();
    assertThat(Path.of(file + ".damaged")).exists();
    assertThat(monthly.exitCode()).isEqualTo(2);
    assertThat(monthly.err()).contains("damaged session file " + file + ".damaged");
  }

  @Test
  void restartingItsOwnCadenceSetsTheFileAsideAndSaysWhere() throws IOException {
    Path file = cutShortMonthlySession();

    CliHarness.Result restarted = maint().run(walks.args(repo, "monthly", "--non-interactive", "--restart"));

    assertThat(restarted.exitCode()).as(restarted.err()).isEqualTo(1);
    assertThat(restarted.out() + restarted.err()).contains("The damaged session file is kept as " + file
        + ".damaged.seen");
    assertThat(Path.of(file + ".damaged.seen")).exists();
  }

  @Test
  void aDamagedFileWhoseCadenceCannotBeReadSaysSoAndStopsEveryWalk() throws IOException {
    Path file = write("garbage");
    Path other = tmp.resolve("other");
    dev.maint.testing.Git.initWithCommit(other);

    CliHarness.Result walk = maint().run(walks.args(other, "monthly", "--non-interactive"));

    assertThat(walk.exitCode()).isEqualTo(2);
    assertThat(walk.err()).contains("damaged session file " + file + ".damaged",
        "its cadence and repository cannot be read");
  }

  @Test
  void controlAndBidiCharactersFromADamagedFileAreShownNotObeyed() throws IOException {
    Path sessions = Files.createDirectories(tmp.resolve("state/sessions"));
    Files.writeString(sessions.resolve("abc123.json"), "evil\u202etxt.exe\u001b]0;PWNED\u0007\u001b[2J");

    CliHarness.Result listed = maint().run("sessions", "--runbook", walks.runbook().toString());
    CliHarness.Result walk = maint().run(walks.args(repo, "monthly", "--non-interactive"));

    assertThat(listed.out()).contains("damaged  ", "<U+202E>").doesNotContain("\u202e", "\u001b", "\u0007");
    assertThat(walk.err()).contains("damaged session file").doesNotContain("\u202e", "\u001b",
        "\u0007");
  }

  @Test
  void controlAndBidiCharactersInASessionFileAreShownNotObeyedByMaintSessions() throws IOException {
    CliHarness.Result quit = maint().typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(quit.out()).as(quit.err()).contains("is saved");
    Path saved;
    try (var files = Files.list(tmp.resolve("state/sessions"))) {
      saved = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    Files.writeString(saved, Files.readString(saved).replace(dev.maint.testing.Walks.OPERATOR,
        "Eve \\u202eon\\u001b[2J <eve@example.test>"));

    CliHarness.Result listed = maint().run("sessions", "--runbook", walks.runbook().toString());

    assertThat(listed.out()).contains("Eve <U+202E>on\\u001b[2J <eve@example.test>")
        .doesNotContain("\u202e", "\u001b");
  }
}
