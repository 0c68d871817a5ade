package dev.maint.probe;

import static dev.maint.probe.LoopbackPki.intermediate;
import static dev.maint.probe.LoopbackPki.leaf;
import static dev.maint.probe.LoopbackPki.root;
import static dev.maint.probe.LoopbackPki.writePem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertProbeTest {
  @TempDir Path dir;

  private final CertProbe probe = new CertProbe(LoopbackPki.context(Map.of()));

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> certificates(ProbeResult r) {
    return (List<Map<String, Object>>) r.details().get("certificates");
  }

  @Test
  void singlePemCertificateWithEnoughDaysPasses() throws Exception {
    Path pem = writePem(dir.resolve("db-ca.pem"), root("Database CA"));

    ProbeResult r = probe.check(new CertProbe.Request(pem, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate \"Database CA\" valid for 3650 days");
    assertThat(r.details()).containsEntry("days_left", 3650L);
  }

  @Test
  void earliestCertificateOfABundleDecidesAndIsNamed() throws Exception {
    HeldCertificate ca = root("Bundle Root");
    HeldCertificate inter = intermediate("Soon Intermediate", ca, 45);
    Path pem = writePem(dir.resolve("bundle.pem"), leaf("app.test", inter, 200), inter, ca);

    ProbeResult r = probe.check(new CertProbe.Request(pem, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason()).isEqualTo("certificate \"Soon Intermediate\" (earliest of 3) expires in 45 days (minimum 90)");
    assertThat(certificates(r)).extracting(c -> c.get("days_left")).containsExactly(200L, 45L, 3650L);
    assertThat(r.details()).containsEntry("earliest", 1);
  }

  @Test
  void derCertificateIsRead() throws Exception {
    HeldCertificate c = leaf("app.test", root("Der Root"), 20);
    Path der = Files.write(dir.resolve("app.der"), c.certificate().getEncoded());

    ProbeResult r = probe.check(new CertProbe.Request(der, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("certificate \"app.test\" expires in 20 days (minimum 30)");
  }

  @Test
  void expiredCertificateFailsWithNegativeDays() throws Exception {
    Path pem = writePem(dir.resolve("old.pem"), leaf("old.test", root("Old Root"), -3));

    ProbeResult r = probe.check(new CertProbe.Request(pem, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("certificate \"old.test\" expired 3 days ago, not after ");
  }

  @Test
  void pemWithAKeyBlockBesideTheCertificateIsRead() throws Exception {
    HeldCertificate c = leaf("app.test", root("Key Root"), 100);
    Path pem = Files.writeString(dir.resolve("both.pem"), c.privateKeyPkcs8Pem() + c.certificatePem());

    ProbeResult r = probe.check(new CertProbe.Request(pem, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(certificates(r)).hasSize(1);
  }

  @Test
  void missingFileIsAnError() {
    Path missing = dir.resolve("absent.pem");

    ProbeResult r = probe.check(new CertProbe.Request(missing, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("certificate file not found: " + missing);
  }

  @DisplayName("V2: a file that is neither PEM nor DER is named so, without a parser exception")
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"3F2A\n", "not a certificate\n"})
  void fileWithoutCertificateIsAnError(String content) throws Exception {
    Path junk = Files.writeString(dir.resolve("ca.srl"), content);

    ProbeResult r = probe.check(new CertProbe.Request(junk, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo(junk + " holds no certificate (neither PEM nor DER)");
  }

  @Test
  void emptyFileIsAnError() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    ProbeResult r = probe.check(new CertProbe.Request(empty, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo(empty + " holds no certificate (the file is empty)");
  }

  @DisplayName("V2: a directory is called a directory")
  @Test
  void directoryIsAnError() {
    ProbeResult r = probe.check(new CertProbe.Request(dir, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo(dir + " is a directory, not a certificate file");
  }

  @Test
  void daysAgreeWithOpensslEnddate() throws Exception {
    assumeTrue(TlsProbeTest.Openssl.available(), "openssl not installed");
    // An odd not-after (not on a whole day from the clock) to catch rounding differences.
    Instant notAfter = LoopbackPki.NOW.plus(Duration.ofDays(77)).plus(Duration.ofHours(13)).plusSeconds(7);
    HeldCertificate c =
        new HeldCertificate.Builder()
            .validityInterval(LoopbackPki.NOW.minus(Duration.ofDays(1)).toEpochMilli(), notAfter.toEpochMilli())
            .commonName("odd.test")
            .addSubjectAlternativeName("odd.test")
            .build();
    Path pem = writePem(dir.resolve("odd.pem"), c);

    String out = TlsProbeTest.Openssl.run(dir, "x509", "-in", pem.toString(), "-noout", "-enddate").trim();
    // e.g. "notAfter=Aug 18 01:00:07 2026 GMT"
    Instant opensslEnd =
        DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .parse(out.substring(out.indexOf('=') + 1), Instant::from);
    long expected = Math.floorDiv(Duration.between(LoopbackPki.NOW, opensslEnd).getSeconds(), 86_400);

    ProbeResult r = probe.check(new CertProbe.Request(pem, 30, 7));

    assertThat(r.details()).containsEntry("days_left", expected);
    assertThat(certificates(r).get(0)).containsEntry("not_after", opensslEnd.toString());
    assertThat(expected).isEqualTo(77L);
  }

  // ---- Robust reading: every container a CA or OpenSSL writes, a size limit ----

  @Test
  void pkcs7InPemAndDerAndTrustedCertificatePemAreRead() throws Exception {
    assumeTrue(TlsProbeTest.Openssl.available(), "openssl not installed");
    HeldCertificate ca = root("Bundle Root");
    HeldCertificate inter = intermediate("Soon Intermediate", ca, 45);
    Path bundle = writePem(dir.resolve("bundle.pem"), inter, ca);
    TlsProbeTest.Openssl.run(dir, "crl2pkcs7", "-nocrl", "-certfile", bundle.toString(), "-out", "bundle.p7b");
    TlsProbeTest.Openssl.run(
        dir, "crl2pkcs7", "-nocrl", "-certfile", bundle.toString(), "-outform", "DER", "-out", "bundle.p7b.der");
    Path one = writePem(dir.resolve("inter.pem"), inter);
    TlsProbeTest.Openssl.run(
        dir, "x509", "-in", one.toString(), "-trustout", "-addtrust", "serverAuth", "-setalias", "inter", "-out", "trusted.pem");
    assertThat(Files.readString(dir.resolve("bundle.p7b"))).contains("BEGIN PKCS7");
    assertThat(Files.readString(dir.resolve("trusted.pem"))).contains("BEGIN TRUSTED CERTIFICATE");

    for (String file : List.of("bundle.p7b", "bundle.p7b.der")) {
      ProbeResult r = probe.check(new CertProbe.Request(dir.resolve(file), 90, 30));
      assertThat(r.reason()).as(file).isEqualTo("certificate \"Soon Intermediate\" (earliest of 2) expires in 45 days (minimum 90)");
    }
    ProbeResult trusted = probe.check(new CertProbe.Request(dir.resolve("trusted.pem"), 90, 30));
    assertThat(trusted.reason()).isEqualTo("certificate \"Soon Intermediate\" expires in 45 days (minimum 90)");
  }

  @Test
  void fileOverTheSixteenMebibyteLimitIsAnErrorNotOutOfMemory() throws Exception {
    Path big = dir.resolve("big.pem");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(16L * 1024 * 1024 + 1);
    }

    ProbeResult r = probe.check(new CertProbe.Request(big, 90, 30));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("certificate file " + big + " is larger than the 16 MiB limit for certificate files");
  }

  @DisplayName("V12: a certificate file that expired an hour ago is expired today, never a day early")
  @Test
  void v12_certificateFileExpiredAnHourAgoIsExpiredToday() throws Exception {
    Path hour = DefectPki.writePem(
        dir.resolve("hour.pem"), DefectPki.cert("Hour CA").notAfter(LoopbackPki.NOW.minus(Duration.ofHours(1))).build());
    Path day = DefectPki.writePem(
        dir.resolve("day.pem"),
        DefectPki.cert("Day CA").notAfter(LoopbackPki.NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(28))).build());

    ProbeResult r1 = probe.check(new CertProbe.Request(hour, 90, 30));
    ProbeResult r2 = probe.check(new CertProbe.Request(day, 90, 30));

    assertThat(r1.reason()).startsWith("certificate \"Hour CA\" expired today, not after ");
    assertThat(r2.reason()).startsWith("certificate \"Day CA\" expired 1 day ago, not after ");
    assertThat(r1.verdict()).isEqualTo(Verdict.FAIL);
  }
}
