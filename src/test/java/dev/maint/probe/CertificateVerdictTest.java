package dev.maint.probe;

import static dev.maint.probe.DefectPki.cert;
import static dev.maint.probe.DefectPki.intermediate;
import static dev.maint.probe.DefectPki.key;
import static dev.maint.probe.DefectPki.leaf;
import static dev.maint.probe.DefectPki.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.probe.DefectPki.Held;
import dev.maint.probe.LoopbackTlsServer.Identity;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain and profile cases V1–V12: each chain is built here, served over loopback TLS, and
 * probed as {@code maint check tls} would, trusting only the test's root through {@code ca_file},
 * warn 30 days, fail 7 days.
 */
class CertificateVerdictTest {
  private static Held rootCa;

  @TempDir Path dir;
  private final List<AutoCloseable> servers = new ArrayList<>();

  @BeforeAll
  static void ca() {
    rootCa = root("Verdict Root CA", 1);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable s : servers) {
      s.close();
    }
  }

  /** Serves {@code leaf} then {@code chain}; probes {@code name} (connecting to 127.0.0.1) trusting {@code anchor}. */
  private ProbeResult probe(String name, Held anchor, Held leaf, Held... chain) throws Exception {
    List<X509Certificate> certs = new ArrayList<>();
    certs.add(leaf.certificate());
    for (Held h : chain) {
      certs.add(h.certificate());
    }
    LoopbackTlsServer s = LoopbackTlsServer.builder(Identity.of(leaf.privateKey(), certs.toArray(new X509Certificate[0]))).start();
    servers.add(s);
    Path ca = DefectPki.writePem(dir.resolve("ca-" + servers.size() + ".pem"), anchor);
    TlsProbe.Request r =
        new TlsProbe.Request(
            name, s.port(), Optional.empty(), Optional.of("127.0.0.1"), 30, 7, Optional.of(ca), false, Optional.empty(),
            Duration.ofSeconds(10));
    return new TlsProbe(LoopbackPki.context(Map.of())).check(r, () -> false);
  }

  private ProbeResult probe(Held leaf, Held... chain) throws Exception {
    return probe("app.test", rootCa, leaf, chain);
  }

  private static Held inter(int slot) {
    return intermediate("Verdict Intermediate", rootCa, slot).days(400).build();
  }

  // ---- V1 ----

  @DisplayName("V1: renewed intermediate sent after its expired copy passes")
  @Test
  void v1_renewedIntermediateSentAfterItsExpiredCopyPasses() throws Exception {
    Held expired = intermediate("Verdict Intermediate", rootCa, 2).days(-10).build();
    Held renewed = intermediate("Verdict Intermediate", rootCa, 2).days(400).build();
    Held leaf = leaf("app.test", renewed).build();

    ProbeResult oldFirst = probe(leaf, expired, renewed);
    ProbeResult newFirst = probe(leaf, renewed, expired);

    for (ProbeResult r : List.of(oldFirst, newFirst)) {
      assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
      assertThat(r.reason()).isEqualTo("certificate valid for 90 days (app.test)");
      assertThat(r.details()).containsEntry("validated", true);
    }
    assertThat(list(oldFirst.details().get("certificates"))).extracting(c -> c.get("role"))
        .containsExactly("leaf", "extra", "intermediate");
  }

  @DisplayName("V1: only the expired copy sent still fails naming it")
  @Test
  void v1_onlyTheExpiredCopySentStillFailsNamingIt() throws Exception {
    Held expired = intermediate("Verdict Intermediate", rootCa, 2).days(-10).build();

    ProbeResult r = probe(leaf("app.test", expired).build(), expired);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate expired 10 days ago: \"Verdict Intermediate\"");
  }

  // ---- V2 ----

  @DisplayName("V2: cross-signed intermediate to an untrusted root sent first passes through the trusted path")
  @Test
  void v2_crossSignedIntermediateToAnUntrustedRootSentFirstPasses() throws Exception {
    Held other = root("Untrusted Root", 3);
    Held cross = intermediate("Verdict Intermediate", other, 2).days(400).build();
    Held trusted = intermediate("Verdict Intermediate", rootCa, 2).days(200).build();
    Held leaf = leaf("app.test", trusted).build();

    ProbeResult r = probe(leaf, cross, trusted);
    ProbeResult withOtherRoot = probe(leaf, cross, other, trusted);

    for (ProbeResult x : List.of(r, withOtherRoot)) {
      assertThat(x.verdict()).as(x.reason()).isEqualTo(Verdict.PASS);
      assertThat(x.details()).containsEntry("trust_anchor", "CN=Verdict Root CA");
    }
    assertThat(list(r.details().get("rejected_candidates"))).isNotEmpty();
  }

  @DisplayName("V2: only the cross-signed intermediate sent fails as an incomplete chain")
  @Test
  void v2_onlyTheCrossSignedIntermediateFails() throws Exception {
    Held other = root("Untrusted Root", 3);
    Held cross = intermediate("Verdict Intermediate", other, 2).days(400).build();

    ProbeResult r = probe(leaf("app.test", cross).build(), cross);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("incomplete chain: issuer \"CN=Untrusted Root\" of \"Verdict Intermediate\"");
  }

  // ---- V3, V4: the anchor counts ----

  @DisplayName("V3: trust anchor that expired yesterday fails naming it")
  @Test
  void v3_expiredTrustAnchorFailsNamingIt() throws Exception {
    Held old = cert("Expired Root").keys(key("ec", 4)).ca(-1).days(-1).build();
    Held i = intermediate("Verdict Intermediate", old, 2).days(400).build();

    ProbeResult r = probe("app.test", old, leaf("app.test", i).build(), i);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate expired 1 day ago: trust anchor \"Expired Root\", not after ");
  }

  @DisplayName("V4: trust anchor expiring in 3 days fails naming it")
  @Test
  void v4_trustAnchorExpiringIn3DaysFailsNamingIt() throws Exception {
    Held soon = cert("Short Root").keys(key("ec", 4)).ca(-1).days(3).build();
    Held i = intermediate("Verdict Intermediate", soon, 2).days(400).build();

    ProbeResult r = probe("app.test", soon, leaf("app.test", i).build(), i);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo("certificate expires in 3 days (minimum 7), set by trust anchor \"Short Root\"; leaf app.test has 90 days");
  }

  @DisplayName("V4: trust anchor expiring in 20 days warns naming it")
  @Test
  void v4_trustAnchorExpiringIn20DaysWarns() throws Exception {
    Held soon = cert("Short Root").keys(key("ec", 4)).ca(-1).days(20).build();
    Held i = intermediate("Verdict Intermediate", soon, 2).days(400).build();

    ProbeResult r = probe("app.test", soon, leaf("app.test", i).build(), i);

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason()).startsWith("certificate expires in 20 days (minimum 30), set by trust anchor \"Short Root\"");
  }

  // ---- V5: EKU, key usage ----

  @DisplayName("V5: leaf with clientAuth-only extended key usage fails")
  @Test
  void v5_clientAuthOnlyLeafFails() throws Exception {
    Held i = inter(2);

    ProbeResult client = probe(leaf("app.test", i).eku(KeyPurposeId.id_kp_clientAuth).build(), i);
    ProbeResult any = probe(leaf("app.test", i).eku(KeyPurposeId.anyExtendedKeyUsage).build(), i);
    ProbeResult both = probe(leaf("app.test", i).eku(KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth).build(), i);
    ProbeResult none = probe(leaf("app.test", i).eku().build(), i);

    assertThat(client.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(client.reason())
        .isEqualTo("not for server authentication: leaf app.test has extendedKeyUsage clientAuth without serverAuth");
    assertThat(any.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(both.verdict()).as(both.reason()).isEqualTo(Verdict.PASS);
    assertThat(none.verdict()).as(none.reason()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("V5: leaf key usage that does not fit its key fails")
  @Test
  void v5_leafKeyUsageThatDoesNotFitItsKeyFails() throws Exception {
    Held i = inter(2);

    ProbeResult certSign = probe(leaf("app.test", i).keyUsage(KeyUsage.keyCertSign).build(), i);
    ProbeResult encipherEc = probe(leaf("app.test", i).keyUsage(KeyUsage.keyEncipherment).build(), i);
    ProbeResult rsa = probe(leaf("app.test", i).keys(key("rsa2048", 0)).keyUsage(KeyUsage.keyEncipherment).build(), i);

    assertThat(certSign.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(certSign.reason()).startsWith("keyUsage does not allow TLS: leaf app.test needs digitalSignature");
    assertThat(encipherEc.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(rsa.verdict()).as(rsa.reason()).isEqualTo(Verdict.PASS);
  }

  // ---- V6, V7: weak cryptography ----

  @DisplayName("V6: RSA-1024 leaf fails as a weak key")
  @Test
  void v6_rsa1024LeafFails() throws Exception {
    Held i = inter(2);

    ProbeResult weak = probe(leaf("app.test", i).keys(key("rsa1024", 0)).keyUsage(null).build(), i);
    ProbeResult strong = probe(leaf("app.test", i).keys(key("rsa2048", 0)).keyUsage(null).build(), i);

    assertThat(weak.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(weak.reason()).startsWith("weak key: leaf app.test has an RSA key of 1024 bits (minimum 2048");
    assertThat(strong.verdict()).as(strong.reason()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("V6: RSA-1024 intermediate fails naming it")
  @Test
  void v6_rsa1024IntermediateFailsNamingIt() throws Exception {
    Held i = intermediate("Weak Intermediate", rootCa, 0).keys(key("rsa1024", 0)).days(400).build();

    ProbeResult r = probe(leaf("app.test", i).build(), i);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("weak key: intermediate \"Weak Intermediate\" has an RSA key of 1024 bits");
  }

  @DisplayName("V7: SHA-1 signed intermediate fails naming it")
  @Test
  void v7_sha1SignedIntermediateFailsNamingIt() throws Exception {
    Held ecdsa = intermediate("SHA1 Intermediate", rootCa, 2).signature("SHA1withECDSA").days(400).build();
    Held rsaRoot = cert("RSA Root").keys(key("rsa2048", 1)).ca(-1).days(3650).build();
    Held rsa = intermediate("SHA1 RSA Intermediate", rsaRoot, 2).signature("SHA1withRSA").days(400).build();

    ProbeResult r1 = probe(leaf("app.test", ecdsa).build(), ecdsa);
    ProbeResult r2 = probe("app.test", rsaRoot, leaf("app.test", rsa).build(), rsa);

    assertThat(r1.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r1.reason()).startsWith("weak signature: intermediate \"SHA1 Intermediate\" is signed with SHA1withECDSA");
    assertThat(r2.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r2.reason()).startsWith("weak signature: intermediate \"SHA1 RSA Intermediate\" is signed with SHA1withRSA");
  }

  @DisplayName("V7: SHA-1 self-signature of the root does not count")
  @Test
  void v7_sha1SelfSignatureOfTheRootDoesNotCount() throws Exception {
    Held sha1Root = cert("SHA1 Root").keys(key("ec", 5)).ca(-1).days(3650).signature("SHA1withECDSA").build();
    Held i = intermediate("Verdict Intermediate", sha1Root, 2).days(400).build();

    ProbeResult r = probe("app.test", sha1Root, leaf("app.test", i).build(), i);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
  }

  // ---- V8: CA rules ----

  @DisplayName("V8: intermediate without keyCertSign or CA flag fails as not a CA")
  @Test
  void v8_intermediateThatIsNotACaFails() throws Exception {
    Held noCertSign =
        intermediate("No CertSign CA", rootCa, 2).keyUsage(KeyUsage.digitalSignature | KeyUsage.cRLSign).days(400).build();
    Held noBasic = intermediate("No Basic CA", rootCa, 2).noBasicConstraints().days(400).build();

    ProbeResult r1 = probe(leaf("app.test", noCertSign).build(), noCertSign);
    ProbeResult r2 = probe(leaf("app.test", noBasic).build(), noBasic);

    assertThat(r1.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r1.reason())
        .isEqualTo("not a CA: intermediate \"No CertSign CA\" lacks keyCertSign in its keyUsage but issued leaf app.test");
    assertThat(r2.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r2.reason())
        .isEqualTo("not a CA: intermediate \"No Basic CA\" has no basicConstraints CA:TRUE but issued leaf app.test");
  }

  @DisplayName("V8: path longer than a pathLenConstraint fails")
  @Test
  void v8_pathLongerThanAPathLenConstraintFails() throws Exception {
    Held upper = intermediate("Upper CA", rootCa, 2).ca(0).days(400).build();
    Held lower = intermediate("Lower CA", upper, 3).ca(0).days(400).build();

    ProbeResult r = probe(leaf("app.test", lower).build(), lower, upper);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("path too long: intermediate \"Upper CA\" allows 0 intermediate CAs below it");
  }

  // ---- V9: name constraints ----

  @DisplayName("V9: excluded DNS subtree fails, wildcards included")
  @Test
  void v9_excludedDnsSubtreeFails() throws Exception {
    Held nc = intermediate("Constrained CA", rootCa, 2).excludeDns("bad.test").days(400).build();

    ProbeResult under = probe("x.bad.test", rootCa, leaf("x.bad.test", nc).build(), nc);
    ProbeResult wildcard = probe("y.bad.test", rootCa, leaf("*.bad.test", nc).build(), nc);
    ProbeResult broadWildcard = probe("bad.test", rootCa, leaf("*.test", nc).dns("bad.test").build(), nc);
    ProbeResult fine = probe("good.test", rootCa, leaf("good.test", nc).build(), nc);

    assertThat(under.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(under.reason())
        .isEqualTo(
            "name constraint of intermediate \"Constrained CA\" excludes DNS:x.bad.test (subtree bad.test) in leaf x.bad.test");
    assertThat(wildcard.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(wildcard.reason()).contains("excludes DNS:*.bad.test");
    assertThat(broadWildcard.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(fine.verdict()).as(fine.reason()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("V9: excluded IP range and unpermitted names fail")
  @Test
  void v9_excludedIpRangeAndUnpermittedNamesFail() throws Exception {
    Held noLoopback = intermediate("No Loopback CA", rootCa, 2).excludeIp("127.0.0.0/8").days(400).build();
    Held onlyGood = intermediate("Good Only CA", rootCa, 2).permitDns("good.test").permitIp("10.0.0.0/8").days(400).build();
    Held mapped = intermediate("Mapped CA", rootCa, 2).excludeIp("::ffff:127.0.0.0/104").days(400).build();

    ProbeResult ip = probe("127.0.0.1", rootCa, leaf("app.test", noLoopback).ip("127.0.0.1").build(), noLoopback);
    ProbeResult notPermitted = probe("app.test", rootCa, leaf("app.test", onlyGood).build(), onlyGood);
    ProbeResult permitted = probe("a.good.test", rootCa, leaf("a.good.test", onlyGood).build(), onlyGood);
    ProbeResult v4Mapped = probe("127.0.0.1", rootCa, leaf("app.test", mapped).ip("127.0.0.1").build(), mapped);

    assertThat(ip.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(ip.reason()).contains("excludes IP:127.0.0.1 (subtree 127.0.0.0/8)");
    assertThat(notPermitted.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(notPermitted.reason()).contains("does not permit DNS:app.test");
    assertThat(permitted.verdict()).as(permitted.reason()).isEqualTo(Verdict.PASS);
    assertThat(v4Mapped.verdict()).isEqualTo(Verdict.FAIL);
  }

  @DisplayName("V9: name constraint of an unsupported form makes the path invalid, without a crash")
  @Test
  void v9_unsupportedNameConstraintFormIsInvalid() throws Exception {
    Held other = intermediate("OtherName CA", rootCa, 2).excludeOtherName().days(400).build();

    ProbeResult r = probe(leaf("app.test", other).build(), other);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo("invalid path: intermediate \"OtherName CA\" has a name constraint maint cannot check (otherName)");
  }

  // ---- V10, V11: reading SANs ----

  @DisplayName("V10: malformed IP entry before a good one is skipped and mentioned")
  @Test
  void v10_malformedIpEntryIsSkippedAndMentioned() throws Exception {
    Held i = inter(2);
    Held l = leaf("app.test", i).rawIp(new byte[] {127, 0, 0, 1, 9}).ip("127.0.0.1").build();

    ProbeResult r = probe("127.0.0.1", rootCa, l, i);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
    assertThat(r.reason())
        .isEqualTo(
            "certificate valid for 90 days (app.test); note: skipped unreadable subjectAltName entry (IP address of 5 bytes)");
  }

  @DisplayName("V11: leaf with 10,000 DNS names passes")
  @Test
  void v11_leafWithTenThousandDnsNamesPasses() throws Exception {
    Held i = inter(2);
    String[] names = new String[10_000];
    for (int n = 0; n < names.length; n++) {
      names[n] = "h" + n + ".app.test";
    }
    Held l = leaf("app.test", i).dns(names).build();
    assertThat(l.certificate().getEncoded().length).isGreaterThan(100_000);

    ProbeResult r = probe("h9999.app.test", rootCa, l, i);

    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("V11: maint as a process reads a 10,000-name certificate, as Main raises the handshake limit")
  @Test
  void v11_maintAsAProcessReadsATenThousandNameCertificate() throws Exception {
    Held i = inter(2);
    String[] names = new String[10_000];
    for (int n = 0; n < names.length; n++) {
      names[n] = "h" + n + ".app.test";
    }
    // The child runs on the real clock.
    java.time.Instant now = java.time.Instant.now();
    Held l = leaf("app.test", i).dns(names).notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(90))).build();
    LoopbackTlsServer s = LoopbackTlsServer.builder(Identity.of(l.privateKey(), l.certificate(), i.certificate())).start();
    servers.add(s);
    Path ca = DefectPki.writePem(dir.resolve("ca.pem"), rootCa);

    dev.maint.testing.MaintProcess maint =
        dev.maint.testing.MaintProcess.start(
            dir, Map.of(), "check", "tls", "app.test:" + s.port(), "--resolve", "app.test:" + s.port() + ":127.0.0.1",
            "--ca-file", ca.toString());

    assertThat(maint.awaitExit(Duration.ofSeconds(60))).as(maint.output()).isEqualTo(0);
    assertThat(maint.output()).contains("valid for 89 days");
  }

  // ---- V12: days are never early ----

  @DisplayName("V12: expiry one hour ago is expired today, one day 28 minutes ago is 1 day ago")
  @Test
  void v12_expiredDaysAreNeverEarly() throws Exception {
    Held i = inter(2);
    Held hour = leaf("app.test", i).notAfter(LoopbackPki.NOW.minus(Duration.ofHours(1))).build();
    Held day = leaf("app.test", i).notAfter(LoopbackPki.NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(28))).build();
    Held almost7 = leaf("app.test", i).notAfter(LoopbackPki.NOW.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(1))).build();

    ProbeResult r1 = probe(hour, i);
    ProbeResult r2 = probe(day, i);
    ProbeResult r3 = probe(almost7, i);

    assertThat(r1.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r1.reason()).startsWith("certificate expired today: leaf app.test, not after ");
    assertThat(r2.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r2.reason()).startsWith("certificate expired 1 day ago: leaf app.test, not after ");
    assertThat(r3.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r3.reason()).isEqualTo("certificate expires in 6 days (minimum 7)");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object o) {
    return (List<Map<String, Object>>) o;
  }
}
