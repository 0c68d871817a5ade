package dev.maint.cli;

import static dev.maint.testing.JUnitXml.outcome;
import static dev.maint.testing.JUnitXml.testcase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Fixtures;
import dev.maint.testing.JUnitXml;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code maint continuous --non-interactive} as a CI job runs it: reports, exit codes, output, logs. */
class CiModeTest {
  private static final String SECRET = "s3cr3t-ci-token";

  @TempDir Path tmp;
  Workspace ws;
  Path runbook;

  @BeforeEach
  void setUp() throws IOException {
    ws = Workspace.create(tmp);
    runbook = Fixtures.copy("/runbooks/ci.yaml", tmp);
  }

  private CliHarness maint() {
    return new CliHarness(tmp).clock(Workspace.NOV_29).env("CI_TOKEN", SECRET);
  }

  private String[] args(String... extra) {
    List<String> all = new ArrayList<>(List.of(extra));
    all.addAll(List.of("--non-interactive", "--runbook", runbook.toString(), "--repo", ws.repo().toString(),
        "--workdir", ws.app().toString(), "--operator", "CI Bot <ci@example.test>", "--log-dir", tmp.resolve("logs").toString()));
    return all.toArray(String[]::new);
  }

  private static Map<String, String> statuses(JsonNode report) {
    Map<String, String> out = new LinkedHashMap<>();
    report.path("steps").forEach(s -> out.put(s.path("id").asText(), s.path("status").asText()));
    return out;
  }

