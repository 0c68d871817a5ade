package dev.maint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.runbook.Cadence;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.When;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.maint.cli.WorkflowsTest;
import dev.maint.testing.JUnitXml;
import org.w3c.dom.Document;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's main job on the embedded seed runbook: a loopback HTTPS stand-in answers for the
 * seed's hosts, a fresh git repository receives the log entry, and {@code git} checks the result.
 */
class SeedWalkEndToEndTest {
  private static final String API = "connect-api.forma3d.be";
  private static final String WEB = "connect.forma3d.be";

  /** Wednesday of the first working week of November 2026, 09:00 in Brussels. */
  private static final Instant NOV_4 = Instant.parse("2026-11-04T08:00:00Z");

  @TempDir Path tmp;
  MockWebServer server;
  Path caFile;
  Path repo;
  Path app;
  Git git;

  @BeforeEach
  void setUp() throws IOException {
    Instant now = NOV_4;
    HeldCertificate root = new HeldCertificate.Builder().commonName("Test Root").certificateAuthority(0)
        .validityInterval(now.minus(Duration.ofDays(30)).toEpochMilli(), now.plus(Duration.ofDays(3650)).toEpochMilli())
        .build();
    HeldCertificate leaf = new HeldCertificate.Builder().commonName(API)
        .addSubjectAlternativeName(API).addSubjectAlternativeName(WEB).signedBy(root)
        .validityInterval(now.minus(Duration.ofDays(30)).toEpochMilli(), now.plus(Duration.ofDays(90)).toEpochMilli())
        .build();
    caFile = tmp.resolve("ca.pem");
    Files.writeString(caFile, root.certificatePem());
    server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, root.certificate()).build().sslSocketFactory());
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getTarget();
        if (path.equals("/health") || path.equals("/health/ready") || path.equals("/health/dependencies")) {
          return new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build();
        }
        if (path.startsWith("/api/0/projects/forma3d/forma3d-connect/issues/")) {
          return new MockResponse.Builder().code(200).body("[]").build();
        }
        if (path.equals("/api/status-page/heartbeat/forma3d")) {
          return new MockResponse.Builder().code(200).body("{\"heartbeatList\": {\"1\": [{\"status\": 1,"
              + " \"time\": \"2026-11-04 07:59:00\", \"msg\": \"\", \"ping\": 40}]}, \"uptimeList\": {\"1_24\": 1}}").build();
        }
        return new MockResponse.Builder().code(404).build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    repo = tmp.resolve("ops");
    app = Files.createDirectories(tmp.resolve("forma3d-connect"));
    git = Git.initWithCommit(repo);
    Files.writeString(repo.resolve("work-in-progress.txt"), "uncommitted\n");
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  private String[] args(String cadence, String... extra) {
    int port = server.getPort();
    String[] base = {cadence, "--repo", repo.toString(), "--set", "app_dir=" + app,
        "--set", "api_port=" + port, "--set", "web_port=" + port, "--set", "ca_file=" + caFile,
        "--set", "staging_api_host=" + API + ":" + port,
        "--resolve", API + ":" + port + ":127.0.0.1", "--resolve", WEB + ":" + port + ":127.0.0.1",
        "--operator", "Olivia Operator <olivia@forma3d.test>"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  /** Keys for every monthly step: manual done, commands skipped (no pnpm here), probes run. */
  private static String monthlyKeys() {
    StringBuilder keys = new StringBuilder();
    for (Cadence.PlacedStep p : RunbookLoader.loadDefault().cadence("monthly").orElseThrow().steps()) {
      if (p.step().when() != When.ALWAYS) {
        continue;
      }
      switch (p.step().kind()) {
        case "manual" -> keys.append(p.step().id().equals("m2.3-grafana-anomalies") ? "nno anomalies\rd" : "d");
        case "run" -> keys.append("spnpm is not installed in this test\r");
        case "http" -> keys.append(p.step().id().equals("m2.2-staging-health") ? "r" : "sno stand-in here\r");
        default -> keys.append("r");
      }
    }
    return keys.toString();
  }

  @Test
  void monthlyWalkOfTheSeedRunbookCommitsItsLogRowOnTheMonthBranch() {
    String statusBefore = git.run("status", "--porcelain=v1", "--untracked-files=all");
    String headBefore = git.run("rev-parse", "HEAD");
    CliHarness maint = new CliHarness(tmp).clock(Clock.fixed(NOV_4, ZoneOffset.UTC)).typing(monthlyKeys());

    CliHarness.Result r = maint.run(args("monthly"));

    String screen = maint.terminalOutput();
    int total = RunbookLoader.loadDefault().cadence("monthly").orElseThrow().steps().size();
    assertThat(screen).contains("[step 1 of " + total + "]", "[step " + total + " of " + total + "]");
    assertThat(screen).containsPattern("PASS " + API.replace(".", "\\.") + ":\\d+ .*\\b(8[89]|90) days");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("m2\\.4-tls-web\\s+pass");
    assertThat(r.out()).containsPattern("m2\\.4-renewal-failing\\s+skipped\\s+condition not met");

    String branch = "maintenance/2026-11";
    assertThat(git.run("branch", "--list", branch)).contains(branch);
    assertThat(git.run("log", "-1", "--format=%an <%ae>", branch)).isEqualTo("Olivia Operator <olivia@forma3d.test>\n");
    String log = git.run("show", branch + ":maintenance/log.md");
    assertThat(log).contains("| Date | Cadence | Operator | Activities | Issues Found | Notes |");
    // Its probes went to loopback stand-ins: the row says production was overridden, and by what.
    assertThat(log).containsPattern("\\| \\d{4}-\\d\\d-\\d\\d \\| monthly \\| Olivia Operator \\| monthly"
        + " \\(production, overridden: api_port, app_dir, ca_file, staging_api_host, web_port, --resolve\\): "
        + total + " of " + total + " steps .*\\| m2\\.3-grafana-anomalies: no anomalies \\|");
    assertThat(git.run("status", "--porcelain=v1", "--untracked-files=all")).isEqualTo(statusBefore);
    assertThat(git.run("rev-parse", "HEAD")).isEqualTo(headBefore);
    assertThat(git.run("symbolic-ref", "HEAD")).isEqualTo("refs/heads/main\n");
  }

  @Test
  void decembersMonthlyWalksOnlyTheLightSections() {
    Instant december = Instant.parse("2026-12-02T08:00:00Z");
    Cadence monthly = RunbookLoader.loadDefault().cadence("monthly").orElseThrow();
    List<String> light = monthly.lightSteps().stream().map(p -> p.step().id()).toList();

    CliHarness.Result r = new CliHarness(tmp).clock(Clock.fixed(december, ZoneOffset.UTC))
        .run(args("monthly", "--non-interactive", "--no-commit"));

    assertThat(light).isNotEmpty().hasSizeLessThan(monthly.steps().size());
    assertThat(r.out()).contains("This month's monthly cycle is light (security patches only): walking sections 2.1, 2.2, 2.4");
    assertThat(r.out()).contains("(" + light.size() + " of " + light.size() + " steps recorded)");
    assertThat(r.out()).doesNotContain("m2.3-grafana-anomalies");
  }

  /** Stand-ins for the tools the continuous checks run: Grype's JSON, Cosign's verification. */
  private Path standIns() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path grype = bin.resolve("grype");
    Files.writeString(grype, "#!/bin/sh\n# grype IMAGE -o json: no match left after .grype.yaml\n"
        + "echo '{\"matches\": [], \"ignoredMatches\": [{\"vulnerability\": {\"id\": \"CVE-2026-0009\","
        + " \"severity\": \"High\"}, \"appliedIgnoreRules\": [{\"vulnerability\": \"CVE-2026-0009\"}]}],"
        + " \"source\": {\"type\": \"image\"}, \"descriptor\": {\"name\": \"grype\"}}'\n");
    Path cosign = bin.resolve("cosign");
    Files.writeString(cosign, "#!/bin/sh\necho \"Verification for $4 --\" >&2\necho '[{\"critical\": {}}]'\n");
    for (Path p : List.of(grype, cosign)) {
      p.toFile().setExecutable(true);
    }
    Files.writeString(app.resolve("sbom.spdx.json"), "{\"spdxVersion\": \"SPDX-2.3\"}\n");
    Files.writeString(app.resolve(".grype.yaml"), "ignore:\n  - vulnerability: CVE-2026-0009\n");
    return bin;
  }

  /** The step of maintenance.yml that walks the continuous cadence. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> workflowWalkStep() throws IOException {
    Map<String, Object> workflow;
    try (var in = Files.newInputStream(Path.of(".github/workflows/maintenance.yml"))) {
      workflow = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    for (Object job : ((Map<String, Object>) workflow.get("jobs")).values()) {
      for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
        if (String.valueOf(step.get("run")).startsWith("scripts/maint continuous")) {
          return step;
        }
      }
    }
    throw new AssertionError("maintenance.yml has no step running scripts/maint continuous");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWeeklyWorkflowsContinuousRunDecidesItsChecksAgainstStandInsAndReportsThemAsTestCases() throws Exception {
    Map<String, Object> step = workflowWalkStep();
    CliHarness maint = new CliHarness(tmp).clock(Clock.fixed(NOV_4, ZoneOffset.UTC))
        .env("PATH", standIns() + ":" + System.getenv("PATH"));
    ((Map<String, Object>) step.get("env")).forEach((name, value) -> {
      String v = String.valueOf(value);
      if (v.contains("secrets.")) {
        maint.env(name, "test-" + name.toLowerCase(java.util.Locale.ROOT));
      } else if (name.equals("MAINT_LOG_DIR")) {
        maint.env(name, tmp.resolve("maint-logs").toString());
      }
    });
    List<String> args = new ArrayList<>(WorkflowsTest.words(String.valueOf(step.get("run")).replace("$GITHUB_WORKSPACE",
        app.toString())));
    args.remove(0);
    String origin = "https://" + API + ":" + server.getPort();
    int port = server.getPort();
    args.addAll(List.of("--repo", repo.toString(), "--set", "app_dir=" + app, "--set", "api_port=" + port,
        "--set", "ca_file=" + caFile, "--resolve", API + ":" + port + ":127.0.0.1"));
    args.addAll(List.of("--set", "sentry_url=" + origin, "--set", "uptime_kuma_url=" + origin));

    CliHarness.Result r = maint.run(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("c1\\.1-review-grype-results\\s+pass\\s+0 critical or high vulnerabilities")
        .containsPattern("c1\\.1-sbom-freshness\\s+pass\\s+/age_days is 0 \\(<= 7\\)")
        .containsPattern("c1\\.2-unresolved-issues\\s+pass").containsPattern("c1\\.2-regressions\\s+pass")
        .containsPattern("c1\\.3-uptime-kuma\\s+pass").containsPattern("c1\\.4-cosign-signing\\s+pass")
        .containsPattern("c1\\.1-grype-exclusions\\s+manual");
    RecordedRequest sentry = null;
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest q = server.takeRequest();
      if (q.getTarget().startsWith("/api/0/projects/")) {
        sentry = q;
      }
    }
    assertThat(sentry).isNotNull();
    assertThat(sentry.getHeaders().get("Authorization")).isEqualTo("Bearer test-sentry_auth_token");
    Document junit = JUnitXml.parse(Files.readString(tmp.resolve("target/maint/junit.xml")));
    int decided = 0;
    for (Cadence.PlacedStep p : RunbookLoader.loadDefault().cadence("continuous").orElseThrow().steps()) {
      String outcome = JUnitXml.outcome(JUnitXml.testcase(junit, p.step().id()));
      assertThat(outcome).as(p.step().id()).isEqualTo(p.step().decidedByMaint() ? "passed" : "skipped");
      decided += p.step().decidedByMaint() ? 1 : 0;
    }
    assertThat(decided).isGreaterThanOrEqualTo(7);
  }

  @Test
  void aMissingCredentialIsAnErrorNamingTheVariable() throws IOException {
    CliHarness.Result r = new CliHarness(tmp).clock(Clock.fixed(NOV_4, ZoneOffset.UTC))
        .env("PATH", standIns() + ":" + System.getenv("PATH")).unsetEnv("SENTRY_AUTH_TOKEN")
        .run(args("continuous", "--non-interactive", "--no-commit"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("c1\\.2-unresolved-issues\\s+error\\s+variable 'sentry_token': environment "
        + "variable SENTRY_AUTH_TOKEN is not set");
  }

  @Test
  void unreachableHealthEndpointMakesTheUnattendedRunExitOne() throws IOException {
    int port = server.getPort();
    server.close();

    CliHarness.Result r = new CliHarness(tmp).clock(Clock.fixed(NOV_4, ZoneOffset.UTC))
        .run(args("continuous", "--non-interactive", "--set", "api_port=" + port));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("c1\\.3-health\\s+error");
  }
}
