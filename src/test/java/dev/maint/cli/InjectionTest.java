package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17, 1: no value changes a command's structure. Every injection vector the fault-injection
 * run found, through each way a value reaches a command ({@code --set}, {@code --set} with
 * {@code ${env:...}}, a secret variable, an environment's value per {@code --env}), runs in a
 * local step (bare and inside double quotes), a quick-reference command and a {@code host:} step
 * over a stand-in {@code ssh} that runs its argument through {@code sh} as sshd does. The marker
 * file is never created, and each command saw the value verbatim.
 */
class InjectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] CHANNELS = {"via_set", "via_env", "via_secret", "via_environment"};

  @TempDir Path tmp;
  Path repo;
  Path work;
  Path bin;
  Path marker;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    Git.initWithCommit(repo);
    work = Files.createDirectories(tmp.resolve("work"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    marker = tmp.resolve("PWNED");
    // sshd runs the command line it was sent with the user's shell: "$SHELL -c 'joined arguments'".
    Path ssh = bin.resolve("ssh");
    Files.writeString(ssh, String.join("\n",
        "#!/bin/sh",
        "while [ $# -gt 0 ]; do",
        "  case \"$1\" in -o) shift 2 ;; --) shift; break ;; -*) shift ;; *) break ;; esac",
        "done",
        "shift",
        "cd / && exec sh -c \"$*\"",
        ""));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static Stream<Arguments> vectors() {
    String m = "@MARK@";
    return Stream.of(
        Arguments.of("semicolon", "x; touch " + m),
        Arguments.of("command substitution", "$(touch " + m + ")"),
        Arguments.of("backquotes", "`touch " + m + "`"),
        Arguments.of("and", "x && touch " + m),
        Arguments.of("pipe", "x | touch " + m),
        Arguments.of("single quote breaking out", "x' ; touch " + m + " ; echo '"),
        Arguments.of("double quote breaking out", "x\" ; touch " + m + " ; echo \""),
        Arguments.of("new line", "x\ntouch " + m),
        Arguments.of("redirection", "/etc/hostname > " + m));
  }

  /** A runbook with one variable per channel, and for each a bare, a double-quoted and an ssh step. */
  private Path runbook(String environmentValue) throws IOException {
    List<String> lines = new ArrayList<>(List.of(
        "runbook: injection",
        "title: Injection",
        "version: \"1\"",
        "environments: [prod]",
        "default_environment: prod",
        "variables:",
        "  via_set: {default: unset}",
        "  via_env: {default: unset}",
        "  via_secret: {secret: true, default: \"${env:INJ_SECRET}\"}",
        "  via_environment: {environments: {prod: " + JSON.writeValueAsString(environmentValue) + "}}",
        "log:",
        "  file: maintenance/log.md",
        "  columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]",
        "quick_reference:",
        "  - name: show",
        "    command: printf '%s' ${via_set} > " + work.resolve("quick") + "",
        "cadences:",
        "  - id: continuous",
        "    title: Continuous",
        "    branch: maintenance/{week-year}-W{week}",
        "    sections:",
        "      - id: s",
        "        title: Steps",
        "        steps:"));
    for (String c : CHANNELS) {
      lines.addAll(List.of(
          "          - {id: " + c + "-bare, title: bare, run: \"printf '%s' ${" + c + "} | cat > "
              + work.resolve(c + "-bare") + "\"}",
          "          - {id: " + c + "-quoted, title: quoted, run: \"printf '%s' \\\"<${" + c + "}>\\\" > "
              + work.resolve(c + "-quoted") + "\"}",
          "          - {id: " + c + "-ssh, title: ssh, host: test-host, workdir: " + work + ", run: \"printf '%s' ${"
              + c + "} > " + c + "-ssh\"}"));
    }
    Path file = tmp.resolve("injection.yaml");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private CliHarness maint(String value) {
    return new CliHarness(tmp)
        .env("PATH", bin + ":" + System.getenv("PATH"))
        .env("INJ", value)
        .env("INJ_SECRET", value)
        .env("MAINT_STATE_DIR", tmp.resolve("state").toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void aValueIsDataInEveryStepWhateverItHolds(String vector, String template) throws IOException {
    String value = template.replace("@MARK@", marker.toString());
    Path runbook = runbook(value);

    CliHarness.Result r = maint(value).run("walk", "continuous", "--non-interactive", "--no-commit", "--env", "prod",
        "--runbook", runbook.toString(), "--repo", repo.toString(), "--operator", "Op <op@example.test>",
        "--workdir", work.toString(), "--set", "via_set=" + value, "--set", "via_env=${env:INJ}");
    CliHarness.Result quick = maint(value).run("run", "show", "--env", "prod", "--runbook", runbook.toString(),
        "--workdir", work.toString(), "--set", "via_set=" + value);

    assertThat(marker).as(vector).doesNotExist();
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(quick.exitCode()).as(quick.out() + quick.err()).isZero();
    for (String c : CHANNELS) {
      assertThat(Files.readString(work.resolve(c + "-bare"), StandardCharsets.UTF_8)).as(c).isEqualTo(value);
      assertThat(Files.readString(work.resolve(c + "-quoted"), StandardCharsets.UTF_8)).as(c).isEqualTo("<" + value + ">");
      assertThat(Files.readString(work.resolve(c + "-ssh"), StandardCharsets.UTF_8)).as(c).isEqualTo(value);
    }
    assertThat(Files.readString(work.resolve("quick"), StandardCharsets.UTF_8)).isEqualTo(value);
  }

  /** Issue A: the shown command is the command as it runs, each value shell-quoted in place. */
  @Test
  void theShownCommandQuotesEachValueSoPastingItRunsTheSameThing() throws Exception {
    String value = "x'; touch " + marker + " ; echo \"$(id)\"";
    Path runbook = runbook("plain");

    CliHarness.Result r = maint("s3cret").run("walk", "continuous", "--non-interactive", "--no-commit", "--env", "prod",
        "--runbook", runbook.toString(), "--repo", repo.toString(), "--operator", "Op <op@example.test>",
        "--workdir", work.toString(), "--set", "via_set=" + value);

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    String quoted = "'x'\\''; touch " + marker + " ; echo \"$(id)\"'";
    assertThat(r.out()).contains("$ printf '%s' " + quoted + " | cat > " + work.resolve("via_set-bare"));
    // Inside the author's double quotes the value keeps them, with \ $ ` " escaped.
    String inDouble = "x'; touch " + marker + " ; echo \\\"\\$(id)\\\"";
    assertThat(r.out()).contains("$ printf '%s' \"<" + inDouble + ">\" > " + work.resolve("via_set-quoted"));
    assertThat(r.out()).contains("$ printf '%s' '***' | cat > " + work.resolve("via_secret-bare"));
    assertThat(r.out()).doesNotContain("s3cret");
    for (String step : List.of("via_set-bare", "via_set-quoted")) {
      String shown = r.out().lines().map(String::strip).filter(l -> l.startsWith("$ ") && l.endsWith(step))
          .findFirst().orElseThrow().substring(2);
      Files.delete(work.resolve(step));
      Process sh = new ProcessBuilder("sh", "-c", shown).inheritIO().start();
      assertThat(sh.waitFor()).isZero();
      assertThat(Files.readString(work.resolve(step), StandardCharsets.UTF_8)).as(step)
          .isEqualTo(step.endsWith("bare") ? value : "<" + value + ">");
    }
    assertThat(marker).doesNotExist();
  }

  /**
   * Issue A: a new line or control character in a value keeps the step header and the {@code $}
   * line one line each; the {@code $} line builds such a value with printf, so it still pastes.
   */
  @Test
  void aNewLineInAValueDoesNotBreakTheShownLines() throws Exception {
    Path runbook = runbook("plain");
    Files.writeString(runbook, Files.readString(runbook).replace("title: bare,", "title: \"bare ${via_set}\","));

    CliHarness.Result r = maint("s3cret-value").run("walk", "continuous", "--non-interactive", "--no-commit", "--env", "prod",
        "--runbook", runbook.toString(), "--repo", repo.toString(), "--operator", "Op <op@example.test>",
        "--workdir", work.toString(), "--set", "via_set=a\nb\u001bc");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    String shown = "MAINT_VALUE_1=$(printf 'a\\nb\\033c'); printf '%s' \"${MAINT_VALUE_1}\" | cat > "
        + work.resolve("via_set-bare");
    assertThat(r.out()).contains("$ " + shown);
    assertThat(r.out()).contains("bare a\\nb\\u001bc");
    assertThat(r.out()).doesNotContain("\nb");
    Files.delete(work.resolve("via_set-bare"));
    assertThat(new ProcessBuilder("sh", "-c", shown).inheritIO().start().waitFor()).isZero();
    assertThat(Files.readString(work.resolve("via_set-bare"), StandardCharsets.UTF_8)).isEqualTo("a\nb\u001bc");
  }

  @Test
  void theShippedRunbookKeepsEveryValueOneWord() {
    CliHarness.Result r = maint("v").run("validate", Path.of("runbooks/forma3d-connect.yaml").toAbsolutePath().toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void aReadonlyStepInADryRunCannotBeMadeToWriteByAValue() throws IOException {
    Path runbook = runbook("v");
    Files.writeString(runbook, Files.readString(runbook).replace(
        "          - {id: via_set-bare", "          - {id: look, title: look, readonly: true, run: \"cat ${via_set}\"}\n"
            + "          - {id: via_set-bare"));
    Path out = work.resolve("out");

    CliHarness.Result r = maint("v").run("walk", "continuous", "--dry-run", "--no-commit", "--env", "prod",
        "--runbook", runbook.toString(), "--repo", repo.toString(), "--operator", "Op <op@example.test>",
        "--workdir", work.toString(), "--set", "via_set=/etc/hostname > " + out);

    assertThat(r.out()).containsPattern("look\\s+fail\\s+exit code 1");
    assertThat(out).doesNotExist();
  }

  @Test
  void aReferenceInsideSingleQuotesIsARunbookErrorNamingItsSpot() throws IOException {
    Path runbook = runbook("v");
    Files.writeString(runbook, Files.readString(runbook).replace(
        "run: \"printf '%s' ${via_set} | cat", "run: \"printf '%s' '${via_set}' | cat"));

    CliHarness.Result r = maint("v").run("validate", runbook.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    int line = lineOf(runbook, "'${via_set}'");
    int column = Files.readAllLines(runbook).get(line - 1).indexOf("${via_set}") + 1;
    assertThat(r.err().strip()).isEqualTo(runbook + ":" + line + ":" + column
        + ": ${via_set} is inside single quotes, where its value cannot stay one word of data;"
        + " place it outside single quotes (\"...${via_set}...\" or bare)");
  }

  @Test
  void aReferenceInAHereDocumentIsARunbookErrorNamingItsLine() throws IOException {
    Path runbook = runbook("v");
    Files.writeString(runbook, Files.readString(runbook).replace(
        "          - {id: via_set-bare", String.join("\n",
            "          - id: heredoc",
            "            title: here-document",
            "            run: |",
            "              cat <<EOF",
            "              target=${via_set}",
            "              EOF",
            "          - {id: via_set-bare")));

    CliHarness.Result r = maint("v").run("validate", runbook.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    int line = lineOf(runbook, "target=${via_set}");
    assertThat(r.err()).startsWith(runbook + ":" + line + ":22: ${via_set} is in a here-document");
  }

  private static int lineOf(Path file, String text) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + file);
  }
}
