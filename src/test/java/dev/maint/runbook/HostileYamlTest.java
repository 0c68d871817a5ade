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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile YAML: aliases that stand for far more text than the file holds, texts that made the
 * checks take time in the square of their length, and what snakeyaml refuses without a position
 * of its own (nesting, aliases, a character YAML forbids, bytes that are not UTF-8). Each is one
 * line {@code FILE:LINE:COLUMN: message} at the offending place, exit code 2, nothing on standard
 * output.
 */
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
  /** Lines in {@link #HEAD}: the first step is on the next line. */
  private static final int HEAD_LINES = 9;

  @TempDir Path tmp;

  private CliHarness.Result run(byte[] runbook, String... args) throws IOException {
    Files.write(tmp.resolve("hostile.yaml"), runbook);
    return new CliHarness(tmp).run(args);
  }

  private CliHarness.Result validate(String runbook) throws IOException {
    return run(runbook.getBytes(java.nio.charset.StandardCharsets.UTF_8), "validate", "hostile.yaml");
  }

  private static void assertRefused(CliHarness.Result r, String line) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(line + "\n");
  }

  /**
   * The reviewer's file: a 16 000-character scalar anchored once and aliased from every step, 200 KB
   * that stood for 64 MB of titles and details, which show printed and every check went through.
   */
  private static String scalarAliasBomb() {
    StringBuilder yaml = new StringBuilder(HEAD)
        .append("          - {id: s0, title: t, details: &a ").append("x ".repeat(7999)).append("x}\n");
    for (int i = 1; yaml.length() < 207_000; i++) {
      yaml.append("          - {id: s").append(i).append(", title: *a, details: *a}\n");
    }
    return yaml.toString();
  }

  @Test
  void aliasesOfAScalarAreBoundedByWhatTheyStandFor() throws IOException {
    String bomb = scalarAliasBomb();
    // Each alias stands for 16 000 characters: the 66th of them (step 33's details) passes 1 MiB.
    int column = "          - {id: s33, title: *a, details: ".length() + 1;
    String refused = "hostile.yaml:" + (HEAD_LINES + 1 + 33) + ":" + column + ": aliases repeat more than 1048576 characters in all"
        + " (*a stands for 16000 each time)";

    assertRefused(validate(bomb), refused);
    CliHarness.Result show = new CliHarness(tmp).run("show", "monthly", "--runbook", "hostile.yaml");
    assertRefused(show, refused);
  }

  @Test
  void aFewAliasesStillLoad() throws IOException {
    String runbook = HEAD + """
                  - id: a
                    title: &title Check the disk
                    run: &df df -h
                    env: &env {LC_ALL: C}
                  - {id: b, title: *title, run: *df, env: *env}
                  - {id: c, title: *title, run: *df, env: *env}
        """;

    CliHarness.Result r = validate(runbook);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("hostile.yaml: valid (1 cadence, 3 cadence steps, 0 emergency procedures, 0 rollbacks)\n");
  }

  @Test
  void moreThanFiftyAliasesOfListsAreRefusedAtTheFirstOneTooMany() throws IOException {
    StringBuilder yaml = new StringBuilder(HEAD).append("          - {id: s0, title: t, run: x, expect_exit: &l [0]}\n");
    for (int i = 1; i <= 51; i++) {
      yaml.append("          - {id: s").append(i).append(", title: t, run: x, expect_exit: *l}\n");
    }
    int column = "          - {id: s51, title: t, run: x, expect_exit: ".length() + 1;

    assertRefused(validate(yaml.toString()),
        "hostile.yaml:" + (HEAD_LINES + 1 + 51) + ":" + column + ": more than 50 aliases of lists and mappings");
  }

  @Test
  void nestingTooDeepIsRefusedAtTheListThatGoesTooFar() throws IOException {
    // The runbook's mapping is the first level and details' first '[' the second: the 40th '[' is the 41st level.
    String runbook = "runbook: r\ndetails: " + "[".repeat(45) + "]".repeat(45) + "\n";

    assertRefused(validate(runbook), "hostile.yaml:2:" + ("details: ".length() + 40) + ": lists and mappings are nested"
        + " more than 40 deep");
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0000", "0001", "0007", "001B", "007F", "FFFE"})
  void aCharacterYamlForbidsIsRefusedWhereItIs(String hex) throws IOException {
    int c = Integer.parseInt(hex, 16);
    // Far into the file, after characters outside the BMP: the position is counted in characters.
    String runbook = HEAD + "          # \uD83D\uDE00 padding\n".repeat(200) + "          - id: a\n            title: \uD83D\uDE00b"
        + Character.toString(c) + "c\n";

    assertRefused(validate(runbook), "hostile.yaml:" + (HEAD_LINES + 200 + 2) + ":22: invalid YAML: character U+" + hex
        + " is not allowed in a runbook");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"c3, C3", "ff, FF", "eda080, ED", "c0af, C0", "f4908080, F4"}) // cut short, never UTF-8, a surrogate, overlong '/', past U+10FFFF
  void bytesThatAreNotUtf8AreRefusedAtTheFirstBadOne(String hex, String first) throws IOException {
    byte[] bad = java.util.HexFormat.of().parseHex(hex);
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    file.writeBytes("runbook: r\ntitle: \u00e9t\u00e9 ".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    file.writeBytes(bad);
    file.writeBytes(" \uFFFD\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertRefused(run(file.toByteArray(), "validate", "hostile.yaml"),
        "hostile.yaml:2:12: invalid UTF-8 byte 0x" + first + " (a runbook must be UTF-8)");
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

  @Test
  void aLineBreakOrControlCharacterQuotedInAnErrorIsShownEscaped() throws IOException {
    // A double-quoted key may hold any character as an escape; the error quotes the key.
    CliHarness.Result r = validate("runbook: r\n\"col\\nour\\e[31m\": 1\n");

    assertRefused(r, "hostile.yaml:2:1: unknown key 'col\\nour\\u001b[31m' (allowed: cadence_choice, cadences, calendar,"
        + " default_environment, emergencies, environments, log, quick_reference, revisions, rollbacks, runbook, timezone,"
        + " title, variables, version, windows)");
  }
}
