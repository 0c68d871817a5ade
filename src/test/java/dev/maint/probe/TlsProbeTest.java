package dev.maint.probe;

import static dev.maint.probe.LoopbackPki.intermediate;
import static dev.maint.probe.LoopbackPki.leaf;
import static dev.maint.probe.LoopbackPki.root;
import static dev.maint.probe.LoopbackPki.until;
import static dev.maint.probe.LoopbackPki.writePem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.maint.probe.LoopbackTlsServer.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsProbeTest {
  private static final BooleanSupplier NEVER = () -> false;
  /** Generous: a probe that honours its 1 s deadline ends far sooner, one that does not far later. */
  private static final long BOUND_MS = 10_000;

  private static HeldCertificate rootCa;
  private static HeldCertificate otherRoot;

  @TempDir Path dir;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @BeforeAll
  static void cas() {
    rootCa = root("Test Root CA");
    otherRoot = root("Other Root CA");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
  }

  /** A request with warn 30, fail 7, trusting {@link #rootCa} through ca_file. */
  private final class Req {
    String host;
    int port;
    Optional<String> name = Optional.empty();
    Optional<String> connect = Optional.empty();
    int warn = 30;
    int fail = 7;
    Optional<Path> ca;
    boolean insecure;
    Optional<String> starttls = Optional.empty();
    Duration timeout = Duration.ofSeconds(5);

    Req(String host, int port) throws IOException {
      this.host = host;
      this.port = port;
      this.ca = Optional.of(writePem(dir.resolve("ca.pem"), rootCa));
    }

    TlsProbe.Request build() {
      return new TlsProbe.Request(host, port, name, connect, warn, fail, ca, insecure, starttls, timeout);
    }
  }

  private LoopbackTlsServer serve(LoopbackTlsServer.Builder b) throws IOException {
    LoopbackTlsServer s = b.start();
    servers.add(s);
    return s;
  }

  private LoopbackTlsServer serve(HeldCertificate leaf, HeldCertificate... chain) throws IOException {
    return serve(LoopbackTlsServer.builder(Identity.of(leaf, chain)));
  }

  /** Checks {@code req} with {@code name:port} fixed to 127.0.0.1, as {@code --resolve} does. */
  private static ProbeResult check(Req req) {
    ProbeContext ctx = LoopbackPki.context(Map.of(req.host + ":" + req.port, "127.0.0.1"));
    return new TlsProbe(ctx).check(req.build(), NEVER);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }

  // ---- P1: the effective expiry is the earliest on the path, naming who sets it ----

  /** Root, intermediate with {@code interDays} left, leaf app.test; the server sends leaf + intermediate. */
  private ProbeResult checkChain(long interDays, long leafDays) throws IOException {
    HeldCertificate inter = intermediate("Test Intermediate CA", rootCa, interDays);
    LoopbackTlsServer s = serve(leaf("app.test", inter, leafDays), inter);
    return check(new Req("app.test", s.port()));
  }

  @DisplayName("P1: expiring intermediate fails even when leaf is fresh")
  @Test
  void p1_expiringIntermediateFailsEvenWhenLeafIsFresh() throws Exception {
    ProbeResult r = checkChain(3, 60);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo(
            "certificate expires in 3 days (minimum 7), set by intermediate \"Test Intermediate CA\";"
                + " leaf app.test has 60 days");
    assertThat(map(r.details().get("effective_expiry"))).containsEntry("days_left", 3L).containsEntry("role", "intermediate");
    assertThat(r.details()).containsEntry("leaf_days_left", 60L).containsEntry("validated", true);
    assertThat(list(r.details().get("certificates"))).extracting(c -> c.get("days_left")).containsExactly(60L, 3L);
  }

  @DisplayName("P1: intermediate under warn days warns naming it")
  @Test
  void p1_intermediateUnderWarnDaysWarnsNamingIt() throws Exception {
    ProbeResult r = checkChain(20, 60);

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason()).startsWith("certificate expires in 20 days (minimum 30), set by intermediate \"Test Intermediate CA\"");
  }

  @DisplayName("P1: expired intermediate fails naming it")
  @Test
  void p1_expiredIntermediateFailsNamingIt() throws Exception {
    ProbeResult r = checkChain(-2, 60);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate expired 2 days ago: \"Test Intermediate CA\"");
    assertThat(r.details()).containsEntry("validated", false);
  }

  @DisplayName("P1: expiring leaf under fresh intermediate fails with plain reason")
  @Test
  void p1_expiringLeafUnderFreshIntermediateFailsWithPlainReason() throws Exception {
    ProbeResult r = checkChain(400, 5);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate expires in 5 days (minimum 7)");
  }

  @DisplayName("P1: trust anchor sent by the server counts in the effective expiry")
  @Test
  void p1_trustAnchorSentByTheServerCountsInTheEffectiveExpiry() throws Exception {
    HeldCertificate shortRoot = until(2).commonName("Short Root").certificateAuthority(1).build();
    HeldCertificate inter = intermediate("Test Intermediate CA", shortRoot, 400);
    LoopbackTlsServer s = serve(leaf("app.test", inter, 90), inter, shortRoot);
    Req req = new Req("app.test", s.port());
    req.ca = Optional.of(writePem(dir.resolve("short.pem"), shortRoot));

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo("certificate expires in 2 days (minimum 7), set by trust anchor \"Short Root\"; leaf app.test has 90 days");
    assertThat(map(r.details().get("effective_expiry"))).containsEntry("role", "trust anchor");
  }

  @DisplayName("P1: missing intermediate is an incomplete chain")
  @Test
  void p1_missingIntermediateIsAnIncompleteChain() throws Exception {
    HeldCertificate inter = intermediate("Test Intermediate CA", rootCa, 400);
    LoopbackTlsServer s = serve(leaf("app.test", inter, 60));

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("incomplete chain: issuer \"CN=Test Intermediate CA\" of \"app.test\"");
  }

  @DisplayName("P1: chain to an untrusted root fails")
  @Test
  void p1_chainToAnUntrustedRootFails() throws Exception {
    HeldCertificate inter = intermediate("Test Intermediate CA", otherRoot, 400);
    LoopbackTlsServer s = serve(leaf("app.test", inter, 60), inter, otherRoot);

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate chain ends at untrusted root \"Other Root CA\"");
  }

  // ---- P3 (TLS side) lives in HttpProbeTest, next to its HTTP half ----

  // ---- P4: SNI picks the certificate ----

  /** One port: {@code fallback} (10 days) without SNI or for other names, app.test (200 days) by SNI. */
  private LoopbackTlsServer sniServer(String fallback) throws IOException {
    return serve(
        LoopbackTlsServer.builder(Identity.of(leaf(fallback, rootCa, 10)))
            .sni("app.test", Identity.of(leaf("app.test", rootCa, 200))));
  }

  @DisplayName("P4: sni selects the named certificate on a shared port")
  @Test
  void p4_sniSelectsTheNamedCertificateOnASharedPort() throws Exception {
    LoopbackTlsServer s = sniServer("default.test");

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate valid for 200 days (app.test)");
    assertThat(s.sniSeen()).containsExactly(List.of("app.test"));
    assertThat(r.details()).containsEntry("sni", "app.test");
  }

  @DisplayName("P4: without matching sni the default certificate is judged")
  @Test
  void p4_withoutMatchingSniTheDefaultCertificateIsJudged() throws Exception {
    LoopbackTlsServer s = sniServer("default.test");

    ProbeResult r = check(new Req("default.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason()).isEqualTo("certificate expires in 10 days (minimum 30)");
  }

  @DisplayName("P4: ip literal sends no sni")
  @Test
  void p4_ipLiteralSendsNoSni() throws Exception {
    LoopbackTlsServer s = sniServer("127.0.0.1");

    ProbeResult r = check(new Req("127.0.0.1", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(s.sniSeen()).containsExactly(List.of());
    assertThat(r.details()).containsEntry("sni", "");
  }

  // ---- P5: the name decides, whatever the expiry ----

  @DisplayName("P5: name mismatch fails whatever the expiry")
  @Test
  void p5_nameMismatchFailsWhateverTheExpiry() throws Exception {
    LoopbackTlsServer s = serve(leaf("other.test", rootCa, 300));

    ProbeResult r = check(new Req("want.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate name mismatch: want.test is not in subjectAltName DNS:other.test");
    assertThat(r.details()).containsEntry("name_match", false);
  }

  @DisplayName("P5: name mismatch is reported before expiry")
  @Test
  void p5_nameMismatchIsReportedBeforeExpiry() throws Exception {
    LoopbackTlsServer s = serve(leaf("other.test", rootCa, -5));

    ProbeResult r = check(new Req("want.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate name mismatch: want.test");
  }

  @DisplayName("P5: wildcard covers exactly one left most label")
  @Test
  void p5_wildcardCoversExactlyOneLeftMostLabel() throws Exception {
    HeldCertificate wildcard = until(100).commonName("wild").addSubjectAlternativeName("*.app.test").signedBy(rootCa).build();
    LoopbackTlsServer s = serve(wildcard);

    assertThat(check(new Req("api.app.test", s.port())).verdict()).isEqualTo(Verdict.PASS);
    assertThat(check(new Req("API.App.Test", s.port())).verdict()).isEqualTo(Verdict.PASS);
    assertThat(check(new Req("a.b.app.test", s.port())).reason()).startsWith("certificate name mismatch");
    assertThat(check(new Req("app.test", s.port())).reason()).startsWith("certificate name mismatch");
  }

  // ---- P6: the name is checked, not the address ----

  @DisplayName("P6: connect address is not the name checked")
  @Test
  void p6_connectAddressIsNotTheNameChecked() throws Exception {
    LoopbackTlsServer s = serve(leaf("app.test", rootCa, 100));
    Req req = new Req("app.test", s.port());
    req.connect = Optional.of("127.0.0.1");

    ProbeResult r = new TlsProbe(LoopbackPki.context(Map.of())).check(req.build(), NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.details()).containsEntry("address", "127.0.0.1").containsEntry("sni", "app.test");
  }

  @DisplayName("P6: explicit name overrides host")
  @Test
  void p6_explicitNameOverridesHost() throws Exception {
    LoopbackTlsServer s = serve(leaf("app.test", rootCa, 100));
    Req req = new Req("127.0.0.1", s.port());
    req.name = Optional.of("app.test");

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(s.sniSeen()).containsExactly(List.of("app.test"));
  }

  @DisplayName("P6b: ip san matches ipv4 literal")
  @Test
  void p6b_ipSanMatchesIpv4Literal() throws Exception {
    LoopbackTlsServer s = serve(leaf("127.0.0.1", rootCa, 100));

    ProbeResult r = check(new Req("127.0.0.1", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate valid for 100 days (127.0.0.1)");
  }

  @DisplayName("P6b: ip san matches ipv6 literal compared as address")
  @Test
  void p6b_ipSanMatchesIpv6LiteralComparedAsAddress() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    LoopbackTlsServer s;
    try {
      s = serve(LoopbackTlsServer.builder(Identity.of(leaf("::1", rootCa, 100))).bind(v6));
    } catch (IOException noIpv6) {
      assumeTrue(false, "no IPv6 loopback: " + noIpv6);
      return;
    }
    TlsProbe probe = new TlsProbe(LoopbackPki.context(Map.of()));

    Req shortForm = new Req("::1", s.port());
    Req longForm = new Req("0:0:0:0:0:0:0:1", s.port());
    Req bracketed = new Req("[::1]", s.port());

    for (Req req : List.of(shortForm, longForm, bracketed)) {
      ProbeResult r = probe.check(req.build(), NEVER);
      assertThat(r.verdict()).as(req.host).isEqualTo(Verdict.PASS);
      assertThat(r.details()).containsEntry("address", "::1");
    }
  }

  @DisplayName("P6c: dns san does not match an ip literal")
  @Test
  void p6c_dnsSanDoesNotMatchAnIpLiteral() throws Exception {
    LoopbackTlsServer s = serve(leaf("app.test", rootCa, 100));

    ProbeResult r = check(new Req("127.0.0.1", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate name mismatch: 127.0.0.1 is not in subjectAltName DNS:app.test");
  }

  @DisplayName("P6c: cn holding the ip is not used")
  @Test
  void p6c_cnHoldingTheIpIsNotUsed() throws Exception {
    HeldCertificate cert = until(100).commonName("127.0.0.1").addSubjectAlternativeName("app.test").signedBy(rootCa).build();
    LoopbackTlsServer s = serve(cert);

    ProbeResult r = check(new Req("127.0.0.1", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate name mismatch");
  }

  // ---- P7: subject vs subjectAltName ----

  @DisplayName("P7: empty subject with san passes and shows the san")
  @Test
  void p7_emptySubjectWithSanPassesAndShowsTheSan() throws Exception {
    assumeTrue(Openssl.available(), "openssl not installed");
    Path caCert = writePem(dir.resolve("root.pem"), rootCa);
    Path caKey = Files.writeString(dir.resolve("root.key"), rootCa.privateKeyPkcs8Pem());
    Path key = dir.resolve("leaf.key");
    Path csr = dir.resolve("leaf.csr");
    Path cert = dir.resolve("leaf.pem");
    Path ext = Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=critical,DNS:app.test\n");
    Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
    Openssl.run(dir, "req", "-new", "-key", key.toString(), "-subj", "/", "-out", csr.toString());
    Openssl.run(
        dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-days", "100", "-extfile", ext.toString(), "-out", cert.toString());
    HeldCertificate held = HeldCertificate.decode(Files.readString(cert) + Files.readString(key));
    LoopbackTlsServer s = serve(held);
    Req req = new Req("app.test", s.port());
    // openssl dates the certificate from the real time: count days from its not-before.
    Clock clock = Clock.fixed(held.certificate().getNotBefore().toInstant(), ZoneOffset.UTC);
    ProbeContext ctx = new ProbeContext(clock, Map.of("app.test:" + s.port(), "127.0.0.1"), Optional.empty(), Map.of());

    ProbeResult r = new TlsProbe(ctx).check(req.build(), NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate valid for 100 days (app.test)");
    Map<String, Object> leafDetails = list(r.details().get("certificates")).get(0);
    assertThat(leafDetails).containsEntry("subject", "").containsEntry("sans", List.of("DNS:app.test"));
  }

  @DisplayName("P7b: common name without san fails saying there is no san")
  @Test
  void p7b_commonNameWithoutSanFailsSayingThereIsNoSan() throws Exception {
    HeldCertificate cnOnly = until(100).commonName("app.test").signedBy(rootCa).build();
    LoopbackTlsServer s = serve(cnOnly);

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo("certificate has no subjectAltName, so it cannot match app.test (subject \"CN=app.test\"; the CN is not used)");
  }

  // ---- P8: STARTTLS ----

  @DisplayName("P8: postgres ssl request accepted then certificate judged")
  @Test
  void p8_postgresSslRequestAcceptedThenCertificateJudged() throws Exception {
    AtomicReference<byte[]> received = new AtomicReference<>();
    LoopbackTlsServer s =
        serve(
            LoopbackTlsServer.builder(Identity.of(leaf("db.test", rootCa, 40)))
                .preamble(
                    (in, out) -> {
                      received.set(LoopbackTlsServer.readExactly(in, 8));
                      out.write('S');
                      out.flush();
                      return true;
                    }));
    Req req = new Req("db.test", s.port());
    req.starttls = Optional.of("postgres");

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate valid for 40 days (db.test)");
    assertThat(received.get()).containsExactly(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f);
  }

  @DisplayName("P8b: postgres answering n fails as no ssl not as handshake error")
  @Test
  void p8b_postgresAnsweringNFailsAsNoSslNotAsHandshakeError() throws Exception {
    LoopbackTlsServer s =
        serve(
            LoopbackTlsServer.builder(Identity.of(leaf("db.test", rootCa, 40)))
                .preamble(
                    (in, out) -> {
                      LoopbackTlsServer.readExactly(in, 8);
                      out.write('N');
                      out.flush();
                      return false;
                    }));
    Req req = new Req("db.test", s.port());
    req.starttls = Optional.of("postgres");

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("server does not support SSL (answered N to SSLRequest)");
  }

  @DisplayName("P8: smtp starttls upgrades then judges")
  @Test
  void p8_smtpStarttlsUpgradesThenJudges() throws Exception {
    AtomicReference<String> commands = new AtomicReference<>();
    LoopbackTlsServer s =
        serve(
            LoopbackTlsServer.builder(Identity.of(leaf("mail.test", rootCa, 40)))
                .preamble(
                    (in, out) -> {
                      LoopbackTlsServer.write(out, "220 mail.test ESMTP\r\n");
                      String ehlo = line(in);
                      LoopbackTlsServer.write(out, "250-mail.test\r\n250-SIZE 1000\r\n250 STARTTLS\r\n");
                      String starttls = line(in);
                      commands.set(ehlo + "|" + starttls);
                      LoopbackTlsServer.write(out, "220 go ahead\r\n");
                      return true;
                    }));
    Req req = new Req("mail.test", s.port());
    req.starttls = Optional.of("smtp");

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(commands.get()).matches("EHLO \\[127\\.0\\.0\\.1\\]\\|STARTTLS");
  }

  @DisplayName("P8b: smtp without starttls fails")
  @Test
  void p8b_smtpWithoutStarttlsFails() throws Exception {
    LoopbackTlsServer s =
        serve(
            LoopbackTlsServer.builder(Identity.of(leaf("mail.test", rootCa, 40)))
                .preamble(
                    (in, out) -> {
                      LoopbackTlsServer.write(out, "220 mail.test ESMTP\r\n");
                      line(in);
                      LoopbackTlsServer.write(out, "250-mail.test\r\n250 SIZE 1000\r\n");
                      line(in);
                      return false;
                    }));
    Req req = new Req("mail.test", s.port());
    req.starttls = Optional.of("smtp");

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("SMTP server does not offer STARTTLS");
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  // ---- P11: several addresses, report the one that answered ----

  @DisplayName("P11: tries each address and reports the one that answered")
  @Test
  void p11_triesEachAddressAndReportsTheOneThatAnswered() throws Exception {
    LoopbackTlsServer s = serve(leaf("dual.test", rootCa, 100));
    Req req = new Req("dual.test", s.port());
    ProbeContext ctx = LoopbackPki.context(Map.of("dual.test:" + s.port(), "::1,127.0.0.1"));

    ProbeResult r = new TlsProbe(ctx).check(req.build(), NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.details()).containsEntry("address", "127.0.0.1");
    assertThat(list(r.details().get("addresses_tried"))).extracting(m -> m.get("address")).containsExactly("::1");
  }

  @DisplayName("P11: wildcard port entry applies")
  @Test
  void p11_wildcardPortEntryApplies() throws Exception {
    LoopbackTlsServer s = serve(leaf("dual.test", rootCa, 100));
    ProbeContext ctx = LoopbackPki.context(Map.of("dual.test:*", "127.0.0.1"));

    ProbeResult r = new TlsProbe(ctx).check(new Req("dual.test", s.port()).build(), NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  // ---- P13: insecure skips trust, never expiry ----

  @DisplayName("P13: expired self signed fails even when insecure")
  @Test
  void p13_expiredSelfSignedFailsEvenWhenInsecure() throws Exception {
    HeldCertificate self = until(-1).commonName("app.test").addSubjectAlternativeName("app.test").build();
    LoopbackTlsServer s = serve(self);
    Req req = new Req("app.test", s.port());
    req.insecure = true;

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate expired 1 day ago: leaf app.test");
    assertThat(r.details()).containsEntry("trust_checked", false).containsEntry("leaf_days_left", -1L);
  }

  @DisplayName("P13: expired self signed without insecure reports expiry and self signed")
  @Test
  void p13_expiredSelfSignedWithoutInsecureReportsExpiryAndSelfSigned() throws Exception {
    HeldCertificate self = until(-1).commonName("app.test").addSubjectAlternativeName("app.test").build();
    LoopbackTlsServer s = serve(self);

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate expired 1 day ago");
    assertThat(list(r.details().get("problems"))).extracting(p -> p.get("code")).containsExactly("expired", "self_signed");
  }

  @DisplayName("P13: insecure accepts fresh self signed but still counts days")
  @Test
  void p13_insecureAcceptsFreshSelfSignedButStillCountsDays() throws Exception {
    HeldCertificate self = until(20).commonName("app.test").addSubjectAlternativeName("app.test").build();
    LoopbackTlsServer s = serve(self);
    Req req = new Req("app.test", s.port());
    req.insecure = true;

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason()).isEqualTo("certificate expires in 20 days (minimum 30); trust not checked (insecure)");
  }

  @DisplayName("P13: fresh self signed is not trusted without insecure")
  @Test
  void p13_freshSelfSignedIsNotTrustedWithoutInsecure() throws Exception {
    HeldCertificate self = until(200).commonName("app.test").addSubjectAlternativeName("app.test").build();
    LoopbackTlsServer s = serve(self);

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate is self-signed and not trusted: app.test");
  }

  @DisplayName("P13: not yet valid fails")
  @Test
  void p13_notYetValidFails() throws Exception {
    long start = LoopbackPki.NOW.plus(Duration.ofDays(2)).toEpochMilli();
    long end = LoopbackPki.NOW.plus(Duration.ofDays(300)).toEpochMilli();
    HeldCertificate future =
        new HeldCertificate.Builder().validityInterval(start, end).commonName("app.test").addSubjectAlternativeName("app.test")
            .signedBy(rootCa).build();
    LoopbackTlsServer s = serve(future);

    ProbeResult r = check(new Req("app.test", s.port()));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate not yet valid: leaf app.test");
  }

  // ---- errors: nothing could be checked ----

  @Test
  void refusedConnectionIsAnError() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }

    ProbeResult r = check(new Req("app.test", port));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("cannot connect to app.test:" + port + " at 127.0.0.1: connection refused");
  }

  @Test
  void silentServerTimesOutAsAnError() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Req req = new Req("app.test", silent.getLocalPort());
      req.timeout = Duration.ofMillis(300);
      long start = System.nanoTime();

      ProbeResult r = check(req);

      assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
      assertThat(r.reason()).isEqualTo("timed out after 300 ms during the TLS handshake with 127.0.0.1:" + silent.getLocalPort());
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }
  }

  // ---- the timeout is one deadline for the whole check, not a limit per read ----

  /** Writes {@code bytes} one every 300 ms, then hangs up. */
  private static boolean dribble(OutputStream out, byte[] bytes) throws IOException {
    for (byte b : bytes) {
      out.write(b);
      out.flush();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return false;
  }

  /** A TLS record header announcing a 16 KiB handshake record, then 40 bytes of it: 12 s of dribble. */
  private static byte[] stalledServerHello(String before) {
    byte[] head = before.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + 5 + 40];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00, 0x02}, 0, all, head.length, 6);
    return all;
  }

  /** A server that never finishes the exchange: {@code preamble} runs instead of the handshake. */
  private LoopbackTlsServer stalling(LoopbackTlsServer.Preamble preamble) throws IOException {
    return serve(LoopbackTlsServer.builder(Identity.of(leaf("mail.test", rootCa, 40))).preamble(preamble));
  }

  /**
   * Checks {@code req} and asserts that it ends well within the bound as an error timed out
   * {@code during} a phase; returns the result for further assertions.
   */
  private static ProbeResult checkTimesOut(Req req, String during, LoopbackTlsServer s) {
    long start = System.nanoTime();

    ProbeResult r = check(req);

    assertThat(millisSince(start)).isLessThan(BOUND_MS);
    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("timed out after 1 s " + during + " with 127.0.0.1:" + s.port());
    return r;
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void smtpGreetingDribbledByteByByteTimesOutAtTheDeadline() throws Exception {
    // Every read gets a byte within 300 ms, so a per-read timeout of 1 s would never fire.
    byte[] greeting = "220-mail.test ESMTP still greeting\r\n".repeat(2).getBytes(StandardCharsets.US_ASCII);
    LoopbackTlsServer s = stalling((in, out) -> dribble(out, greeting));
    Req req = new Req("mail.test", s.port());
    req.starttls = Optional.of("smtp");
    req.timeout = Duration.ofSeconds(1);

    ProbeResult r = checkTimesOut(req, "during STARTTLS", s);

    assertThat(r.details()).containsEntry("timed_out", true).doesNotContainKey("interrupted");
  }

  @Test
  void postgresUpgradeThenAStalledHandshakeTimesOutInTheHandshake() throws Exception {
    LoopbackTlsServer s =
        stalling(
            (in, out) -> {
              LoopbackTlsServer.readExactly(in, 8);
              return dribble(out, stalledServerHello("S"));
            });
    Req req = new Req("db.test", s.port());
    req.starttls = Optional.of("postgres");
    req.timeout = Duration.ofSeconds(1);

    checkTimesOut(req, "during the TLS handshake", s);
  }

  @Test
  void serverThatNeverAnswersTheClientHelloTimesOut() throws Exception {
    CountDownLatch helloSeen = new CountDownLatch(1);
    LoopbackTlsServer s =
        stalling(
            (in, out) -> {
              in.read();
              helloSeen.countDown();
              while (in.read() != -1) {
                // swallow the ClientHello and wait for the probe to hang up
              }
              return false;
            });
    Req req = new Req("app.test", s.port());
    req.timeout = Duration.ofSeconds(1);

    checkTimesOut(req, "during the TLS handshake", s);
    assertThat(helloSeen.getCount()).isZero();
  }

  @Test
  void handshakeStalledMidwayByADribblingServerTimesOutAtTheDeadline() throws Exception {
    LoopbackTlsServer s =
        stalling(
            (in, out) -> {
              in.read();
              return dribble(out, stalledServerHello(""));
            });
    Req req = new Req("app.test", s.port());
    req.timeout = Duration.ofSeconds(1);

    checkTimesOut(req, "during the TLS handshake", s);
  }

  @Test
  void cancellingDuringTheHandshakeEndsTheCheckAsInterrupted() throws Exception {
    AtomicBoolean cancel = new AtomicBoolean();
    LoopbackTlsServer s =
        stalling(
            (in, out) -> {
              in.read();
              // The ClientHello is here: the probe is waiting for an answer that never comes.
              cancel.set(true);
              while (in.read() != -1) {
                // wait for the probe to hang up
              }
              return false;
            });
    Req req = new Req("app.test", s.port());
    req.timeout = Duration.ofSeconds(120);
    long start = System.nanoTime();

    ProbeResult r =
        new TlsProbe(LoopbackPki.context(Map.of("app.test:" + s.port(), "127.0.0.1"))).check(req.build(), cancel::get);

    assertThat(millisSince(start)).isLessThan(BOUND_MS);
    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).startsWith("interrupted after ").endsWith(" ms during the TLS handshake with 127.0.0.1:" + s.port());
    assertThat(r.details()).containsEntry("interrupted", true);
  }

  @Test
  void plainTextServerIsAHandshakeError() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread t =
          new Thread(
              () -> {
                try (Socket c = plain.accept(); OutputStream out = c.getOutputStream()) {
                  out.write("HTTP/1.1 400 Bad Request\r\n\r\n".repeat(20).getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  c.getInputStream().read();
                } catch (IOException ignored) {
                  // the probe hung up
                }
              });
      t.setDaemon(true);
      t.start();

      ProbeResult r = check(new Req("app.test", plain.getLocalPort()));

      assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
      assertThat(r.reason()).startsWith("TLS handshake with 127.0.0.1:" + plain.getLocalPort() + " failed: ");
    }
  }

  @Test
  void fixedAddressThatIsNotAnIpIsAnError() throws Exception {
    ProbeContext ctx = LoopbackPki.context(Map.of("app.test:443", "not-an-ip"));

    ProbeResult r = new TlsProbe(ctx).check(new Req("app.test", 443).build(), NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("cannot resolve app.test: fixed address for app.test is not an IP address: not-an-ip");
  }

  @Test
  void missingCaFileIsAnError() throws Exception {
    Req req = new Req("app.test", 443);
    req.ca = Optional.of(dir.resolve("absent.pem"));

    ProbeResult r = check(req);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).startsWith("cannot read ca_file " + dir.resolve("absent.pem"));
  }

  @Test
  void everyCheckIsAFreshFullHandshake() throws Exception {
    LoopbackTlsServer s = serve(leaf("app.test", rootCa, 100));
    TlsProbe probe = new TlsProbe(LoopbackPki.context(Map.of("app.test:" + s.port(), "127.0.0.1")));
    Req req = new Req("app.test", s.port());

    probe.check(req.build(), NEVER);
    probe.check(req.build(), NEVER);

    assertThat(s.sniSeen()).hasSize(2);
  }

  /** Runs the openssl CLI, if installed. */
  static final class Openssl {
    private Openssl() {}

    static boolean available() {
      try {
        Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    static String run(Path dir, String... args) throws IOException, InterruptedException {
      List<String> argv = new ArrayList<>();
      argv.add("openssl");
      argv.addAll(List.of(args));
      Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    }
  }
}
