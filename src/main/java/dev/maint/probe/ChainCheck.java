package dev.maint.probe;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * TEMPORARY compile shim so the stand-in {@link TlsProbe} builds; the real chain check comes with
 * the real probes (drop on merge).
 */
final class ChainCheck {
  private ChainCheck() {}

  static Report check(
      List<X509Certificate> chain, String name, Set<TrustAnchor> anchors, Instant now, boolean insecure) {
    return new Report();
  }

  /** The stand-in's verdict: always {@code error}. */
  static final class Report {
    ProbeResult verdict(int warnDays, int failDays, String prefix) {
      return ProbeResult.error("stand-in");
    }
  }
}
