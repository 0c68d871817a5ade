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

  private String recordPath() {
    String[] paths = git.run("ls-tree", "-r", "--name-only", BRANCH, "maintenance/records/").split("\n");
    return paths[paths.length - 1];
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
}
