package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {
  @TempDir Path tmp;
  HeldCertificate root;
  Path ca;
  LoopbackTlsServer fresh;
  LoopbackTlsServer expiring;

  @BeforeEach
  void setUp() throws IOException {
    root = LoopbackPki.root("Check Root");
    ca = LoopbackPki.writePem(tmp.resolve("ca.pem"), root);
    fresh = LoopbackTlsServer.builder(LoopbackTlsServer.Identity.of(LoopbackPki.leaf("app.test", root, 200))).start();
    expiring = LoopbackTlsServer.builder(LoopbackTlsServer.Identity.of(LoopbackPki.leaf("old.test", root, 12))).start();
  }

  @AfterEach
  void tearDown() throws IOException {
    fresh.close();
    expiring.close();
  }

  private CliHarness maint() {
    return new CliHarness(tmp).clock(LoopbackPki.clock());
  }

  private String[] tlsArgs(String... extra) {
    String[] base = {"check", "tls", "app.test:" + fresh.port(), "old.test:" + expiring.port(), "--ca-file", ca.toString(),
        "--resolve", "app.test:" + fresh.port() + ":127.0.0.1", "--resolve", "old.test:" + expiring.port() + ":127.0.0.1"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void tlsTargetsOnTheCommandLineAreCheckedAndAWarningStillExitsZero() {
    CliHarness.Result r = maint().run(tlsArgs());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("PASS  app\\.test:\\d+ .*200 days")
        .containsPattern("WARN  old\\.test:\\d+ .*certificate expires in 12 days \\(minimum 30\\)");
  }

  @Test
  void targetsOnTheCommandLineAreCheckedWithoutReadingTheRunbook() throws IOException {
    Path broken = Files.writeString(tmp.resolve("broken.yaml"), "runbook: [unclosed\n");

    CliHarness.Result r = maint().run(tlsArgs("--runbook", broken.toString()));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("PASS  app\\.test:\\d+ ");
  }

  @Test
  void envAndSetWithTargetsReadTheRunbookOnlyForItsVariables() throws IOException {
    CliHarness.Result r = maint().run(tlsArgs("--set", "app_dir=/tmp"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("PASS  app\\.test:\\d+ ");

    Path broken = Files.writeString(tmp.resolve("broken.yaml"), "runbook: [unclosed\n");
    CliHarness.Result withBroken = maint().run(tlsArgs("--runbook", broken.toString(), "--set", "app_dir=/tmp"));
    assertThat(withBroken.exitCode()).isEqualTo(2);
    assertThat(withBroken.err()).startsWith(broken + ":2:1: invalid YAML");
  }

  @Test
  void failOnWarnTurnsAWarningIntoExitOne() {
    assertThat(maint().run(tlsArgs("--fail-on", "warn")).exitCode()).isEqualTo(1);
  }

  @Test
  void failThresholdFailsTheCheck() {
    CliHarness.Result r = maint().run(tlsArgs("--fail-days", "14"));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL  old\\.test:\\d+ .*certificate expires in 12 days \\(minimum 14\\)");
  }

  @Test
  void jsonFormatPrintsOnlyTheReport() throws IOException {
    CliHarness.Result r = maint().run(tlsArgs("--format", "json"));

    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.get("schema").asText()).isEqualTo("maint-check/1");
    assertThat(report.get("results")).hasSize(2);
    assertThat(report.get("results").get(1).get("status").asText()).isEqualTo("warn");
    assertThat(report.get("results").get(1).get("target").asText()).isEqualTo("old.test:" + expiring.port());
  }

  @Test
  void withoutTargetsTheRunbooksProbesRun() throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: probes
        variables:
          host: app.test
          port: "%d"
          ca: %s
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - id: tls-app
                    title: TLS of app
                    tls: {host: "${host}", port: "${port}", ca_file: "${ca}"}
                  - id: tls-app-again
                    title: Same host, checked once
                    tls: {host: "${host}", port: "${port}", ca_file: "${ca}"}
                  - id: db-ca
                    title: Database CA
                    cert: {path: "${ca}", warn_days: 90}
        """.formatted(fresh.port(), ca));

    CliHarness.Result r = maint().run("check", "all", "--runbook", runbook.toString(),
        "--resolve", "app.test:" + fresh.port() + ":127.0.0.1");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out()).containsPattern("PASS  tls-app  app\\.test:\\d+").containsPattern("PASS  db-ca    " + ca + " ");
  }

  @Test
  void withoutTargetsTheRunbooksProbesTrustTheCaFileOfTheCommandLine() throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: probes
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - id: tls-app
                    title: TLS of app, signed by a private CA the step does not name
                    tls: {host: app.test, port: "%d"}
        """.formatted(fresh.port()));
    String[] args = {"check", "tls", "--runbook", runbook.toString(), "--resolve", "app.test:" + fresh.port() + ":127.0.0.1"};

    CliHarness.Result untrusted = maint().run(args);
    CliHarness.Result trusted = maint().run(List.of(args), "--ca-file", ca.toString());

    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(untrusted.out()).containsPattern("FAIL  tls-app  app\\.test:\\d+");
    assertThat(trusted.exitCode()).as(trusted.out() + trusted.err()).isZero();
    assertThat(trusted.out()).containsPattern("PASS  tls-app  app\\.test:\\d+");
  }

  @Test
  void aWalksProbesTrustTheCaFileOfTheCommandLineAndItsRecordSaysSo() throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: probes
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - id: tls-app
                    title: TLS of app, signed by a private CA the step does not name
                    tls: {host: app.test, port: "%d"}
        """.formatted(fresh.port()));
    Path records = tmp.resolve("records");
    List<String> args = List.of("monthly", "--non-interactive", "--runbook", runbook.toString(), "--repo",
        tmp.toString(), "--workdir", tmp.toString(), "--operator", "Ada <ada@example.test>", "--no-commit",
        "--record-dir", records.toString(), "--resolve", "app.test:" + fresh.port() + ":127.0.0.1");

    CliHarness.Result untrusted = maint().run(args);
    CliHarness.Result trusted = maint().run(args, "--ca-file", ca.toString());

    assertThat(untrusted.exitCode()).isEqualTo(1);
    assertThat(trusted.exitCode()).as(trusted.out() + trusted.err()).isZero();
    assertThat(trusted.out()).contains("  overrides    --resolve app.test:" + fresh.port() + ":127.0.0.1, --ca-file " + ca);
    try (var files = Files.list(records)) {
      List<JsonNode> overrides = files.map(f -> {
        try {
          return new ObjectMapper().readTree(f.toFile()).path("overrides");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
      assertThat(overrides).extracting(o -> o.path("ca_file").asText()).containsExactlyInAnyOrder("", ca.toString());
    }
  }

  @Test
  void checkAllNamesTheStepOfEachCheckSoChecksOfOneTargetCanBeToldApart() throws IOException {
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: probes
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - id: tls-app
                    title: TLS of app
                    tls: {host: app.test, port: "%1$d", ca_file: "%2$s"}
                  - id: tls-app-a-year-ahead
                    title: TLS of app, a year ahead
                    tls: {host: app.test, port: "%1$d", ca_file: "%2$s", warn_days: 365}
        """.formatted(fresh.port(), ca));

    CliHarness.Result r = maint().run("check", "all", "--runbook", runbook.toString(),
        "--resolve", "app.test:" + fresh.port() + ":127.0.0.1");

    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.out()).contains("PASS  tls-app               app.test:" + fresh.port() + "  ")
        .contains("WARN  tls-app-a-year-ahead  app.test:" + fresh.port() + "  certificate expires in 200 days");
  }

  @Test
  void anInsecurePassSaysTrustWasNotChecked() {
    CliHarness.Result r = maint().run("check", "tls", "app.test:" + fresh.port(), "--insecure",
        "--resolve", "app.test:" + fresh.port() + ":127.0.0.1");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("PASS  app.test:" + fresh.port()
        + "  certificate valid for 200 days (app.test); trust not checked (insecure)\n");
  }

  @Test
  void adHocTargetsHaveNoStepColumn() {
    CliHarness.Result r = maint().run(tlsArgs());

    assertThat(r.out()).startsWith("PASS  app.test:" + fresh.port() + "  ");
  }

  @Test
  void refusedConnectionIsAnErrorAndExitsOne() throws IOException {
    int port = expiring.port();
    expiring.close();

    CliHarness.Result r = maint().run("check", "tls", "127.0.0.1:" + port);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).startsWith("ERROR 127.0.0.1:" + port);
  }

  @Test
  void aPrivateKeyFileIsNamedAsHoldingNoCertificate() throws IOException {
    Path key = Files.writeString(tmp.resolve("good.key"), root.privateKeyPkcs8Pem());

    CliHarness.Result r = maint().run("check", "cert", key.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("ERROR " + key + "  " + key + " holds no certificate (found a PRIVATE KEY PEM block)\n");
  }

  @Test
  void malformedTargetIsAUsageError() {
    CliHarness.Result r = maint().run("check", "tls", "app.test:http");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: invalid target 'app.test:http': port 'http' is not a number from 1 to 65535\n");
  }

  @ParameterizedTest(name = "tls \"{0}\"")
  @ValueSource(strings = {":443", "", "a b", "app.test:8441:9", "[::1", "exa%6dple.test"})
  void aTlsTargetThatIsNoHostIsAUsageErrorBeforeAnythingIsContacted(String target) {
    CliHarness.Result r = maint().run("check", "tls", target);

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("maint: invalid target '" + target + "': ");
  }

  @Test
  void anHttpTargetThatIsNoUrlIsAUsageError() {
    CliHarness.Result r = maint().run("check", "http", "https://exa mple.test/");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: invalid URL 'https://exa mple.test/'\n");
  }

  @Test
  void anEmptyFileOrADeviceOrAPipeIsNamedForWhatItIs() throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.pem"));
    Path fifo = tmp.resolve("fifo.pem");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    assertThat(maint().run("check", "cert", "/dev/null").err())
        .isEqualTo("maint: invalid target '/dev/null': not a regular file (a device or a pipe), not a certificate file\n");
    assertThat(maint().run("check", "cert", fifo.toString()).err())
        .isEqualTo("maint: invalid target '" + fifo + "': not a regular file (a device or a pipe), not a certificate file\n");
    CliHarness.Result r = maint().run("check", "cert", empty.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: invalid target '" + empty + "': the file is empty, not a certificate file\n");
  }

  @Test
  void aTruncatedOrEmptyPemBlockIsWordedPlainlyWithoutJavaNames() throws IOException {
    Path whole = LoopbackPki.writePem(tmp.resolve("whole.pem"), LoopbackPki.root("Cut Root"));
    String pem = Files.readString(whole);
    Path cut = Files.writeString(tmp.resolve("cut.pem"), pem.substring(0, 200));
    Path empty = Files.writeString(tmp.resolve("hollow.pem"), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

    CliHarness.Result truncated = maint().run("check", "cert", cut.toString());
    CliHarness.Result hollow = maint().run("check", "cert", empty.toString());

    assertThat(truncated.exitCode()).isEqualTo(1);
    assertThat(truncated.out()).isEqualTo("ERROR " + cut + "  " + cut
        + " holds a truncated CERTIFICATE PEM block (no -----END CERTIFICATE----- line)\n");
    assertThat(hollow.exitCode()).isEqualTo(1);
    assertThat(hollow.out()).startsWith("ERROR " + empty + "  no valid certificate in " + empty + ": ")
        .doesNotContain("java.", "Exception").hasLineCount(1);
  }

  @Test
  void aRefusedTlsConnectionReadsPlainly() throws IOException {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }

    CliHarness.Result r = maint().run("check", "tls", "127.0.0.1:" + port);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("ERROR 127.0.0.1:" + port + "  cannot connect to 127.0.0.1:" + port + ": connection refused\n");
  }

  @Test
  void aUrlGivenToTlsSaysTheSchemeIsNotSupportedAndWhatIsTaken() {
    CliHarness.Result r = maint().run("check", "tls", "ldap://host.test");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: invalid target 'ldap://host.test': tls takes HOST[:PORT] or [ADDRESS]:PORT,"
        + " not a URL (scheme 'ldap' is not supported; STARTTLS: --starttls postgres or smtp)\n");
  }

  @Test
  void aPasswordInAUrlIsMaskedOnTheScreenAndInJson() throws IOException {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    String url = "http://ada:hunter2pw@127.0.0.1:" + port + "/";

    CliHarness.Result table = maint().run("check", "http", url, "-v");
    CliHarness.Result json = maint().run("check", "http", url, "--format", "json");

    assertThat(table.out()).doesNotContain("hunter2pw").contains("http://ada:***@127.0.0.1:" + port + "/");
    assertThat(json.out()).doesNotContain("hunter2pw").contains("http://ada:***@127.0.0.1:" + port + "/");
    assertThat(table.err() + json.err()).doesNotContain("hunter2pw");
  }

  @Test
  void aMissingCertificateFileIsAUsageError() {
    CliHarness.Result r = maint().run("check", "cert", "nope.pem");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: invalid target 'nope.pem': no such certificate file\n");
  }

  @DisplayName("V2: a directory named as a certificate file is called a directory")
  @Test
  void aDirectoryAsCertificateFileIsAUsageErrorNamingIt() throws IOException {
    Files.createDirectories(tmp.resolve("certs"));

    CliHarness.Result r = maint().run("check", "cert", "certs");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("maint: invalid target 'certs': is a directory, not a certificate file\n");
  }

  @DisplayName("V2: a file that is neither PEM nor DER gets one clean reason")
  @Test
  void aSerialNumberFileHoldsNoCertificate() throws IOException {
    Path serial = Files.writeString(tmp.resolve("ca.srl"), "3F2A\n");

    CliHarness.Result r = maint().run("check", "cert", serial.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("ERROR " + serial + "  " + serial + " holds no certificate (neither PEM nor DER)\n");
  }

  @DisplayName("V2: cert steps of a walk give the same reasons as maint check cert")
  @Test
  void certStepsOfAWalkNameADirectoryAndAFileWithoutCertificate() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("certs"));
    Path serial = Files.writeString(tmp.resolve("ca.srl"), "3F2A\n");
    Path runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: certs
        cadences:
          - id: monthly
            sections:
              - id: s
                title: S
                steps:
                  - {id: dir, title: A directory, cert: {path: "%s"}}
                  - {id: serial, title: A serial file, cert: {path: "%s"}}
        """.formatted(dir, serial));

    CliHarness.Result r = maint().run("monthly", "--runbook", runbook.toString(), "--non-interactive",
        "--no-commit", "--report", "json=report.json");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    JsonNode steps = new ObjectMapper().readTree(tmp.resolve("report.json").toFile()).path("steps");
    assertThat(steps.get(0).path("reason").asText()).isEqualTo(dir + " is a directory, not a certificate file");
    assertThat(steps.get(1).path("reason").asText()).isEqualTo(serial + " holds no certificate (neither PEM nor DER)");
  }

  @Test
  void anExistingCertificateFileIsChecked() throws IOException {
    LoopbackPki.writePem(tmp.resolve("leaf.pem"), LoopbackPki.leaf("app.test", root, 200));

    CliHarness.Result r = maint().run("check", "cert", tmp.resolve("leaf.pem").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void aHostThatIsNoHostNameIsAUsageErrorBeforeAnyLookup() {
    for (String target : List.of("local$(id)host", "local$(id)host:" + fresh.port(), "a;b.test", "a`b`.test")) {
      CliHarness.Result r = maint().run("check", "tls", target);
      assertThat(r.exitCode()).as(target + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(target).startsWith("maint: invalid target '" + target + "': ")
          .contains("is not a host name or IP address").hasLineCount(1);
      assertThat(r.out()).isEmpty();
    }
    CliHarness.Result url = maint().run("check", "http", "http://local$(id)host/");
    assertThat(url.exitCode()).as(url.err()).isEqualTo(2);
    assertThat(url.err()).isEqualTo("maint: invalid URL 'http://local$(id)host/': 'local$(id)host' is not a host name or IP address\n");
    CliHarness.Result name = maint().run(tlsArgs("--name", "app$(id).test"));
    assertThat(name.exitCode()).isEqualTo(2);
    assertThat(name.err()).isEqualTo("maint: --name app$(id).test: not a host name or IP address\n");
  }

  @Test
  void aCaFileWithoutACertificateIsAUsageErrorNamingItBeforeAnythingIsContacted() throws IOException {
    java.nio.file.Path notCa = java.nio.file.Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    java.nio.file.Path key = java.nio.file.Files.writeString(tmp.resolve("key.pem"),
        "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    String[] args = {"check", "tls", "app.test:" + fresh.port(), "--resolve", "app.test:" + fresh.port() + ":127.0.0.1"};

    CliHarness.Result r = maint().run(List.of(args), "--ca-file", notCa.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: --ca-file " + notCa + ": holds no certificate (neither PEM nor DER)\n");
    assertThat(r.out()).isEmpty();
    CliHarness.Result k = maint().run(List.of(args), "--ca-file", key.toString());
    assertThat(k.exitCode()).isEqualTo(2);
    assertThat(k.err()).isEqualTo("maint: --ca-file " + key + ": holds no certificate (found a PRIVATE KEY PEM block)\n");
    assertThat(maint().run("check", "tls", "app.test:" + fresh.port(), "--ca-file", tmp.toString()).err())
        .isEqualTo("maint: --ca-file " + tmp + ": no such readable file\n");
  }
}
