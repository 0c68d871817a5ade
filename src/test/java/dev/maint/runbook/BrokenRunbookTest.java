package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken runbooks give one line FILE:LINE:COLUMN: message (nothing before it, as compilers print
 * it), exit code 2, and no stack trace.
 */
class BrokenRunbookTest {
  private static final String HEAD = """
      runbook: broken
      variables:
        host: example.test
      cadences:
        - id: monthly
          sections:
            - id: "1"
              title: One
              steps:
      """;

  @TempDir Path tmp;

  private CliHarness.Result validate(String yaml) throws IOException {
    Path file = tmp.resolve("broken.yaml");
    Files.writeString(file, yaml);
    return new CliHarness(tmp).run("validate", "broken.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bad indentation   | '          - id: a\\n            title: A\\n           run: x\\n'                 | 12:12 | invalid YAML
      unknown key       | '          - id: a\\n            title: A\\n            colour: red\\n'           | 12:13 | unknown key 'colour'
      wrong type        | '          - id: a\\n            title: A\\n            run: x\\n            timeout: soon\\n' | 13:22 | 'timeout' must be a whole number, got 'soon'
      duplicate id      | '          - id: a\\n            title: A\\n          - id: a\\n            title: B\\n' | 12:17 | duplicate step id 'a' (first at broken.yaml:10:17)
      undefined variable| '          - id: a\\n            title: A\\n            run: ping ${hots}\\n'     | 12:23 | undefined variable 'hots'
      missing field     | '          - id: a\\n            run: x\\n'                                       | 10:13 | missing required key 'title'
      run key on manual | '          - id: a\\n            title: A\\n            expect_exit: [0]\\n'     | 12:13 | 'expect_exit' is only valid on a run step
      two kinds         | '          - id: a\\n            title: A\\n            run: x\\n            cert: {path: p}\\n' | 13:13 | a step has at most one of run, http, tls, cert
      bad status range  | '          - id: a\\n            title: A\\n            http: {url: u, status: [2xx]}\\n' | 12:36 | invalid status '2xx'
      when on later step| '          - id: a\\n            title: A\\n            when: {step: b}\\n          - id: b\\n            title: B\\n' | 12:26 | 'when' refers to step 'b'
      warn below fail   | '          - id: a\\n            title: A\\n            tls: {host: h, warn_days: 3, fail_days: 7}\\n' | 12:39 | 'warn_days' (3) must not be below 'fail_days' (7)
      duplicate key     | '          - id: a\\n            title: A\\n            title: B\\n'               | 12:13 | duplicate key 'title'
      yaml 1.1 boolean  | '          - id: a\\n            title: A\\n            run: x\\n            confirm: yes\\n' | 13:22 | 'confirm' must be true or false, got 'yes'
      confirm on a probe| '          - id: a\\n            title: A\\nquick_reference:\\n  - {name: h, command: curl -s https://x.test/health, confirm: true}\\n' | 13:64 | runs as a read-only probe (maint check): 'confirm' does not apply
      port out of range | '          - id: a\\n            title: A\\n            tls: {host: h, port: 99999}\\n' | 12:34 | 'port' must be 1 to 65535, got '99999'
      url not a url     | '          - id: a\\n            title: A\\n            http: {url: "not a url"}\\n' | 12:25 | invalid URL 'not a url'
      url not http      | '          - id: a\\n            title: A\\n            http: {url: "ftp://x/"}\\n' | 12:25 | URL scheme 'ftp' is not supported (http or https)
      url template ftp  | '          - id: a\\n            title: A\\n            http: {url: "ftp://${host}/"}\\n' | 12:25 | URL scheme 'ftp' is not supported
      method not a token| '          - id: a\\n            title: A\\n            http: {url: "http://x/", method: "G ET"}\\n' | 12:46 | invalid HTTP method 'G ET'
      empty command     | '          - id: a\\n            title: A\\n            run: ""\\n'                | 12:18 | 'run' must not be empty
      blank command     | '          - id: a\\n            title: A\\n            run: "  "\\n'              | 12:18 | 'run' must not be empty
      cadence id as ref | '          - id: a\\n            title: A\\n  - id: a..b\\n    sections: []\\n' | 12:9 | cadence id 'a..b' gives the branch 'maintenance/a..b-2026-11', which is not a valid git branch name
      branch not a ref  | '          - id: a\\n            title: A\\n  - id: b\\n    branch: "m/{year}.lock"\\n    sections: []\\n' | 13:13 | 'm/2026.lock' is not a valid git branch name
      hex number        | '          - id: a\\n            title: A\\n            run: x\\n            timeout: 0x1F\\n' | 13:22 | 'timeout' must be a whole number, got '0x1F'
      env name with =   | '          - id: a\\n            title: A\\n            run: x\\n            env: {"A=B": x}\\n' | 13:19 | invalid environment variable name 'A=B' (not empty, without '=')
      empty env name    | '          - id: a\\n            title: A\\n            run: x\\n            env: {"": x}\\n' | 13:19 | invalid environment variable name ''
      NUL in env name   | '          - id: a\\n            title: A\\n            run: x\\n            env: {"A\\0": x}\\n' | 13:19 | a NUL character (\\0) is not allowed
      show env with =   | '          - id: a\\n            title: A\\n            show: {run: x, env: {"A=B": x}}\\n' | 12:34 | invalid environment variable name 'A=B'
      exit status < 0   | '          - id: a\\n            title: A\\n            run: x\\n            expect_exit: [-1, 256]\\n' | 13:27 | must be an exit status from 0 to 255, got -1
      exit status > 255 | '          - id: a\\n            title: A\\n            run: x\\n            expect_exit: [0, 256]\\n' | 13:30 | must be an exit status from 0 to 255, got 256
      NUL in command    | '          - id: a\\n            title: A\\n            run: "echo \\0"\\n'           | 12:18 | a NUL character (\\0) is not allowed: no command, argument or environment variable can hold one
      NUL in argument   | '          - id: a\\n            title: A\\n            tls: {host: "h\\x00"}\\n'    | 12:25 | a NUL character (\\0) is not allowed
      timeout too long  | '          - id: a\\n            title: A\\n            run: x\\n            timeout: 2147484\\n' | 13:22 | must be at most 2147483 seconds, got 2147484
      negative timeout  | '          - id: a\\n            title: A\\n            run: x\\n            timeout: -5\\n' | 13:22 | must be greater than 0
      http timeout long | '          - id: a\\n            title: A\\n            http: {url: "https://x.test/", timeout: 3000000}\\n' | 12:53 | must be at most 2147483 seconds
      header not a token| '          - id: a\\n            title: A\\n            http: {url: "https://x.test/", headers: {"X A": x}}\\n' | 12:54 | invalid HTTP header name 'X A'
      header line break | '          - id: a\\n            title: A\\n            http: {url: "https://x.test/", headers: {X-A: "a\\x0Ab"}}\\n' | 12:59 | HTTP header 'X-A' holds U+000A: a header value is printable ASCII
      port zero         | '          - id: a\\n            title: A\\n            tls: {host: h, port: 0}\\n' | 12:34 | 'port' must be 1 to 65535, got '0'
      """)
  void brokenRunbookIsReportedAtItsLineAndColumn(String kind, String steps, String at, String message)
      throws IOException {
    CliHarness.Result r = validate(HEAD + steps.replace("\\n", "\n"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("broken.yaml:" + at + ": ").contains(message);
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  @DisplayName("values at the edge of what a process or a probe takes are valid")
  @Test
  void valuesAtTheEdgeOfWhatRunsAreAccepted() throws IOException {
    CliHarness.Result r = validate(HEAD + """
                  - id: a
                    title: A
                    run: x
                    env: {LC_ALL: C, _: "${host}"}
                    expect_exit: [0, 255]
                    timeout: 2147483
                  - id: b
                    title: B
                    http: {url: "https://x.test/", timeout: 2147483, headers: {X-A: "a\tb ${host} ~"}}
        """);

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @DisplayName("V4: of several problems the first is reported, as validate's help says")
  @Test
  void severalProblemsReportTheFirstOneAtATime() throws IOException {
    String twoProblems = HEAD + "          - {id: a, title: A, colour: red}\n          - {id: b, title: B, run: \"\"}\n";

    CliHarness.Result first = validate(twoProblems);
    CliHarness.Result next = validate(twoProblems.replace(", colour: red", ""));

    assertThat(first.err().lines().toList()).hasSize(1);
    assertThat(first.err()).startsWith("broken.yaml:10:31: unknown key 'colour'");
    assertThat(next.err()).isEqualTo("broken.yaml:11:36: 'run' must not be empty\n");
    assertThat(new CliHarness(tmp).run("validate", "--help").out().replaceAll("\\s+", " "))
        .contains("the first problem is printed as FILE:LINE:COLUMN: message (fix it and run again to find the next)");
  }

  @Test
  void everyCommandLoadingTheRunbookPrintsTheSameLine() throws IOException {
    Files.writeString(tmp.resolve("broken.yaml"), HEAD + "          - {id: a, title: A, run: \"\"}\n");

    for (String[] args : List.of(new String[] {"list", "--runbook", "broken.yaml"},
        new String[] {"walk", "monthly", "--runbook", "broken.yaml", "--non-interactive", "--no-commit"})) {
      CliHarness.Result r = new CliHarness(tmp).run(args);

      assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
      assertThat(r.err()).as(args[0]).isEqualTo("broken.yaml:10:36: 'run' must not be empty\n");
    }
  }

  @Test
  void aliasBombIsRefusedBeforeItExpands() throws IOException {
    StringBuilder yaml = new StringBuilder("a: &a [x, x]\n");
    for (int i = 1; i < 60; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [*a").append(i == 1 ? "" : i - 1)
          .append(", *a").append(i == 1 ? "" : i - 1).append("]\n");
    }
    CliHarness.Result r = validate(yaml.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("broken.yaml:18:12: aliases repeat more than 1048576 characters in all"
        + " (*a16 stands for 393215 each time)\n");
  }

  @Test
  void typeTagsAreNeverConstructed() throws IOException {
    CliHarness.Result r = validate("runbook: !!javax.script.ScriptEngineManager [x]\ncadences: []\n");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("broken.yaml:1:10: invalid YAML: Global tag is not allowed");
  }

  @Test
  void missingFileIsAUsageErrorNamingIt() {
    CliHarness.Result r = new CliHarness(tmp).run("validate", "nope.yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("nope.yaml: no such file\n");
  }

  @Test
  void yaml11NumbersInJsonExpectationsStayText() throws IOException {
    CliHarness.Result r = validate(HEAD + """
                  - id: a
                    title: A
                    http: {url: "https://x.test/", json: {/hex: 0x10, /time: 1:30, /inf: .inf, /n: 7, /f: 2.5}}
        """);

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void templatedUrlsAndPortsAreLeftToTheRun() throws IOException {
    CliHarness.Result r = validate(HEAD + """
                  - id: a
                    title: A
                    http: {url: "${host}/health", method: patch}
                  - id: b
                    title: B
                    tls: {host: h, port: "${host}"}
        """);

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void aDirectoryIsNotARunbook() throws IOException {
    Files.createDirectories(tmp.resolve("dir.yaml"));

    CliHarness.Result r = new CliHarness(tmp).run("validate", "dir.yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("dir.yaml: is a directory, not a runbook file\n");
  }

  @Test
  void verboseShowsTheStackTraceForRunbookErrors() throws IOException {
    Path file = tmp.resolve("broken.yaml");
    Files.writeString(file, "runbook: x\ncadences: 3\n");

    CliHarness.Result r = new CliHarness(tmp).run("validate", "broken.yaml", "-v");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("broken.yaml:2:11: 'cadences' must be a list").contains("\tat dev.maint");
    assertThat(new CliHarness(tmp).run("validate", "--help").out())
        .containsPattern("-v, --verbose\\s+Show more detail, and the stack trace of any error\\.");
  }

  @Test
  void theEmbeddedRunbookIsValid() {
    CliHarness.Result r = new CliHarness(tmp).run("validate");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("embedded:forma3d-connect.yaml: valid (4 cadences");
  }

  private static String readonlyStep(boolean readonly, String command) {
    return HEAD + "          - id: a\n            title: A\n"
        + (readonly ? "            readonly: true\n" : "")
        + "            run: |-\n" + command.indent(14);
  }

  static Stream<Arguments> readonlyCommandsThatWriteAFile() {
    return Stream.of(
        Arguments.of("pnpm list --depth=0 > deps-before.txt", "deps-before.txt (> redirection)"),
        Arguments.of("pnpm list >>deps.txt", "deps.txt (>> redirection)"),
        Arguments.of("make check 2> errors.log", "errors.log (> redirection)"),
        Arguments.of("make check &> all.log", "all.log (&> redirection)"),
        Arguments.of("date >| now.txt", "now.txt (>| redirection)"),
        Arguments.of("pnpm audit | tee audit.txt", "audit.txt (tee)"),
        Arguments.of("pnpm audit 2>&1 | tee -a \"audit log.txt\"", "audit log.txt (tee)"),
        Arguments.of("pnpm audit >/dev/null; date > 'now.txt'", "now.txt (> redirection)"),
        Arguments.of("[ 2 > 1 ] && echo yes", "1 (> redirection)"),
        Arguments.of("cd packages\npnpm list > ../deps.txt", "../deps.txt (> redirection)"));
  }

  @DisplayName("V1: a readonly run step that writes a file is refused, as a dry run would run it")
  @ParameterizedTest(name = "{0}")
  @MethodSource("readonlyCommandsThatWriteAFile")
  void readonlyCommandThatWritesAFileIsRefused(String command, String writes) throws IOException {
    CliHarness.Result r = validate(readonlyStep(true, command));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("broken.yaml:12:23: 'readonly: true' but the command writes " + writes
        + ": a dry run would change it\n");
    assertThat(validate(readonlyStep(false, command)).exitCode()).as("without readonly").isZero();
  }

  @DisplayName("V1: descriptors, /dev/null, quoted text and comments are no file writes")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "pnpm audit 2>&1", "pnpm audit >/dev/null", "pnpm audit > /dev/null 2>&1", "pnpm audit >&2",
      "pnpm audit &>/dev/null", "echo | openssl s_client -connect h:443 2>/dev/null | openssl x509 -noout -dates",
      "echo \"a > b\" 'c >> d' e\\>f", "grep tee notes.txt", "pnpm audit | tee", "pnpm audit | tee -a /dev/stderr",
      "date # > not-a-file", "wc -l < input.txt", "diff deps-before.txt deps-after.txt",
      "docker images --format \"table {{.Repository}}\\t{{.Tag}}\""})
  void readonlyCommandThatWritesNoFileLoads(String command) throws IOException {
    CliHarness.Result r = validate(readonlyStep(true, command));

    assertThat(r.exitCode()).as(r.err()).isZero();
  }
}
