package dev.maint.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import okhttp3.tls.HeldCertificate;

/**
 * Certificates for loopback tests, dated relative to a fixed instant so that days left are
 * exact: a certificate made with {@link #until(long) until(n)} has n whole days left at {@link
 * #NOW} (its not-after is one hour past the n-th day, so rounding down gives n); with a negative
 * n it expired |n| days and one hour before, so it reads "expired |n| days ago".
 */
public final class LoopbackPki {
  /** The instant every test's clock stands at. */
  public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private LoopbackPki() {}

  /** A clock fixed at {@link #NOW}. */
  public static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  /** A context at {@link #NOW} with the given {@code --resolve} entries and environment. */
  public static ProbeContext context(Map<String, String> resolve, Map<String, String> env) {
    return new ProbeContext(clock(), resolve, Optional.empty(), env);
  }

  /** A context at {@link #NOW} with the given {@code --resolve} entries. */
  public static ProbeContext context(Map<String, String> resolve) {
    return context(resolve, Map.of());
  }

  /** A builder valid from 30 days before {@link #NOW} until {@code days} whole days after it. */
  public static HeldCertificate.Builder until(long days) {
    Instant notBefore = NOW.minus(Duration.ofDays(30));
    Instant notAfter = NOW.plus(Duration.ofDays(days)).plus(Duration.ofHours(days < 0 ? -1 : 1));
    return new HeldCertificate.Builder().validityInterval(notBefore.toEpochMilli(), notAfter.toEpochMilli());
  }

  /** A root CA valid for ten years. */
  public static HeldCertificate root(String name) {
    return until(3650).commonName(name).certificateAuthority(1).build();
  }

  /** An intermediate CA signed by {@code issuer}, with {@code days} days left. */
  public static HeldCertificate intermediate(String name, HeldCertificate issuer, long days) {
    return until(days).commonName(name).certificateAuthority(0).signedBy(issuer).build();
  }

  /** A leaf for {@code san} (DNS name or IP literal), CN the same, signed by {@code issuer}. */
  public static HeldCertificate leaf(String san, HeldCertificate issuer, long days) {
    return until(days).commonName(san).addSubjectAlternativeName(san).signedBy(issuer).build();
  }

  /** Writes the certificates as one PEM bundle. */
  public static Path writePem(Path file, HeldCertificate... certs) throws IOException {
    StringBuilder pem = new StringBuilder();
    for (HeldCertificate c : certs) {
      pem.append(c.certificatePem());
    }
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
    return file;
  }
}
