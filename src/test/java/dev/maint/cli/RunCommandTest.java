package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.probe.LoopbackPki;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maint run}: the test runbook's quick reference holds a shell command and, against {@code
 * localhost}, an openssl and a curl command that run as probes against a loopback HTTPS server.
 */
class RunCommandTest {
  @TempDir Path tmp;
  Walks schedule;
  MockWebServer server;
  Path caFile;

  @BeforeEach
  void setUp() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    HeldCertificate root = LoopbackPki.root("Test Root");
    HeldCertificate leaf = LoopbackPki.leaf("localhost", root, 60);
    caFile = LoopbackPki.writePem(tmp.resolve("ca.pem"), root);
    server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, root.certificate()).build().sslSocketFactory());
    server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  private CliHarness.Result run(String... args) {
    return new CliHarness(tmp).clock(LoopbackPki.clock())
        .run(List.of("run", "--runbook", schedule.runbook().toString(), "--workdir", schedule.app().toString()), args);
  }

  private String[] loopback(String name) {
    int port = server.getPort();
    return new String[] {name, "--set", "api_port=" + port, "--resolve", "localhost:" + port + ":127.0.0.1",
        "--ca-file", caFile.toString()};
  }

  @Test
  void shellCommandRunsWithTheRunbooksVariablesAndItsOutputShown() {
    CliHarness.Result r = run("hello", "--set", "greeting=hi");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("$ echo hi world\nhi world\n");
  }

  @Test
  void opensslCommandExplainsAndRunsMaintCheckTls() {
    CliHarness.Result r = run(loopback("tls-api-dates"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("tls-api-dates is a tls probe: maint check tls localhost:" + server.getPort() + "\n");
    assertThat(r.out()).containsPattern("PASS +localhost:" + server.getPort() + " .*valid for 60 days");
  }

  @Test
  void curlCommandExplainsAndRunsMaintCheckHttp() {
    CliHarness.Result r = run(loopback("health"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("health is a http probe: maint check http https://localhost:" + server.getPort() + "/health\n");
    assertThat(r.out()).containsPattern("PASS +https://localhost:\\d+/health");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void listShowsEachGroupWithWhatRuns() {
    CliHarness.Result r = new CliHarness(tmp).run("run", "--list");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("TLS / Certificates\n  tls-api-dates        maint check tls connect-api.forma3d.be:443\n")
        .contains("  health               maint check http https://connect-api.forma3d.be/health\n")
        .contains("  pnpm-audit           $ pnpm audit\n                       Vulnerability scan\n");
  }

  @Test
  void failingCommandExitsOneWithTheReason() throws IOException {
    schedule.editRunbook("command: 'echo ${greeting} world'", "command: 'exit 4'");

    CliHarness.Result r = run("hello");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("maint: hello: exit code 4 (expected 0)\n");
  }

  @Test
  void unknownNameIsAUsageError() {
    CliHarness.Result r = run("nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no quick-reference command 'nope' (maint run --list shows them)\n");
  }
}
