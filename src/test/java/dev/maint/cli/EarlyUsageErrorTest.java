package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Fixtures;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Wrong input is refused while the command line is read, in plain words and with exit code 2,
 * before any probe runs, session opens or file is written.
 */
class EarlyUsageErrorTest {
  @TempDir Path tmp;
  Workspace ws;
  Path runbook;

  @BeforeEach
  void setUp() throws IOException {
    ws = Workspace.create(tmp);
    runbook = Fixtures.copy("/runbooks/ci.yaml", tmp);
  }

  private CliHarness.Result maint(String... args) {
    return new CliHarness(tmp).clock(Workspace.NOV_29).run(args);
  }

  private String[] walk(String... extra) {
    List<String> all = new ArrayList<>(List.of("monthly", "--non-interactive", "--runbook", runbook.toString(),
        "--repo", ws.repo().toString(), "--workdir", ws.app().toString(), "--operator", "Ada <ada@example.test>",
        "--log-dir", tmp.resolve("logs").toString()));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private void assertRefusedBeforeAnyWork(CliHarness.Result r, String line) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + line + "\n");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve("logs")).doesNotExist();
  }

  @Test
  void anUnknownFormatIsRefusedBeforeAnyProbeRuns() {
    // A target nothing listens on would take the whole timeout if the probe ran first.
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--format", "xml"), "--format xml: expected text or json");
    assertRefusedBeforeAnyWork(maint(walk("--format", "xml")), "--format xml: expected text or json");
  }

  @Test
  void failOnAcceptsOnlyWarnAndSaysSoWithWhy() {
    String why = ": expected warn, the only value accepted (a step that is fail or error exits 1 without --fail-on)";
    assertRefusedBeforeAnyWork(maint(walk("--fail-on", "error")), "--fail-on error" + why);
    assertRefusedBeforeAnyWork(maint(walk("--fail-on", "nope")), "--fail-on nope" + why);
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--fail-on", "nope"), "--fail-on nope" + why);
  }

  @Test
  void aMalformedResolveIsRefusedWhileParsing() {
    assertRefusedBeforeAnyWork(maint(walk("--resolve", "app.test:80")), "--resolve app.test:80: expected NAME:PORT:ADDRESS");
    assertRefusedBeforeAnyWork(maint(walk("--resolve", "app.test:80:127.0.0.1,")),
        "--resolve app.test:80:127.0.0.1,: an empty address in the list");
    assertRefusedBeforeAnyWork(maint(walk("--resolve", "app.test:80:127.0.0.1,,::1")),
        "--resolve app.test:80:127.0.0.1,,::1: an empty address in the list");
    assertRefusedBeforeAnyWork(maint(walk("--resolve", "app.test:80:nowhere")),
        "--resolve app.test:80:nowhere: 'nowhere' is not an IP address");
  }

  @Test
  void aMalformedReportIsRefusedWhileParsing() {
    CliHarness.Result r = maint(walk("--report", "pdf=r.pdf"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: ").contains("pdf").hasLineCount(1);
    assertThat(tmp.resolve("logs")).doesNotExist();
  }

  @Test
  void aMissingOptionValueSaysWhatTheOptionNeedsInOneLine() {
    assertRefusedBeforeAnyWork(maint(walk("--set")), "--set needs NAME=VALUE");
    assertRefusedBeforeAnyWork(maint(walk("--set-file")), "--set-file needs NAME=PATH");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--parallel"), "--parallel needs N");
  }

  @Test
  void setWithAnEmptyOrInvalidNameIsRefusedWhileParsing() {
    assertRefusedBeforeAnyWork(maint(walk("--set", "=x")), "--set: expected NAME=VALUE, and the NAME is empty");
    assertRefusedBeforeAnyWork(maint(walk("--set", "a b=x")),
        "--set: expected NAME=VALUE, and 'a b' is not a variable name");
    assertRefusedBeforeAnyWork(maint(walk("--set-file", "=x")), "--set-file: expected NAME=VALUE, and the NAME is empty");
  }

  @Test
  void aCommandsOptionBeforeTheCommandSaysWhereItGoes() {
    CliHarness.Result r = maint("--set", "app_dir=x", "monthly");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("maint: unknown option '--set' (a command's options go after it: maint COMMAND --set …)\n");
  }

  @Test
  void everyFormatOptionIsWordedAlikeByItsConverter() {
    assertRefusedBeforeAnyWork(maint("due", "--runbook", runbook.toString(), "--format", "xml"),
        "--format xml: expected text, json or prometheus");
    assertRefusedBeforeAnyWork(maint("render", "--runbook", runbook.toString(), "--format", "xml"),
        "--format xml: expected markdown or html");
    assertRefusedBeforeAnyWork(maint("list", "--runbook", runbook.toString(), "--format", "xml"),
        "--format xml: expected text or json");
  }

  @Test
  void aNumberOutsideItsRangeNamesOnlyItsOwnOptionAndTheRange() {
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--parallel", "-1"),
        "--parallel -1: expected a whole number from 1 to 1000");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--timeout", "0"),
        "--timeout 0: expected a whole number from 1 to 86400");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--timeout", "ten"),
        "--timeout ten: expected a whole number from 1 to 86400");
    // Beyond an int, and beyond a long: the range, never "at least 1" that the number already is.
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--timeout", "99999999999"),
        "--timeout 99999999999: expected a whole number from 1 to 86400");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--parallel", "99999999999999999999999"),
        "--parallel 99999999999999999999999: expected a whole number from 1 to 1000");
    assertRefusedBeforeAnyWork(maint("windows", "--runbook", runbook.toString(), "--count", "0"),
        "--count 0: expected a whole number from 1 to 1000");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--warn-days", "x"),
        "--warn-days x: expected a whole number from 0 to 36500");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "--fail-days", "-1"),
        "--fail-days -1: expected a whole number from 0 to 36500");
    // Refused while parsing, before the runbook is read (this one does not exist).
    assertRefusedBeforeAnyWork(maint("calendar", "--runbook", tmp.resolve("absent.yaml").toString(), "--year", "99999999999"),
        "--year 99999999999: expected a whole number from 1900 to 9999");
  }

  @Test
  void aNumberInItsRangeIsTaken() {
    CliHarness.Result r = maint("windows", "--runbook", runbook.toString(), "--count", " 1000 ");

    assertThat(r.exitCode()).as(r.err()).isZero();
    CliHarness.Result year = maint("calendar", "--runbook", runbook.toString(), "--year", "9999");
    assertThat(year.exitCode()).as(year.err()).isZero();
    assertThat(year.out()).contains("9999");
  }

  /**
   * Every numeric option of every command, present or added later, says the range it allows for a
   * number beyond it: too large for an int, and negative.
   */
  @Test
  void everyNumericOptionOfEveryCommandSaysItsRange() {
    List<List<String>> lines = new ArrayList<>();
    options(commandTree(), o -> List.of(int.class, Integer.class, long.class, Long.class, short.class, Short.class)
        .contains(o.type()), new ArrayList<>(), lines);
    assertThat(lines).as("numeric options found").hasSizeGreaterThanOrEqualTo(6);

    for (List<String> line : lines) {
      String option = line.get(line.size() - 1);
      for (String value : List.of("99999999999", "-99999999999", "-1")) {
        List<String> args = withValue(line, value);
        CliHarness.Result r = maint(args.toArray(String[]::new));
        String shown = String.join(" ", args);
        assertThat(r.exitCode()).as(shown).isEqualTo(2);
        assertThat(r.err()).as(shown).matches("maint: " + option + " " + value + ": expected a whole number from \\d+ to \\d+\n");
        assertThat(r.out()).as(shown).isEmpty();
      }
    }
  }

  @Test
  void anUnknownCheckIsNamedWithTheClosestKindOrTheKindsThereAre() {
    assertRefusedBeforeAnyWork(maint("check", "foo"), "unknown check 'foo' (expected: tls, http, cert, health or all)");
    assertRefusedBeforeAnyWork(maint("check", "htp", "http://127.0.0.1:9/"), "unknown check 'htp' (did you mean http?)");
    assertThat(maint("check", "TLS", "127.0.0.1:9", "--timeout", "x").err())
        .isEqualTo("maint: --timeout x: expected a whole number from 1 to 86400\n");
  }

  @Test
  void anUnknownShellIsNamedWithTheClosestShellOrTheShellsThereAre() {
    assertRefusedBeforeAnyWork(maint("completion", "nope"), "unknown shell 'nope' (expected: bash, zsh or fish)");
    assertRefusedBeforeAnyWork(maint("completion", "fis"), "unknown shell 'fis' (did you mean fish?)");
    CliHarness.Result upper = maint("completion", "BASH");
    assertThat(upper.exitCode()).isZero();
    assertThat(upper.out()).startsWith("# maint completion for bash.");
  }

  /**
   * Every enum-typed option and positional word of every command, present or added later, says a
   * wrong value in maint's words: never picocli's "expected one of [A, a, …] (case-sensitive)".
   */
  @Test
  void everyEnumValueOfEveryCommandIsRefusedInPlainWords() {
    List<List<String>> lines = new ArrayList<>();
    enumArgs(commandTree(), new ArrayList<>(), lines);
    assertThat(lines).as("enum-typed options and words found").hasSizeGreaterThanOrEqualTo(8);

    for (List<String> line : lines) {
      CliHarness.Result r = maint(line.toArray(String[]::new));
      String shown = String.join(" ", line);
      assertThat(r.exitCode()).as(shown).isEqualTo(2);
      assertThat(r.err()).as(shown).doesNotContain("expected one of").doesNotContain("case-sensitive")
          .matches("maint: (--[a-z-]+ zzzz: expected ([a-z-]+(, [a-z-]+)* or [a-z-]+|[a-z-]+, the only value accepted)"
              + "( \\([^()]+\\))?"
              + "|unknown [a-z]+ 'zzzz' \\(expected: [a-z-]+(, [a-z-]+)*( or [a-z-]+)?\\))\n");
    }
  }

  @Test
  void aSelectionOfEmptyItemsIsRefusedInsteadOfWalkingEveryStep() {
    assertRefusedBeforeAnyWork(maint(walk("--only", ",,")),
        "--only ',,': an empty item (a list is comma-separated names, none of them empty)");
    assertRefusedBeforeAnyWork(maint(walk("--skip", ",")),
        "--skip ',': an empty item (a list is comma-separated names, none of them empty)");
    assertRefusedBeforeAnyWork(maint(walk("--only", "build,,lint")),
        "--only 'build,,lint': an empty item (a list is comma-separated names, none of them empty)");
    assertRefusedBeforeAnyWork(maint(walk("--skip", "build,")),
        "--skip 'build,': an empty item (a list is comma-separated names, none of them empty)");
    assertRefusedBeforeAnyWork(maint(walk("--only", "build, ")),
        "--only 'build, ': an empty item (a list is comma-separated names, none of them empty)");
  }

  /** Every comma-separated option of every command, present or added later, refuses an empty item. */
  @Test
  void everyCommaListOfEveryCommandRefusesAnEmptyItem() {
    List<List<String>> lines = new ArrayList<>();
    options(commandTree(), o -> !o.splitRegex().isEmpty(), new ArrayList<>(), lines);
    assertThat(lines).as("comma-list options found").hasSizeGreaterThanOrEqualTo(10);

    for (List<String> line : lines) {
      for (String value : List.of(",", ",,", " , ")) {
        List<String> args = new ArrayList<>(line);
        args.add(value);
        if (line.get(0).equals("walk")) {
          args.add("monthly"); // its required CADENCE, else that is what is missing
        }
        CliHarness.Result r = maint(args.toArray(String[]::new));
        String shown = String.join(" ", args);
        assertThat(r.exitCode()).as(shown).isEqualTo(2);
        // A blank item may be refused by the option's own converter first, also in one line.
        assertThat(r.err()).as(shown).startsWith("maint: " + line.get(line.size() - 1) + " ").hasLineCount(1);
        if (!value.contains(" ")) {
          assertThat(r.err()).as(shown).contains("an empty item");
        }
        assertThat(r.out()).as(shown).isEmpty();
      }
    }
  }

  @Test
  void anEmptyStartAtIsRefusedInsteadOfWalkingFromTheFirstStep() {
    assertRefusedBeforeAnyWork(maint(walk("--start-at", "")), "--start-at '': an empty value (expected STEP)");
    assertRefusedBeforeAnyWork(maint(walk("--start-at", " ")), "--start-at ' ': an empty value (expected STEP)");
  }

  @Test
  void anEmptyFolderOrNameIsRefusedInsteadOfMeaningTheCurrentFolderOrNothing() {
    List<String> walk = List.of("monthly", "--non-interactive", "--runbook", runbook.toString(),
        "--log-dir", tmp.resolve("logs").toString());
    assertRefusedBeforeAnyWork(maint(walk, "--repo", "", "--operator", "Ada <ada@example.test>"),
        "--repo '': an empty value (expected DIR)");
    assertRefusedBeforeAnyWork(maint(walk, "--workdir", "", "--repo", ws.repo().toString()),
        "--workdir '': an empty value (expected DIR)");
    assertRefusedBeforeAnyWork(maint(walk, "--no-commit", "--record-dir", ""),
        "--record-dir '': an empty value (expected DIR)");
    assertRefusedBeforeAnyWork(maint(walk, "--push="), "--push '': an empty value (expected REMOTE)");
    assertRefusedBeforeAnyWork(maint(walk, "--env", ""), "--env '': an empty value (expected ENV)");
    assertRefusedBeforeAnyWork(maint(walk, "--operator", ""),
        "--operator '': an empty value (expected \"NAME <MAIL>\")");
    assertRefusedBeforeAnyWork(maint(walk.subList(0, walk.size() - 2), "--log-dir", ""),
        "--log-dir '': an empty value (expected DIR)");
    assertRefusedBeforeAnyWork(maint(walk, "--set", ""), "--set '': an empty value (expected NAME=VALUE)");
    assertThat(tmp.resolve("records")).doesNotExist();
  }

  private CliHarness.Result maint(List<String> first, String... more) {
    return new CliHarness(tmp).clock(Workspace.NOV_29).run(first, more);
  }

  /** Every option of every command that takes a value, present or added later, refuses an empty one. */
  @Test
  void everyOptionValueOfEveryCommandRefusesAnEmptyValue() {
    List<List<String>> lines = new ArrayList<>();
    options(commandTree(), o -> o.arity().max() > 0, new ArrayList<>(), lines);
    assertThat(lines).as("options taking a value found").hasSizeGreaterThanOrEqualTo(40);

    for (List<String> line : lines) {
      String option = line.get(line.size() - 1);
      for (String value : List.of("", " ")) {
        List<String> args = withValue(line, value);
        CliHarness.Result r = maint(args.toArray(String[]::new));
        String shown = String.join(" ", args);
        assertThat(r.exitCode()).as(shown).isEqualTo(2);
        // The option's own converter may refuse the value first, also in one line naming the option.
        assertThat(r.err()).as(shown).startsWith("maint: " + option + " ").hasLineCount(1);
        assertThat(r.out()).as(shown).isEmpty();
      }
    }
  }

  /** The positional words each command that requires some is given, by command path. */
  private static final Map<String, List<String>> REQUIRED_WORDS = Map.of(
      "walk", List.of("monthly"), "show", List.of("monthly"), "check", List.of("tls", "example.test"),
      "completion", List.of("bash"), "import", List.of("runbook.md"), "log show", List.of("0123abcd"));

  /**
   * Adds, for each option below {@code command} that {@code which} accepts, a command line ending
   * in it (the subcommands' names, then the option's longest name).
   */
  private static void options(CommandLine command, java.util.function.Predicate<CommandLine.Model.OptionSpec> which,
      List<String> path, List<List<String>> lines) {
    for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
      if (which.test(o)) {
        List<String> line = new ArrayList<>(path);
        line.add(o.longestName());
        lines.add(line);
      }
    }
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      options(sub, which, deeper, lines);
    });
  }

  /** Adds, for each enum-typed option or positional word below {@code command}, a command line giving it "zzzz". */
  private static void enumArgs(CommandLine command, List<String> path, List<List<String>> lines) {
    for (CommandLine.Model.ArgSpec arg : command.getCommandSpec().args()) {
      if (!arg.type().isEnum()) {
        continue;
      }
      List<String> line = new ArrayList<>(path);
      if (arg instanceof CommandLine.Model.OptionSpec o) {
        line.add(o.longestName());
      }
      line.add("zzzz");
      lines.add(line);
    }
    command.getSubcommands().forEach((name, sub) -> {
      List<String> deeper = new ArrayList<>(path);
      deeper.add(name);
      enumArgs(sub, deeper, lines);
    });
  }

  @Test
  void setWithoutAnEqualsSignSaysWhatItExpects() {
    assertRefusedBeforeAnyWork(maint(walk("--set", "app_dir")), "--set app_dir: expected NAME=VALUE, e.g. --set app_dir=VALUE");
  }

  @Test
  void aRepositoryFolderThatDoesNotExistIsNamedAsSuch() {
    Path nope = tmp.resolve("nope");
    CliHarness.Result r = maint("monthly", "--non-interactive", "--runbook", runbook.toString(), "--repo", nope.toString(),
        "--log-dir", tmp.resolve("logs").toString());

    assertRefusedBeforeAnyWork(r, "--repo " + nope + ": no such directory");
    assertThat(maint("due", "--runbook", runbook.toString(), "--repo", nope.toString()).err())
        .isEqualTo("maint: --repo " + nope + ": no such directory\n");
  }

  @Test
  void verboseAndQuietExcludeEachOther() {
    assertRefusedBeforeAnyWork(maint(walk("-v", "-q")), "--verbose and --quiet exclude each other");
    assertRefusedBeforeAnyWork(maint(walk("-qv")), "--verbose and --quiet exclude each other");
    assertRefusedBeforeAnyWork(maint("check", "tls", "127.0.0.1:9", "-v", "-q"), "--verbose and --quiet exclude each other");
  }

  @Test
  void resumeAndRestartExcludeEachOtherWhileParsing() throws IOException {
    Path state = tmp.resolve("state");
    CliHarness.Result r = new CliHarness(tmp).clock(Workspace.NOV_29).env("MAINT_STATE_DIR", state.toString())
        .run(walk("--resume", "--restart"));

    assertRefusedBeforeAnyWork(r, "--resume and --restart exclude each other");
    assertThat(state).doesNotExist();
  }

  @Test
  void resumeAndRestartExcludeEachOtherForEmergencyAndRollbackToo() {
    for (String command : List.of("emergency", "rollback")) {
      CliHarness.Result r = maint(command, "anything", "--non-interactive", "--runbook", runbook.toString(),
          "--log-dir", tmp.resolve("logs").toString(), "--restart", "--resume");

      assertRefusedBeforeAnyWork(r, "--resume and --restart exclude each other");
    }
  }

  @Test
  void aMistypedCommandOrOptionGetsADidYouMean() {
    CliHarness.Result command = maint("montly");
    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.err()).startsWith("maint: unknown command 'montly' (did you mean monthly?)\n");

    CliHarness.Result option = maint(walk("--non-interactiv"));
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).startsWith("maint: unknown option '--non-interactiv' (did you mean --non-interactive?)\n");
  }

  @Test
  void noSessionIsLeftBehindByARefusedLine() throws IOException {
    Path state = tmp.resolve("state");
    new CliHarness(tmp).env("MAINT_STATE_DIR", state.toString()).run(walk("--resolve", "a:b:c"));

    Path sessions = state.resolve("sessions");
    if (Files.isDirectory(sessions)) {
      try (var files = Files.list(sessions)) {
        assertThat(files).isEmpty();
      }
    }
  }

  /** maint's whole command tree, as picocli builds it, with nowhere to write. */
  private CommandLine commandTree() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return Cli.commandLine(new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(), tmp,
        Optional.empty(), false, false));
  }

  /**
   * The command line {@code line} (command words, then an option) with {@code value} for the
   * option, then the words its command needs ({@link #REQUIRED_WORDS}), else that is what is missing.
   */
  private static List<String> withValue(List<String> line, String value) {
    List<String> args = new ArrayList<>(line);
    args.add(value);
    args.addAll(REQUIRED_WORDS.getOrDefault(String.join(" ", line.subList(0, line.size() - 1)), List.of()));
    return args;
  }

  @Test
  void anEscapeSequenceTypedInAUsageErrorIsShownEscaped() {
    // picocli's and maint's messages quote what was typed: the terminal must show it, not act on it.
    assertRefusedBeforeAnyWork(maint(walk("--format", "\u001b[2J")), "--format \\u001b[2J: expected text or json");
    assertRefusedBeforeAnyWork(maint(walk("--set", "gree\u001b[31mting=x")),
        "--set: expected NAME=VALUE, and 'gree\\u001b[31mting' is not a variable name");
    assertRefusedBeforeAnyWork(maint(walk("--resolve", "a.test:1:\u202e\u001b]0;x\u0007")),
        "--resolve a.test:1:<U+202E>\\u001b]0;x\\u0007: '<U+202E>\\u001b]0;x\\u0007' is not an IP address");
    CliHarness.Result command = maint("li\u001b[2Jst");
    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.err()).startsWith("maint: unknown command 'li\\u001b[2Jst'").doesNotContain("\u001b");
  }

  @Test
  void anEscapeSequenceInACadenceOrEnvironmentIsShownNotDropped() {
    // Dropped, 'mon<ESC>[2Jthly' read as "no cadence 'monthly'" next to a list that has monthly.
    CliHarness.Result show = maint("show", "mon\u001b[2Jthly");
    assertThat(show.exitCode()).isEqualTo(2);
    assertThat(show.err()).startsWith("maint: no cadence 'mon\\u001b[2Jthly' (have: ").hasLineCount(1)
        .doesNotContain("\u001b");
    CliHarness.Result env = maint(walk("--env", "\u202estaging\u001b[2J"));
    assertThat(env.exitCode()).isEqualTo(2);
    assertThat(env.err()).startsWith("maint: unknown environment '<U+202E>staging\\u001b[2J'").hasLineCount(1)
        .doesNotContain("\u001b", "\u202e");
  }

  @Test
  void aReportInAFolderNoFileCanBeMadeInIsRefusedBeforeTheWalk() {
    // Files.isWritable says yes to root for /proc: the report failed only after every step had run.
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/proc/version")));
    assertRefusedBeforeAnyWork(maint(walk("--report", "junit=/proc/version")),
        "cannot write report /proc/version: /proc is not writable (no file can be made there)");
  }
}
