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
import java.util.List;
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
    assertThat(log).containsPattern("\\| \\d{4}-\\d\\d-\\d\\d \\| monthly \\| Olivia Operator \\| monthly \\(production\\): "
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

  @Test
  void continuousRunsUnattendedAgainstTheHealthEndpoints() throws InterruptedException {
    CliHarness.Result r = new CliHarness(tmp).clock(Clock.fixed(NOV_4, ZoneOffset.UTC))
        .run(args("continuous", "--non-interactive"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("c1\\.3-health\\s+pass").containsPattern("c1\\.3-health-ready\\s+pass")
        .containsPattern("c1\\.3-health-dependencies\\s+pass").containsPattern("c1\\.1-review-grype-results\\s+manual");
    assertThat(server.getRequestCount()).isEqualTo(3);
    String branch = git.run("for-each-ref", "--format=%(refname:short)", "refs/heads/maintenance/");
    assertThat(branch).isEqualTo("maintenance/2026-W45\n");
    assertThat(git.run("log", "-1", "--format=%s", branch.strip())).startsWith("maint: continuous ").contains("3 done");
    assertThat(git.run("status", "--porcelain=v1", "--untracked-files=all")).isEqualTo("?? work-in-progress.txt\n");
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
