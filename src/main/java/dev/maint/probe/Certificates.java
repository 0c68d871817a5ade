package dev.maint.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * TEMPORARY compile shim so the stand-in {@link TlsProbe} and {@link CertProbe} build; the real
 * helper comes with the real probes (drop on merge). Reading fails, so the stand-ins report
 * {@code error}.
 */
final class Certificates {
  private Certificates() {}

  static boolean isIpLiteral(String s) {
    return false;
  }

  static Set<TrustAnchor> anchors(Optional<Path> caFile) throws IOException, GeneralSecurityException {
    throw new GeneralSecurityException("stand-in");
  }

  static SSLContext capturingContext() {
    throw new IllegalStateException("stand-in");
  }

  static String normalizeName(String name) {
    return name;
  }

  static List<X509Certificate> read(Path path) throws IOException, CertificateException {
    throw new CertificateException("stand-in");
  }

  static Map<String, Object> describe(X509Certificate cert, Instant now) {
    return Map.of();
  }

  static long daysLeft(X509Certificate cert, Instant now) {
    return 0;
  }

  static String label(X509Certificate cert, boolean full) {
    return "";
  }

  static String days(long days) {
    return days + " days";
  }

  static ProbeResult daysVerdict(long days, int warnDays, int failDays, String what, String suffix) {
    return ProbeResult.error("stand-in");
  }
}
