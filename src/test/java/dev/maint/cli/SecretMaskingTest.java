package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets are masked in every form maint produces them in (S1), and only in free text, so a short
 * or common secret leaves the record, the log row and the commit trailers intact (S2).
 */
class SecretMaskingTest {
  private static final String BRANCH = "maintenance/2026-11";
  private static final String OPERATOR = "Op Erator <op@example.com>";
  /** Quotes, backslash, space, slash, non-ASCII, angle brackets and an ampersand. */
  private static final String NASTY = "a\"b\\c d/é<x>&";

  @TempDir Path tmp;
  Path repo;
  Git git;
  MockWebServer server;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    git = Git.initWithCommit(repo);
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliHarness maint(String name, String value) {
    return new CliHarness(tmp).env(name, value).env("MAINT_STATE_DIR", tmp.resolve("state").toString());
  }

  /** The record file the newest commit on the branch added. */
  private String recordPath() {
    return git.run("diff-tree", "--no-commit-id", "--name-only", "-r", BRANCH, "--", "maintenance/records/").strip();
  }

  /** Every file maint wrote under the test folder, outside git's object store. */
  private List<Path> filesWritten() throws IOException {
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(repo.resolve(".git"))).toList();
    }
  }

  /** The secret and each form it could reach a file in: as okhttp, forms and RFC 3986 encode it. */
  private static List<String> formsOf(String secret) {
    List<String> forms = new ArrayList<>(List.of(
        secret,
        // What the tester found in the hop URL: okhttp's query form of a secret typed into a URL.
        "a%22b\\c%20d/%C3%A9%3Cx%3E&",
        // The same seen through JSON and XML escaping.
        "a%22b\\\\c%20d",
        "a\\\"b\\\\c d",
        "é&lt;x&gt;&amp;",
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        "a%22b%5Cc%20d%2F%C3%A9%3Cx%3E%26",
        HttpUrl.get("http://h/").newBuilder().addPathSegment(secret).build().encodedPath().substring(1),
        HttpUrl.get("http://h/").newBuilder().addQueryParameter("q", secret).build().encodedQuery().substring(2)));
    // Any part of it percent-encoded, whatever encode set was used.
    forms.addAll(List.of("%C3%A9", "%3Cx", "%22b"));
    return forms;
  }

  @Test
  @DisplayName("S1: a secret in a probed URL is masked in its percent-encoded forms in every file maint writes")
  void secretInAProbedUrlIsMaskedInEveryEncodedForm() throws IOException {
    server.enqueue(new MockResponse.Builder().code(500).build());
    Path runbook = tmp.resolve("rb3.yaml");
    Files.writeString(runbook, """
        runbook: s1
        variables:
          pw: {secret: true, default: "${env:PW}"}
        log:
          file: maintenance/log.md
          columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]
        cadences:
          - id: monthly
            branch: maintenance/{year}-{month}
            sections:
              - id: s
                title: S
                steps:
                  - id: c3
                    title: Call with a token
                    http: {url: "http://127.0.0.1:%d/500?token=${pw}"}
        """.formatted(server.getPort()));

    CliHarness.Result r = maint("PW", NASTY).run("monthly", "--runbook", runbook.toString(), "--non-interactive",
        "--repo", repo.toString(), "--operator", OPERATOR, "--workdir", tmp.toString(),
        "--report", "json=r.json", "--report", "junit=r.xml", "-v");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    String record = git.run("show", BRANCH + ":" + recordPath());
    JsonNode hop = new ObjectMapper().readTree(record).path("steps").get(0).path("evidence").path("hops").get(0);
    assertThat(hop.path("url").asText()).endsWith("/500?token=***");
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("r.json").toFile());
    assertThat(report.path("steps").get(0).path("evidence").path("hops").get(0).path("url").asText())
        .endsWith("/500?token=***");
    List<Path> written = filesWritten();
    assertThat(written).anyMatch(f -> f.toString().endsWith(".log"))
        .anyMatch(f -> f.startsWith(tmp.resolve("state").resolve("sessions")))
        .contains(tmp.resolve("r.json"), tmp.resolve("r.xml"));
    List<String> forms = formsOf(NASTY);
    for (Path f : written) {
      assertThat(Files.readString(f)).as(f.toString()).doesNotContain(forms);
    }
    assertThat(record).doesNotContain(forms);
    assertThat(git.run("log", "-p", "--all")).doesNotContain(forms);
    assertThat(r.out() + r.err()).doesNotContain(forms);
  }

  private Path weeklyRunbook() throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: s2
        variables:
          envsecret: {default: "${env:MY_SECRET}"}
        log:
          file: maintenance/log.md
          columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]
        cadences:
          - id: monthly
            branch: maintenance/{year}-{month}
            sections:
              - id: s
                title: S
                steps:
                  - id: fine
                    title: Something that passes
                    run: echo fine
                  - id: failing
                    title: Something that fails
                    run: exit 3
                  - id: says
                    title: Says the secret
                    run: echo "the value is ${envsecret}"
        """);
    return runbook;
  }

  private CliHarness.Result walkWith(String secret, Path runbook, String report) {
    return maint("MY_SECRET", secret).run("monthly", "--runbook", runbook.toString(), "--non-interactive",
        "--repo", repo.toString(), "--operator", OPERATOR, "--workdir", tmp.toString(), "--report", "json=" + report);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "status"})
  @DisplayName("S2: a short or common secret is masked in free text only: keys, statuses and trailers stay intact")
  void shortOrCommonSecretLeavesTheRecordAndTrailersIntact(String secret) throws IOException {
    Path runbook = weeklyRunbook();

    CliHarness.Result first = walkWith(secret, runbook, "r1.json");

    assertThat(first.exitCode()).as(first.err()).isEqualTo(1);
    String path = recordPath();
    JsonNode record = new ObjectMapper().readTree(git.run("show", BRANCH + ":" + path));
    assertThat(record.path("format").asText()).isEqualTo("maint-record/2");
    assertThat(record.path("operator").asText()).isEqualTo(OPERATOR);
    assertThat(record.path("counts").path("pass").asInt()).isEqualTo(2);
    assertThat(record.path("counts").path("fail").asInt()).isEqualTo(1);
    JsonNode steps = record.path("steps");
    assertThat(steps.findValuesAsText("status")).containsExactly("pass", "fail", "pass");
    assertThat(steps.get(1).path("evidence").path("exit_code").asInt()).isEqualTo(3);
    assertThat(steps.get(2).path("evidence").path("stdout").asText()).isEqualTo("the value is ***\n");
    assertThat(record.path("log").path("row").asText())
        .startsWith("| 2026-11-29 | monthly | Op Erator |")
        .contains("session " + record.path("session").asText());
    String trailers = git.runWithInput(git.run("log", "-1", "--format=%B", BRANCH), "interpret-trailers", "--parse");
    assertThat(trailers).contains("Maint-Operator: " + OPERATOR + "\n", "Maint-Cadence: monthly\n",
        "Maint-Record: " + path + "\n", "Maint-Session: " + record.path("session").asText() + "\n");
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("r1.json").toFile());
    assertThat(report.path("steps").findValuesAsText("status")).containsExactly("pass", "fail", "pass");
    assertThat(report.path("steps").get(1).path("evidence").path("exit_code").asInt()).isEqualTo(3);
    try (Stream<Path> sessions = Files.list(tmp.resolve("state").resolve("sessions"))) {
      JsonNode saved = new ObjectMapper().readTree(sessions.findFirst().orElseThrow().toFile());
      assertThat(saved.path("steps").findValuesAsText("status")).containsExactly("pass", "fail", "pass");
      assertThat(saved.path("steps").get(1).path("evidence").path("exit_code").asInt()).isEqualTo(3);
    }
    Path log = filesWritten().stream().filter(f -> f.toString().endsWith(".log")).findFirst().orElseThrow();
    assertThat(Files.readString(log)).contains("step 2/3 failing (run, section s) started: ",
        "step failing fail in ", "step says pass in ", "the value is ***", "walk finished: 2 done, 1 failed; exit code 1");

    CliHarness.Result second = walkWith(secret, runbook, "r2.json");

    assertThat(second.out()).contains("Left open by the previous monthly run", "  - failing: fail — ");
    JsonNode next = new ObjectMapper().readTree(git.run("show", BRANCH + ":" + recordPath()));
    assertThat(next.path("carried_forward").get(0).path("step").asText()).isEqualTo("failing");
    assertThat(next.path("carried_forward").get(0).path("status").asText()).isEqualTo("fail");
    assertThat(next.path("carried_forward").get(0).path("now").asText()).isEqualTo("fail");
  }

  @Test
  @DisplayName("S2: a secret shorter than four characters is named once on standard error, its value never")
  void aShortSecretIsWarnedAboutOnce() throws IOException {
    Path runbook = weeklyRunbook();

    CliHarness.Result r = walkWith("x", runbook, "r.json");

    assertThat(r.err()).containsOnlyOnce("maint: warning: the value of environment variable MY_SECRET is only 1"
        + " character long: every occurrence of it in output, notes and reasons shows as ***\n");
    assertThat(r.out()).doesNotContain("MY_SECRET");
    assertThat(walkWith("status", runbook, "r2.json").err()).doesNotContain("MY_SECRET");
  }

  @Test
  @DisplayName("S2: a short secret variable is named by the variable, even when it reads the environment")
  void aShortSecretVariableIsNamedOnce() throws IOException {
    Path runbook = weeklyRunbook();
    Files.writeString(runbook,
        Files.readString(runbook).replace("envsecret: {default:", "envsecret: {secret: true, default:"));

    CliHarness.Result r = walkWith("ab", runbook, "r.json");

    assertThat(r.err()).containsOnlyOnce("maint: warning:")
        .contains("the value of secret variable envsecret is only 2 characters long");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\033[0m", "\\033[1;31m", "\\000", "\\033]0;t\\007"})
  @DisplayName("S1: a secret that a command prints split by an escape sequence or a control character is masked"
      + " on the screen, in the reports and in the run log, which drop those")
  void aSecretSplitByAControlCharacterIsMaskedWhereverItWouldReadWhole(String split) throws IOException {
    Path runbook = weeklyRunbook();
    Files.writeString(runbook, Files.readString(runbook)
        .replace("run: echo \"the value is ${envsecret}\"", "run: printf 'S3cr3" + split + "tValue\\n'")
        .replace("envsecret: {default:", "envsecret: {secret: true, default:"));

    CliHarness.Result r = maint("MY_SECRET", "S3cr3tValue").run("monthly", "--runbook", runbook.toString(),
        "--non-interactive", "--repo", repo.toString(), "--operator", OPERATOR, "--workdir", tmp.toString(),
        "--report", "junit=r.xml", "--report", "markdown=r.md", "--report", "json=r.json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    List<String> shown = new java.util.ArrayList<>(List.of(r.out(), r.err()));
    for (Path f : filesWritten()) {
      shown.add(Files.readString(f));
    }
    for (String text : shown) {
      assertThat(text).doesNotContain("S3cr3tValue");
    }
    assertThat(Files.readString(tmp.resolve("r.xml"))).contains("***");
  }
}
