package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a reference sits in a command decides how it is passed, or whether it is refused. */
class ShellTemplateTest {
  private static final String VALUE = "a b; $(echo no) `echo no` 'q' \"d\" *\nline";

  /** Runs the prepared command with {@code sh -c}, its values in the environment, and returns its output. */
  private static String run(String command) throws IOException, InterruptedException {
    ShellTemplate.Prepared p = ShellTemplate.prepare(command, r -> r.name().equals("v") ? VALUE : "other");
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", p.command());
    pb.environment().putAll(p.values());
    pb.redirectErrorStream(true);
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out;
  }

  @Test
  void aBareReferenceIsOneWord() throws Exception {
    assertThat(run("printf '[%s]' ${v}")).isEqualTo("[" + VALUE + "]");
  }

  @Test
  void aReferenceInsideDoubleQuotesKeepsTheTextAroundIt() throws Exception {
    assertThat(run("printf '%s' \"<${v}>_x\"")).isEqualTo("<" + VALUE + ">_x");
  }

  @Test
  void aReferenceInACommandSubstitutionInsideDoubleQuotesIsOneWord() throws Exception {
    assertThat(run("printf '%s' \"$(printf '[%s]' ${v})\"")).isEqualTo("[" + VALUE + "]");
  }

  @Test
  void aReferenceInBackquotesIsOneWord() throws Exception {
    assertThat(run("printf '%s' `printf '[%s]' ${v}`x")).startsWith("[a");
  }

  @Test
  void theEscapeStaysTheShellsOwnParameterAndTheValueIsNeverOnTheCommandText() throws Exception {
    ShellTemplate.Prepared p = ShellTemplate.prepare("echo $${HOME} ${v} '$${x}' ${w} ${v}", r -> "secret-" + r.name());

    assertThat(p.command()).isEqualTo("echo ${HOME} \"${MAINT_VALUE_1}\" '${x}' \"${MAINT_VALUE_2}\" \"${MAINT_VALUE_1}\"");
    assertThat(p.values()).isEqualTo(Map.of("MAINT_VALUE_1", "secret-v", "MAINT_VALUE_2", "secret-w"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "echo '${v}'|6|inside single quotes",
      "echo 'a' \"b\" 'c ${v} d'|16|inside single quotes",
      "echo \\${v}|6|right after a backslash",
      "echo $(( ${v} + 1 ))|9|inside arithmetic",
      "echo \"`echo ${v}`\"|12|inside backquotes within double quotes",
      "echo $${foo:-\"${x}\"} ${y}|13|escape holds \", which maint cannot follow",
      "echo $${foo:-'a b'} ${y}|13|escape holds ', which maint cannot follow",
      "echo $${foo:-`id`} ${y}|13|escape holds `, which maint cannot follow",
      "echo $${foo:-$HOME} ${y}|13|escape holds $, which maint cannot follow",
      "echo $${foo:-\\} ${y}|13|escape holds \\, which maint cannot follow",
  })
  void aReferenceThatCannotStayOneWordIsRefusedAtItsOffset(String command, int offset, String why) {
    assertThat(ShellTemplate.problem(command)).hasValueSatisfying(p -> {
      assertThat(p.offset()).isEqualTo(offset);
      assertThat(p.message()).contains(why);
    });
  }

  /**
   * The shell's own ${...}, escaped as $${...}, is copied up to its first '}' without being read: one
   * holding a quote or another expansion is refused (rows above), or the scanner would be out of
   * step with the shell and a reference after it run unquoted. A plain default, or an escape never
   * closed (the shell's own syntax error), is not maint's to refuse.
   */
  @Test
  void anEscapeOfPlainTextOrNeverClosedIsLeftToTheShell() {
    assertThat(ShellTemplate.problem("echo $${foo:-plain-default_1.2} ${y}")).isEmpty();
    assertThat(ShellTemplate.problem("echo $${${'\"")).isEmpty();
  }

  @Test
  void aReferenceInAHereDocumentIsRefusedButNotAfterItsEnd() {
    assertThat(ShellTemplate.problem(String.join("\n", "cat <<-'EOF' > out", "\tx=${v}", "\tEOF", "echo ${v}")))
        .hasValueSatisfying(p -> assertThat(p.message()).contains("in a here-document"));
    assertThat(ShellTemplate.problem(String.join("\n", "cat <<EOF", "x", "EOF", "echo ${v}"))).isEmpty();
  }

  @Test
  void commentsAndQuotedHashesDoNotHideReferences() {
    assertThat(ShellTemplate.problem("echo a#'${v}' # '${v}'")).isPresent();
    assertThat(ShellTemplate.problem("echo ${v} # it's '${v}'")).isEmpty();
    assertThat(List.of(ShellTemplate.prepare("echo ${v} # ${v}", r -> "x").command()))
        .containsExactly("echo \"${MAINT_VALUE_1}\" # ${v}");
  }

  @Test
  void aReferenceInAnsiCQuotesIsRefusedEvenAfterAnEscapedQuote() {
    assertThat(ShellTemplate.problem("echo $'a ${v}'")).get().extracting(ShellTemplate.Problem::offset).isEqualTo(9);
    // bash reads $'it\'s ${v}' as one string: the escaped quote does not end it.
    assertThat(ShellTemplate.problem("echo $'it\\'s ${v}'")).get().extracting(ShellTemplate.Problem::message)
        .asString().startsWith("${v} is inside $'...'");
    assertThat(ShellTemplate.problem("echo $'it\\'s' ${v}")).isEmpty();
  }

  @Test
  void eachPlacementNamesItsSpotItsQuotingAndItsBackquotes() {
    ShellTemplate.Prepared p = ShellTemplate.prepare(
        "a ${v} \"${v}\" `b ${w} \"${w}\"` `c \\`d ${v}\\``", r -> "x");

    assertThat(p.placements()).extracting(ShellTemplate.Placement::inDoubleQuotes, ShellTemplate.Placement::backquotes,
        ShellTemplate.Placement::known).containsExactly(
            tuple(false, 0, true), tuple(true, 0, true),
            tuple(false, 1, true), tuple(true, 1, true),
            tuple(false, 1, false));
    for (ShellTemplate.Placement place : p.placements()) {
      assertThat(p.command().substring(place.start(), place.end())).contains("${" + place.variable() + "}");
    }
  }
}
