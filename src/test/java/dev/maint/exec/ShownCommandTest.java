package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.ShellTemplate;
import dev.maint.runbook.Variables;
import dev.maint.text.OneLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code $} line is the command as it runs: for hostile values in every shell context a
 * reference can sit in, the line as shown (escaped onto one line, as the walk and {@code maint run}
 * show it), run with {@code sh -c} and with {@code bash -c}, prints what the real run prints.
 */
class ShownCommandTest {
  private static final List<String> SHELLS = List.of("sh", "bash");

  /** Each context a reference can sit in; each prints what it got, bracketed. */
  private static final List<String> CONTEXTS = List.of(
      "printf '[%s]' ${v}",
      "printf '[%s]' \"<${v}>\"",
      "printf '[%s]' x${v}y\"${v}\"",
      "printf '[%s]' \"$(printf '%s' ${v})\"",
      "printf '[%s]' \"$(printf '%s' \"<${v}>\")\"",
      "x=$(printf '%s' ${v}); printf '[%s]' \"$x\"",
      "x=`printf '%s' ${v}`; printf '[%s]' \"$x\"",
      "x=`printf '%s' \"<${v}>\"`; printf '[%s]' \"$x\"",
      "x=`printf '%s' \"$(printf '%s' ${v})\"`; printf '[%s]' \"$x\"",
      "x=`printf '%s' $(printf '%s' \"<${v}>\")`; printf '[%s]' \"$x\"",
      "x=`y=\\`printf '%s' ${v}\\`; printf '%s' \"$y\"`; printf '[%s]' \"$x\"",
      "printf '[%s]' \"`printf '%s' \"$(printf '%s' ${v})\"`\"",
      "printf '[%s]' $(printf '%s' ${v} | od -An -tx1)",
      "case ${v} in *) printf '[%s]' \"${v}\" ;; esac",
      "printf '[%s]' ${w} \"${v}\" ${w}",
      "printf '[%s]' $${HOME+set} '$${v}' ${v}");

  /** Values that break a line quoted for the wrong context. */
  private static final List<String> HOSTILE = List.of(
      "plain", "", "`id`", "a`b", "$(id)", "$(touch PWNED)", "'", "x'; touch PWNED; echo '", "\"", "a\"b'c",
      "\\", "a\\\\b\\", "\\`", "\\$x", "a\nb", "a\n", "\n\n", "tab\there", "x; touch PWNED", "*", "a b  c",
      "é漢字😀", "\u202Eevil\u202C", "a\u200Bb", "\u001b[31mred", "!", "a!b", "!!", "$HOME", "${MAINT_VALUE_2}",
      "%s%d", "-n", "--", "}", "a)b", "#x", "~", "'\\''", "\"$(id)\"", "`\\`id\\``", "\r", "-n\tx", "%b\n");

