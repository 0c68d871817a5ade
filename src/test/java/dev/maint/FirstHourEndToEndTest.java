package dev.maint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import dev.maint.testing.CleanClone;
import dev.maint.testing.Git;
import dev.maint.testing.Pty;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new operator's first hour, typed into a shell on a real terminal: install {@code maint} from a
 * clean clone with the README's lines, configure it once ({@code .maint.yaml} in the repository
 * that keeps the record, the operator in the user file), walk the monthly cadence against
 * loopback stand-ins (an HTTP health endpoint, a TLS server with a private CA, a shell command), quit, resume from another folder
 * with nothing repeated, quit again, paste the printed hint in a third folder and finish. The
 * screen is checked at each step and the git record at the end.
 *
 * <p>The clone runs the classes this build compiled ({@link CleanClone#useBuiltClasses}), so the
 * test takes seconds; {@code InstallTest} covers the launcher building its jar in a clean clone.
 */
class FirstHourEndToEndTest {
  /** Only matters when the test fails: each wait ends as soon as the screen shows what it waits for. */
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final String OPERATOR = "Ada Operator <ada@example.test>";
  private static final Pattern HINT = Pattern.compile("continue it with: (maint [^\r\n]*)\r?\n");

  @TempDir Path tmp;

  private static final String RUNBOOK = """
      runbook: first-hour
      title: First hour
      version: "1"
      timezone: UTC
      environments: [staging, production]
      default_environment: production
      variables:
        api_url: {default: "https://api.example.test"}
        tls_port: {default: "443"}
        ca_file: {default: ""}
        app_dir: {default: ""}
      log:
        file: maintenance/log.md
        columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]
      cadences:
        - id: monthly
          title: Monthly
          branch: maintenance/{year}-{month}
          sections:
            - id: "1"
              title: Health
              steps:
                - id: api-health
                  title: API health endpoint answers
                  http: {url: "${api_url}/health", status: [200], json: {/status: ok}}
                - id: api-cert
                  title: API certificate has 30 days left
                  tls: {host: 127.0.0.1, port: "${tls_port}", ca_file: "${ca_file}", warn_days: 30}
            - id: "2"
              title: Housekeeping
              steps:
                - id: clean-cache
                  title: Clean the build cache
                  run: echo "cleaned $(basename "$PWD")"
                - id: release-notes
                  title: Read the release notes
      """;

  @Test
  void installConfigureWalkQuitResumeElsewhereAndFinish() throws Exception {
    assumeTrue(Pty.available(), "util-linux script is not installed");
    Path clone = CleanClone.of(tmp.resolve("maint"));
    CleanClone.useBuiltClasses(clone);
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path app = Files.createDirectories(tmp.resolve("app"));

    HeldCertificate root = LoopbackPki.root("First Hour Root");
    // Valid for years around the real clock: the walk runs in a child process at today's date.
    HeldCertificate leaf = LoopbackPki.until(3000).commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
        .signedBy(root).build();
    Path ca = LoopbackPki.writePem(tmp.resolve("private-ca.pem"), root);

    try (MockWebServer http = healthEndpoint();
        LoopbackTlsServer tls = LoopbackTlsServer.builder(LoopbackTlsServer.Identity.of(leaf, root)).start()) {
      Path ops = tmp.resolve("ops");
      Git git = Git.initWithCommit(ops);
      Files.writeString(ops.resolve("runbook.yaml"), RUNBOOK);
      Files.writeString(ops.resolve(".maint.yaml"), """
          runbook: runbook.yaml
          env: staging
          set:
            api_url: http://127.0.0.1:%d
            tls_port: "%d"
            ca_file: %s
            app_dir: %s
          """.formatted(http.getPort(), tls.port(), ca, app));
      // Who the operator is belongs to the person, in the user file; the rest to the repository.
      Files.writeString(Files.createDirectories(home.resolve(".config/maint")).resolve("config.yaml"),
          "operator: " + OPERATOR + "\n");
      git.run("add", ".");
      git.run("commit", "-q", "-m", "runbook and maint configuration");
      String mainBefore = git.run("rev-parse", "main").strip();
      String runbookSha = dev.maint.text.Sha256.hex(RUNBOOK.getBytes(java.nio.charset.StandardCharsets.UTF_8))
          .substring(0, 12);

      try (Pty sh = Pty.shell(clone, shellEnvironment(home))) {
        sh.await("e2e$ ", LIMIT);

        // Install, with the README's lines as written.
        int m = sh.mark();
        for (String line : CleanClone.installLines().strip().split("\n")) {
          sh.type(line + "\r");
        }
        sh.type("echo \"[exit $?]\"\r").await(m, "[exit 0]", LIMIT);
        assertThat(sh.since(m)).containsPattern("(?m)^maint \\S+\r?$");
        assertThat(home.resolve(".local/bin/maint")).isSymbolicLink();

        // Walk from the repository that holds the configuration: no option needed.
        m = sh.mark();
        sh.type("cd " + ops + " && maint monthly; echo \"[exit $?]\"\r");
        sh.await(m, "[step 1 of 4] API health endpoint answers", LIMIT).await(m, "[q]uit >", LIMIT);
        assertThat(sh.since(m)).contains("GET http://127.0.0.1:" + http.getPort() + "/health");
        // Before the first step, what the walk will touch, each with where it comes from: the runbook
        // and the environment from the project file, the operator from the user file.
        Path config = ops.toRealPath().resolve(".maint.yaml");
        String opening = opening(sh.since(m));
        // The child process walks at the real date: the month's branch, checked against the record at the end.
        String thisMonth = opening.replaceAll("(?s).*\n  record       branch (\\S+) of .*", "$1");
        assertThat(thisMonth).matches("maintenance/\\d{4}-\\d{2}");
        assertThat(opening).isEqualTo("Walking monthly with:\n"
            + "  runbook      " + ops.toRealPath().resolve("runbook.yaml") + " (sha256 " + runbookSha + ")\n"
            + "  environment  staging (chosen by " + config + ":2:6)\n"
            + "  record       branch " + thisMonth + " of " + ops.toRealPath() + "\n"
            + "  operator     " + OPERATOR + "\n"
            // By name, each with where its value stands.
            + "  overrides    --set api_url=\"http://127.0.0.1:" + http.getPort() + "\" (from " + config + ":4:12),"
            + " --set app_dir=\"" + app + "\" (from " + config + ":7:12),"
            + " --set ca_file=\"" + ca + "\" (from " + config + ":6:12),"
            + " --set tls_port=\"" + tls.port() + "\" (from " + config + ":5:13)\n");
        // Staging was chosen, and the record goes to the operator's repository: nothing to warn about.
        assertThat(sh.since(m)).doesNotContain("maint: warning");
        m = sh.mark();
        sh.type("r").await(m, "PASS", LIMIT).await(m, "[step 2 of 4] API certificate has 30 days left", LIMIT)
            .await(m, "[q]uit >", LIMIT);
        m = sh.mark();
        sh.type("r").await(m, "PASS", LIMIT).await(m, "[step 3 of 4] Clean the build cache", LIMIT)
            .await(m, "[q]uit >", LIMIT);
        assertThat(sh.since(m)).contains("127.0.0.1:" + tls.port()).containsPattern("PASS[^\n]*days");
        m = sh.mark();
        sh.type("q").await(m, "Quit now?", LIMIT).type("y").await(m, "[exit 0]", LIMIT);
        String firstQuit = sh.since(m);
        assertThat(firstQuit).contains("Log entry committed to maintenance/", "continue it with: maint monthly --resume");

        // Resume from a folder outside any repository, repeating nothing.
        m = sh.mark();
        sh.type("cd " + elsewhere + " && maint monthly --resume; echo \"[exit $?]\"\r");
        sh.await(m, "Resuming session ", LIMIT).await(m, "[step 3 of 4] Clean the build cache", LIMIT)
            .await(m, "[q]uit >", LIMIT);
        // From a folder with no configuration, the session keeps the runbook, environment and values it began with.
        String resumed = opening(sh.since(m));
        assertThat(resumed).startsWith("Walking monthly with:\n"
            + "  runbook      " + ops.toRealPath().resolve("runbook.yaml") + " (sha256 " + runbookSha + ")\n"
            + "  environment  staging (chosen by " + config + ":2:6)\n"
            + "  record       branch " + thisMonth + " of " + ops.toRealPath() + "\n"
            + "  operator     " + OPERATOR + "\n"
            // The same values by name; no file here says where they stand, so none is named.
            + "  overrides    --set api_url=\"http://127.0.0.1:" + http.getPort() + "\", --set app_dir=\"" + app + "\","
            + " --set ca_file=\"" + ca + "\", --set tls_port=\"" + tls.port() + "\"\n");
        m = sh.mark();
        sh.type("r").await(m, "│ cleaned app", LIMIT).await(m, "[step 4 of 4] Read the release notes", LIMIT)
            .await(m, "[q]uit >", LIMIT);
        m = sh.mark();
        sh.type("q").await(m, "Quit now?", LIMIT).type("y").await(m, "[exit 0]", LIMIT);
        String hint = hint(sh.since(m));
        assertThat(hint).startsWith("maint monthly --resume");

        // The hint, pasted as printed in yet another folder, finishes the walk.
        m = sh.mark();
        sh.type("cd " + home + " && " + hint + "; echo \"[exit $?]\"\r");
        sh.await(m, "Resuming session ", LIMIT).await(m, "[step 4 of 4] Read the release notes", LIMIT)
            .await(m, "[q]uit >", LIMIT);
        m = sh.mark();
        sh.type("d").await(m, "[exit 0]", LIMIT);
        String summary = sh.since(m);
        assertThat(summary).containsPattern("api-health\\s+pass").containsPattern("api-cert\\s+pass")
            .containsPattern("clean-cache\\s+pass").containsPattern("release-notes\\s+pass\\s+done by operator")
            .contains("Log entry committed to maintenance/").doesNotContain("continue it with");
        String branch = branch(summary);
        assertThat(branch).isEqualTo(thisMonth);

        // The record: one row for the session, four passed steps, the operator's tree untouched.
        String log = git.run("show", branch + ":maintenance/log.md");
        // The configured set: values are overrides of the runbook, so the row names them (issue 10, item 3).
    assertThat(log.lines().filter(l -> l.contains("monthly (staging, overridden: api_url, app_dir, ca_file, tls_port)"))
        .toList()).as(log).hasSize(1);
        assertThat(log).contains("Ada Operator");
        String records = git.run("ls-tree", "--name-only", branch, "maintenance/records/");
        assertThat(records.lines().toList()).hasSize(1);
        JsonNode record = new ObjectMapper().readTree(git.run("show", branch + ":" + records.strip()));
        List<String> statuses = new ArrayList<>();
        record.findValues("status").forEach(s -> statuses.add(s.asText()));
        assertThat(record.toString()).contains("api-health", "api-cert", "clean-cache", "release-notes");
        assertThat(git.run("log", "--format=%an <%ae>", branch, "-1").strip()).isEqualTo(OPERATOR);
        assertThat(git.run("rev-parse", "main").strip()).isEqualTo(mainBefore);
        assertThat(git.run("status", "--porcelain")).isBlank();
        assertThat(http.getRequestCount()).isEqualTo(1);
        assertThat(statuses).doesNotContain("fail", "error", "skipped", "interrupted");
      }
    }
  }

  /** The environment of a new user's shell: a fresh HOME whose ~/.local/bin is on the PATH. */
  private static Map<String, String> shellEnvironment(Path home) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("LC_ALL", "C.UTF-8");
    env.put("NO_COLOR", "1");
    env.put("PS1", "e2e$ ");
    return env;
  }

  private static MockWebServer healthEndpoint() throws java.io.IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return "/health".equals(request.getTarget())
            ? new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build()
            : new MockResponse.Builder().code(404).build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  private static String hint(String screen) {
    Matcher m = HINT.matcher(screen);
    assertThat(m.find()).as(screen).isTrue();
    return m.group(1);
  }

  /** The opening lines a walk printed ({@code Walking ... with:} and the five after it), with Unix line ends. */
  private static String opening(String screen) {
    Matcher m = Pattern.compile("Walking [^\r\n]* with:\r?\n(?:  [^\r\n]*\r?\n){5}").matcher(screen);
    assertThat(m.find()).as(screen).isTrue();
    return m.group().replace("\r\n", "\n");
  }

  private static String branch(String screen) {
    Matcher m = Pattern.compile("Log entry committed to (maintenance/\\d{4}-\\d{2}) ").matcher(screen);
    assertThat(m.find()).as(screen).isTrue();
    return m.group(1);
  }
}