  @Test
  void aWeeklyRunWritesAllThreeReportsAndExitsOneForAFailedCheck() throws Exception {
    CliHarness.Result r = maint().run(args("continuous", "--report", "junit=reports/junit.xml",
        "--report", "json=reports/report.json", "--report", "markdown=reports/summary.md"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("reports/report.json").toFile());
    assertThat(statuses(json)).containsExactly(
        Map.entry("preflight", "pass"), Map.entry("scan-ok", "pass"), Map.entry("audit-fails", "fail"),
        Map.entry("tool-missing", "error"), Map.entry("slow", "error"), Map.entry("review-dashboard", "manual"),
        Map.entry("january-only", "skipped"), Map.entry("odd-name", "pass"));
    assertThat(json.path("exit_code").asInt()).isEqualTo(1);
    assertThat(json.path("runbook").path("source").asText()).isEqualTo(runbook.toString());
    assertThat(json.path("started_at").asText()).isEqualTo("2026-11-29T10:00:00+01:00");

    String xml = Files.readString(tmp.resolve("reports/junit.xml"));
    assertThatCode(() -> JUnitXml.validate(xml)).doesNotThrowAnyException();
    Document doc = JUnitXml.parse(xml);
    assertThat(outcome(testcase(doc, "audit-fails"))).isEqualTo("failure");
    assertThat(outcome(testcase(doc, "tool-missing"))).isEqualTo("error");
    assertThat(outcome(testcase(doc, "slow"))).isEqualTo("error");
    assertThat(outcome(testcase(doc, "review-dashboard"))).isEqualTo("skipped");
    assertThat(outcome(testcase(doc, "january-only"))).isEqualTo("skipped");
    assertThat(outcome(testcase(doc, "odd-name"))).isEqualTo("passed");
    assertThat(testcase(doc, "odd-name").getAttribute("name")).startsWith("Names with & < > \" '");

    String md = Files.readString(tmp.resolve("reports/summary.md"));
    assertThat(md).startsWith("## maint continuous: ❌ failed");
    assertThat(md.indexOf("`audit-fails`")).isLessThan(md.indexOf("`preflight`"));
  }

  @Test
  void secretsReachNoReportAndNoLog() throws IOException {
    maint().run(args("continuous", "--report", "junit=r/j.xml", "--report", "json=r/r.json",
        "--report", "markdown=r/s.md", "-v", "--skip", "slow"));

    try (Stream<Path> files = Stream.concat(Files.walk(tmp.resolve("r")), Files.walk(tmp.resolve("logs")))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SECRET);
      }
    }
    assertThat(Files.readString(tmp.resolve("r/r.json"))).contains("scan clean, token=***");
  }

  @Test
  void onlyPassingAndManualStepsExitZero() {
    assertThat(maint().run(args("monthly")).exitCode()).isZero();
  }

  @Test
  void aStepThatCouldNotBeEvaluatedAloneExitsOne() {
    CliHarness.Result r = maint().run(args("continuous", "--only", "tool-missing", "--no-commit"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("preflight\\s+pass").containsPattern("tool-missing\\s+error");
  }

  @Test
  void anUnknownStepIdIsAUsageErrorNamingItAndRunsNothing() {
    CliHarness.Result r = maint().run(args("continuous", "--skip", "scan-ok,no-such-step"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--skip no-such-step").contains("no step or section 'no-such-step'");
    assertThat(r.out()).isEmpty();
    assertThat(ws.git().run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void anUnknownReportFormatIsAUsageError() {
    CliHarness.Result r = maint().run(args("continuous", "--report", "html=x.html"));

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown format 'html'");
  }

  @Test
  void pipedOutputHasNoEscapeSequencesEvenWithoutNoColor() {
    CliHarness.Result r = maint().unsetEnv("NO_COLOR").run(args("continuous", "-v", "--no-commit", "--skip", "slow"));

    assertThat(r.out()).contains("[step 1 of 7]", "│ red & <tag>").doesNotContain("\u001b").doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f]");
  }

  /** The odd-name step retitles the terminal, clears the screen and reverses text in its title and output. */
  private void hostileStep() throws IOException {
    String text = Files.readString(runbook)
        .replace("title: \"Names with &", "title: \"Evil \\u202Eexe.txt names with &")
        .replace("\\033]0;title\\007done\\n'", "\\033]0;PWNED\\007\\033[2J\\033[H\\033[5A\\342\\200\\256done\\n'");
    Files.writeString(runbook, text);
  }

  @Test
  @DisplayName("C3: a colour terminal keeps a command's colours but not its title, cursor or clear-screen sequences")
  void aColourTerminalKeepsOnlyColourSequencesOfACommand() throws IOException {
    hostileStep();

    CliHarness.Result r = maint().unsetEnv("NO_COLOR").outIsTerminal(true)
        .run(args("continuous", "--no-commit", "--skip", "slow"));

    String line = r.out().lines().filter(l -> l.contains("│")).filter(l -> l.contains("done")).findFirst().orElseThrow();
    assertThat(line).contains("\u001b[31mred\u001b[0m & <tag>", "<U+202E>done")
        .doesNotContain("\u001b]", "PWNED", "\u001b[2J", "\u001b[H", "\u001b[5A", "\u202e");
    assertThat(r.out()).contains("Evil <U+202E>exe.txt names").doesNotContain("\u202e");
  }

  @Test
  @DisplayName("C3: bidi controls are shown escaped when piped and in every report")
  void bidiControlsAreShownEscapedWhenPipedAndInReports() throws IOException {
    hostileStep();

    CliHarness.Result r = maint().run(args("continuous", "--no-commit", "--skip", "slow", "--report",
        "junit=r/junit.xml", "--report", "markdown=r/report.md", "--format", "json"));

    assertThat(r.err()).contains("Evil <U+202E>exe.txt names", "<U+202E>done").doesNotContain("\u001b", "\u202e");
    assertThat(r.out()).contains("Evil \\u202Eexe.txt names").doesNotContain("\u202e");
    assertThat(new ObjectMapper().readTree(r.out()).path("steps").findValuesAsText("title"))
        .contains("Evil \u202eexe.txt names with & < > \" ' and \u0007 bell \u001b[31mred\u001b[0m");
    for (String report : List.of("r/junit.xml", "r/report.md")) {
      // Both escape the angle brackets of the marker as &lt; &gt;, which their viewers show as written.
      assertThat(Files.readString(tmp.resolve(report))).as(report).contains("&lt;U+202E&gt;exe.txt").doesNotContain("\u202e");
    }
  }

  @Test
  @DisplayName("C3: list, show, log show and run show bidi controls escaped and send no escape sequences")
  void otherViewsShowBidiControlsEscapedAndNoEscapeSequences() throws IOException {
    hostileStep();
    Files.writeString(runbook, Files.readString(runbook)
        .replace("run: no-such-tool-for-maint-tests --version", "run: \"no-such-\\u202Etool --version\"")
        + "quick_reference:\n  - {name: evil, group: G, command: \"printf '\\\\033]0;PWNED\\\\007\\\\342\\\\200\\\\256x\\\\n'\","
        + " description: D}\n");
    String session = new ObjectMapper().readTree(maint().run(args("continuous", "--skip", "slow", "--format", "json")).out())
        .path("session_id").asText();

    List<String> outputs = List.of(
        maint().run("list", "--runbook", runbook.toString()).out(),
        maint().run("show", "continuous", "--runbook", runbook.toString()).out(),
        maint().run("log", "show", session, "--runbook", runbook.toString(), "--repo", ws.repo().toString()).out(),
        maint().unsetEnv("NO_COLOR").outIsTerminal(true)
            .run("run", "evil", "--runbook", runbook.toString(), "--workdir", ws.app().toString()).out());

    assertThat(outputs.get(1)).contains("Evil <U+202E>exe.txt names")
        // shown escaped as the walk shows them, not dropped: the operator sees what the title holds
        .contains("\\u0007 bell \\u001b[31mred\\u001b[0m");
    assertThat(outputs.get(2)).contains("command not found: no-such-<U+202E>tool");
    assertThat(outputs.get(3)).endsWith("\n<U+202E>x\n");
    assertThat(outputs).allSatisfy(out -> assertThat(out).doesNotContain("\u202e", "\u001b]"));
  }

  @Test
  void aTerminalGetsColourUnlessNoColorTermDumbOrNoColorOptionSaySo() {
    assertThat(maint().unsetEnv("NO_COLOR").outIsTerminal(true).run(args("monthly", "--no-commit")).out())
        .contains("\u001b[");
    assertThat(maint().outIsTerminal(true).run(args("monthly", "--no-commit")).out()).doesNotContain("\u001b");
    assertThat(maint().unsetEnv("NO_COLOR").outIsTerminal(true).run(args("monthly", "--no-commit", "--no-color")).out())
        .doesNotContain("\u001b");
    assertThat(maint().unsetEnv("NO_COLOR").env("TERM", "dumb").outIsTerminal(true).run(args("monthly", "--no-commit"))
        .out()).doesNotContain("\u001b");
  }

  @Test
  void formatJsonPutsTheJsonReportAndNothingElseOnStandardOutput() throws IOException {
    CliHarness.Result r = maint().unsetEnv("NO_COLOR").outIsTerminal(true).run(args("continuous", "--format", "json", "--skip", "slow"));

    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("schema").asText()).isEqualTo("maint-report/2");
    assertThat(r.out().strip()).startsWith("{").endsWith("}");
    assertThat(r.err()).contains("[step 1 of 7]", "Log entry committed to").doesNotContain("\u001b");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void githubStepSummaryGetsTheMarkdownSummaryAppended() throws IOException {
    Path summary = Files.writeString(tmp.resolve("summary.md"), "before\n");

    maint().env("GITHUB_STEP_SUMMARY", summary.toString()).run(args("monthly", "--no-commit"));

    assertThat(Files.readString(summary)).startsWith("before\n\n## maint monthly: ✅ passed").contains("`m-ok`");
  }

  @Test
  void quietPrintsOnlyTheProblems() {
    CliHarness.Result r = maint().run(args("continuous", "-q", "--no-commit", "--skip", "slow"));

    assertThat(r.out()).contains("audit-fails", "tool-missing")
        .doesNotContain("preflight", "scan-ok", "review-dashboard", "[step");
  }

  @Test
  void dryRunListsEveryStepRunsOnlyProbesAndReadonlyCommandsAndCommitsNothing() throws IOException {
    CliHarness.Result r = maint().run(args("quarterly", "--dry-run", "--report", "json=dry.json"));

    assertThat(r.out()).contains("[step 1 of 7]", "[step 7 of 7]", "$ echo update");
    assertThat(r.out()).contains("│ preflight", "│ outdated").doesNotContain("│ update", "│ lock", "│ risky");
    JsonNode json = new ObjectMapper().readTree(tmp.resolve("dry.json").toFile());
    assertThat(statuses(json)).containsExactly(
        Map.entry("q-preflight", "pass"), Map.entry("q-update", "skipped"), Map.entry("q-list", "pass"),
        Map.entry("q-lock", "skipped"), Map.entry("q-rotate", "skipped"), Map.entry("q-probe", "error"),
        Map.entry("q-risky", "skipped"));
    assertThat(json.path("steps").get(1).path("reason").asText()).isEqualTo("dry run");
    assertThat(json.path("dry_run").asBoolean()).isTrue();
    assertThat(ws.git().run("branch", "--list", "maintenance/*")).isEmpty();
  }

  @Test
  void selectionOptionsKeepAlwaysStepsAndRefuseToDropRequiredOnes() {
    CliHarness.Result kept = maint().run(args("quarterly", "--only", "q-list,q-rotate", "--no-commit"));
    CliHarness.Result refused = maint().run(args("quarterly", "--skip", "q-rotate"));

    assertThat(kept.exitCode()).as(kept.err()).isZero();
    assertThat(kept.out()).contains("(3 of 3 steps recorded)").containsPattern("q-preflight\\s+pass");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("'q-rotate'", "required");
  }

  @Test
  void eachRunWritesATimestampedLogWithStepStartsAndOutcomes() throws IOException {
    maint().run(args("continuous", "--no-commit"));

    List<Path> logs;
    try (Stream<Path> files = Files.list(tmp.resolve("logs"))) {
      logs = files.toList();
    }
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).getFileName().toString()).matches("maint-20261129T090000Z-continuous-[0-9a-f]{8}\\.log");
    String log = Files.readString(logs.get(0));
    assertThat(log).contains("maint continuous: runbook ci-test 3", "step 3/8 audit-fails (run, section 1) started",
        "ERROR step audit-fails fail in", "walk finished:", "exit code 1");
  }

  @Test
  void logDirectoryComesFromMaintLogDirWhenNoOptionIsGiven() throws IOException {
    Path dir = tmp.resolve("env-logs");
    List<String> noLogDir = new ArrayList<>(List.of(args("monthly", "--no-commit")));
    int at = noLogDir.indexOf("--log-dir");
    noLogDir.subList(at, at + 2).clear();

    maint().env("MAINT_LOG_DIR", dir.toString()).run(noLogDir.toArray(String[]::new));

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void helpDocumentsExitCodesAndTheNewOptions() {
    CliHarness.Result r = maint().run("continuous", "--help");

    assertThat(r.out()).contains("--report=FORMAT=PATH", "--format=text|json", "--only=SECTION|STEP",
        "--skip=SECTION|STEP", "--start-at=STEP", "--dry-run", "--log-dir=DIR", "--fail-on=warn");
    assertThat(r.out()).containsPattern("0\\s+nothing failed").containsPattern("1\\s+a step is fail")
        .containsPattern("2\\s+usage").containsPattern("130\\s+interrupted");
  }
}