  @TempDir Path tmp;
  Path work;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    // Files for a glob to find, were a value ever read as a pattern.
    Files.writeString(work.resolve("a"), "");
    Files.writeString(work.resolve("b"), "");
  }

  /** A runbook declaring {@code v}, {@code w} and the secret {@code s}. */
  private static Variables variables(String v, String w, String s) {
    String yaml = String.join("\n",
        "runbook: shown",
        "title: Shown",
        "version: \"1\"",
        "environments: [prod]",
        "default_environment: prod",
        "variables:",
        "  v: {default: unset}",
        "  w: {default: unset}",
        "  s: {secret: true, default: unset}",
        "log:",
        "  file: maintenance/log.md",
        "  columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]",
        "cadences:",
        "  - id: continuous",
        "    title: Continuous",
        "    branch: maintenance/{week-year}-W{week}",
        "    sections:",
        "      - id: s",
        "        title: Steps",
        "        steps:",
        "          - {id: one, title: one, run: \"true\"}",
        "");
    return new Variables(RunbookLoader.parse("shown.yaml", yaml.getBytes(StandardCharsets.UTF_8)), "prod",
        Map.of("v", v, "w", w, "s", s), Map.of());
  }

  /** What a shell prints (output and errors) for a command, run in the work folder. */
  private String run(String shell, String command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", command).directory(work.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process process = pb.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return "exit " + process.waitFor() + ": " + out;
  }

  /** The real run (the prepared command, its values in the environment) and the shown line, run alike. */
  private void assertShownRunsAsReal(String template, String v, String w) throws Exception {
    Variables variables = variables(v, w, "unused-secret");
    ShellTemplate.Prepared prepared = ShellTemplate.prepare(template, variables::resolve);
    String shown = OneLine.escape(ShownCommand.of(template, variables));
    assertThat(shown).as("one line").doesNotContain("\n", "\r");
    for (String shell : SHELLS) {
      String real = run(shell, prepared.command(), prepared.values());
      assertThat(real).as("%s real run of %s with %s", shell, template, v).startsWith("exit 0: [");
      assertThat(run(shell, shown, Map.of())).as("%s -c %s  (from %s, v=%s, w=%s)", shell, shown, template, v, w)
          .isEqualTo(real);
    }
    assertThat(work.resolve("PWNED")).doesNotExist();
  }

  @Test
  void everyHostileValueInEveryContextRunsAsShown() throws Exception {
    for (String context : CONTEXTS) {
      for (String value : HOSTILE) {
        assertShownRunsAsReal(context, value, "w" + value);
      }
    }
  }

  /** Property: random strings over the characters that matter to a shell, in every context. */
  @Test
  void generatedValuesRunAsShown() throws Exception {
    String alphabet = "`$(){}'\"\\;&|<>*?[]!#~%= \t\nab-_/é\u202E";
    Random random = new Random(20261206L);
    for (int round = 0; round < 12; round++) {
      String value = generated(random, alphabet);
      String other = generated(random, alphabet);
      for (String context : CONTEXTS) {
        assertShownRunsAsReal(context, value, other);
      }
    }
  }

  private static String generated(Random random, String alphabet) {
    StringBuilder b = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void aValueIsQuotedInPlaceWhereThatIsFaithful() {
    Variables variables = variables("x'; touch PWNED", "a\"b$c`d!", "unused-secret");

    assertThat(ShownCommand.of("echo ${v}", variables)).isEqualTo("echo 'x'\\''; touch PWNED'");
    assertThat(ShownCommand.of("echo \"<${v}>\"", variables)).isEqualTo("echo \"<x'; touch PWNED>\"");
    // In backquotes, \ $ ` are escaped once more: the substitution reads its text once before parsing.
    assertThat(ShownCommand.of("x=`echo ${v}`", variables)).isEqualTo("x=`echo 'x'\\\\''; touch PWNED'`");
    assertThat(ShownCommand.of("x=`echo \"${v}\"`", variables("a$b`c", "", "unused-secret")))
        .isEqualTo("x=`echo \"a\\\\\\$b\\\\\\`c\"`");
    // A ! inside double quotes closes them: an interactive bash expands it even there.
    assertThat(ShownCommand.of("echo \"<${w}>\"", variables)).isEqualTo("echo \"<\"'a\"b$c`d!'\">\"");
  }

  @Test
  void aValueTheLineCannotShowIsAssignedInFrontBuiltByPrintf() {
    Variables variables = variables("a\nb\u202E'%\\", "end\n", "unused-secret");

    assertThat(ShownCommand.of("echo ${v} \"${w}\"", variables)).isEqualTo(
        "MAINT_VALUE_1=$(printf 'a\\nb\\342\\200\\256'\\''%%\\\\'); "
            + "MAINT_VALUE_2=$(printf 'end\\n_'); MAINT_VALUE_2=${MAINT_VALUE_2%_}; "
            + "echo \"${MAINT_VALUE_1}\" \"${MAINT_VALUE_2}\"");
  }

  @Test
  void aReferenceInNestedBackquotesIsAssignedInFront() {
    Variables variables = variables("v", "w", "unused-secret");

    assertThat(ShownCommand.of("x=`y=\\`echo ${v}\\``; echo ${w}", variables))
        .isEqualTo("MAINT_VALUE_1='v'; x=`y=\\`echo \"${MAINT_VALUE_1}\"\\``; echo 'w'");
  }

  @Test
  void aSecretShowsAsStarsAndTheLineSaysItDoesNotRunAsShown() throws Exception {
    String secret = "s3cret`$(id)'\"";
    Variables variables = variables("pre-" + secret + "-post", "w", secret);

    String shown = OneLine.escape(ShownCommand.of("printf '[%s]' ${s} \"${s}\" ${v} \"${w}\"", variables));

    assertThat(shown).doesNotContain("s3cret")
        .isEqualTo("printf '[%s]' '***' \"***\" 'pre-***-post' \"w\"" + ShownCommand.MASKED_NOTE);
    for (String shell : SHELLS) {
      assertThat(run(shell, shown, Map.of())).isEqualTo("exit 0: [***][***][pre-***-post][w]");
    }
  }

  @Test
  void aSecretAssignedInFrontStaysMasked() {
    Variables variables = variables("v", "w", "line one\nline two");

    assertThat(ShownCommand.of("x=`y=\\`echo ${s}\\``; echo \"${v}\"", variables))
        .isEqualTo("MAINT_VALUE_1='***'; x=`y=\\`echo \"${MAINT_VALUE_1}\"\\``; echo \"v\"" + ShownCommand.MASKED_NOTE);
    assertThat(ShownCommand.of("echo ${v}", variables)).isEqualTo("echo 'v'");
  }
}
