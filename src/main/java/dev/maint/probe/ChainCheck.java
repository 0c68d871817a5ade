package dev.maint.probe;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Judges a certificate chain as a server presented it: the path to a trust anchor (PKIX, no
 * revocation), the server name (RFC 6125) and the validity dates, each failure with its own
 * reason. The JDK's own checks are not used for this because they stop at the first failure
 * with a message meant for developers.
 */
final class ChainCheck {
  /** Longest path built; real chains have 2–4 certificates. */
  private static final int MAX_PATH = 10;

  /** One thing wrong with the chain, most serious first in {@link Report#problems()}. */
  record Problem(String code, String message) {
    Map<String, Object> toMap() {
      return Map.of("code", code, "message", message);
    }
  }

  /**
   * The findings.
   *
   * @param path the certificates from the leaf up to, not including, the trust anchor (up to the
   *     last linked certificate when no anchor was found)
   * @param anchor the trust anchor the path ends at, if any
   * @param effective index in {@code path} of the certificate with the earliest not-after
   */
  record Report(
      List<X509Certificate> presented,
      List<X509Certificate> path,
      Optional<TrustAnchor> anchor,
      boolean trustChecked,
      boolean validated,
      boolean nameMatch,
      List<Problem> problems,
      int effective,
      Instant now) {

    long effectiveDays() {
      return Certificates.daysLeft(path.get(effective), now);
    }

    long leafDays() {
      return Certificates.daysLeft(path.get(0), now);
    }

    /** Role of a path certificate: leaf, intermediate, or root (a self-signed top not trusted). */
    String role(int index) {
      if (index == 0) {
        return "leaf";
      }
      return Certificates.selfSigned(path.get(index)) ? "root" : "intermediate";
    }

    private String describe(int index) {
      boolean leaf = index == 0;
      String label = Certificates.label(path.get(index), leaf);
      return role(index) + (leaf ? " " + label : " \"" + label + "\"");
    }

    /**
     * JSON-friendly details: certificates (as presented), validated, trust_checked, name_match,
     * problems, effective_expiry and leaf_days_left.
     */
    Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      List<Map<String, Object>> certs = new ArrayList<>();
      for (X509Certificate c : presented) {
        Map<String, Object> m = Certificates.describe(c, now);
        int at = path.indexOf(c);
        m.put("role", at >= 0 ? role(at) : "extra");
        certs.add(m);
      }
      d.put("certificates", certs);
      anchor.ifPresent(
          a -> d.put("trust_anchor", a.getTrustedCert().getSubjectX500Principal().getName(X500Principal.RFC2253)));
      d.put("trust_checked", trustChecked);
      d.put("validated", validated);
      d.put("name_match", nameMatch);
      d.put("problems", problems.stream().map(Problem::toMap).toList());
      Map<String, Object> eff = new LinkedHashMap<>();
      eff.put("days_left", effectiveDays());
      eff.put("not_after", path.get(effective).getNotAfter().toInstant().toString());
      eff.put("role", role(effective));
      eff.put("subject", path.get(effective).getSubjectX500Principal().getName(X500Principal.RFC2253));
      d.put("effective_expiry", eff);
      d.put("leaf_days_left", leafDays());
      return d;
    }

    /**
     * FAIL with the most serious problem; otherwise the days verdict on the effective expiry,
     * naming the certificate that sets it when that is not the leaf.
     *
     * @param server names the server in the reason (e.g. {@code b.test:8443} for an HTTP hop), or
     *     empty when the reason needs no name
     */
    ProbeResult verdict(int warnDays, int failDays, String server) {
      ProbeResult r;
      if (!problems.isEmpty()) {
        String message = problems.get(0).message();
        r = ProbeResult.fail(server.isEmpty() ? message : server + ": " + message);
      } else {
        String what = server.isEmpty() ? "certificate" : "certificate of " + server;
        String setBy =
            effective == 0
                ? ""
                : ", set by " + describe(effective) + "; leaf " + Certificates.label(path.get(0), true)
                    + " has " + Certificates.days(leafDays());
        r = Certificates.daysVerdict(effectiveDays(), warnDays, failDays, what, setBy);
        if (r.verdict() == Verdict.PASS && effective == 0) {
          // The SAN-based label shows whom the certificate is for, even with an empty subject.
          r = ProbeResult.pass(r.reason() + " (" + Certificates.label(path.get(0), true) + ")");
        }
        if (!trustChecked) {
          // A pass must not read as a trusted certificate when nobody looked at the trust.
          r = new ProbeResult(r.verdict(), r.reason() + "; trust not checked (insecure)", r.details());
        }
      }
      return r.with(details());
    }
  }

  private ChainCheck() {}

  /**
   * Checks a presented chain.
   *
   * @param presented the chain as the server sent it, leaf first (not empty)
   * @param name the server name (DNS name or IP literal) the leaf must carry in its
   *     subjectAltName; the subject CN is never used (RFC 6125 §6.4.4)
   * @param anchors trusted CAs
   * @param now the instant validity is judged at
   * @param insecure skip the trust checks (never the name or the dates)
   */
  static Report check(
      List<X509Certificate> presented, String name, Set<TrustAnchor> anchors, Instant now, boolean insecure) {
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate leaf = presented.get(0);
    path.add(leaf);
    Optional<TrustAnchor> anchor = Optional.empty();
    X509Certificate top = leaf;
    for (int i = 0; i < MAX_PATH; i++) {
      // A presented CA that is itself trusted ends the path there (servers may send the root).
      if (top != leaf && isAnchor(top, anchors)) {
        path.remove(path.size() - 1);
        anchor = anchorFor(top, anchors);
        break;
      }
      anchor = issuerAnchor(top, anchors);
      if (anchor.isPresent() || Certificates.selfSigned(top)) {
        break;
      }
      X509Certificate next = null;
      for (X509Certificate c : presented) {
        if (!path.contains(c) && Certificates.signedBy(top, c)) {
          next = c;
          break;
        }
      }
      if (next == null) {
        break;
      }
      path.add(next);
      top = next;
    }
    if (anchor.isEmpty() && path.size() == 1 && isAnchor(leaf, anchors)) {
      // A self-signed leaf placed in the trust store (e.g. via ca_file) is its own anchor.
      anchor = anchorFor(leaf, anchors);
    }

    List<Problem> problems = new ArrayList<>();
    Optional<Problem> nameProblem = nameProblem(leaf, name);
    nameProblem.ifPresent(problems::add);
    boolean nameMatch = nameProblem.isEmpty();
    boolean datesOk = true;
    for (int i = 0; i < path.size(); i++) {
      Optional<Problem> p = dateProblem(path.get(i), i == 0, now);
      if (p.isPresent()) {
        problems.add(p.get());
        datesOk = false;
      }
    }
    boolean validated = false;
    if (!insecure) {
      Optional<Problem> trust = trustProblem(path, anchor, leaf, now, datesOk);
      trust.ifPresent(problems::add);
      validated = anchor.isPresent() && trust.isEmpty() && datesOk;
    }
    int effective = 0;
    for (int i = 1; i < path.size(); i++) {
      if (path.get(i).getNotAfter().before(path.get(effective).getNotAfter())) {
        effective = i;
      }
    }
    return new Report(
        List.copyOf(presented), List.copyOf(path), anchor, !insecure, validated, nameMatch, problems, effective, now);
  }

  private static boolean isAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
    return anchorFor(c, anchors).isPresent();
  }

  private static Optional<TrustAnchor> anchorFor(X509Certificate c, Set<TrustAnchor> anchors) {
    return anchors.stream().filter(a -> c.equals(a.getTrustedCert())).findFirst();
  }

  private static Optional<TrustAnchor> issuerAnchor(X509Certificate c, Set<TrustAnchor> anchors) {
    return anchors.stream().filter(a -> Certificates.signedBy(c, a.getTrustedCert())).findFirst();
  }

  private static Optional<Problem> dateProblem(X509Certificate c, boolean leaf, Instant now) {
    String who = (leaf ? "leaf " : "\"") + Certificates.label(c, leaf) + (leaf ? "" : "\"");
    if (now.isAfter(c.getNotAfter().toInstant())) {
      long days = Certificates.daysLeft(c, now);
      return Optional.of(
          new Problem(
              "expired",
              "certificate expired " + Certificates.days(-days) + " ago: " + who
                  + ", not after " + c.getNotAfter().toInstant()));
    }
    if (now.isBefore(c.getNotBefore().toInstant())) {
      return Optional.of(
          new Problem(
              "not_yet_valid",
              "certificate not yet valid: " + who + ", not before " + c.getNotBefore().toInstant()));
    }
    return Optional.empty();
  }

  private static Optional<Problem> trustProblem(
      List<X509Certificate> path, Optional<TrustAnchor> anchor, X509Certificate leaf, Instant now, boolean datesOk) {
    X509Certificate top = path.get(path.size() - 1);
    if (anchor.isEmpty()) {
      if (top == leaf && Certificates.selfSigned(leaf)) {
        return Optional.of(
            new Problem("self_signed", "certificate is self-signed and not trusted: " + Certificates.label(leaf, true)));
      }
      if (Certificates.selfSigned(top)) {
        return Optional.of(
            new Problem(
                "untrusted",
                "certificate chain ends at untrusted root \"" + Certificates.label(top, false) + "\""));
      }
      return Optional.of(
          new Problem(
              "incomplete_chain",
              "incomplete chain: issuer \"" + top.getIssuerX500Principal().getName(X500Principal.RFC2253)
                  + "\" of \"" + Certificates.label(top, top == leaf)
                  + "\" was not sent by the server and is not a trusted CA"));
    }
    if (path.size() == 1 && anchor.get().getTrustedCert().equals(leaf)) {
      return Optional.empty();
    }
    try {
      PKIXParameters params = new PKIXParameters(Set.of(anchor.get()));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
      return Optional.empty();
    } catch (CertPathValidatorException e) {
      boolean dateReason =
          e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
              || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID;
      if (dateReason && !datesOk) {
        // Already reported with the certificate it concerns.
        return Optional.empty();
      }
      String code = e.getReason() == PKIXReason.NO_TRUST_ANCHOR ? "untrusted" : "invalid_chain";
      return Optional.of(new Problem(code, "certificate chain not valid: " + e.getMessage()));
    } catch (GeneralSecurityException e) {
      return Optional.of(new Problem("invalid_chain", "certificate chain not valid: " + e.getMessage()));
    }
  }

  private static Optional<Problem> nameProblem(X509Certificate leaf, String name) {
    List<String> sans = Certificates.sans(leaf);
    if (sans.isEmpty()) {
      String subject = leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
      return Optional.of(
          new Problem(
              "no_san",
              "certificate has no subjectAltName, so it cannot match " + name + " (subject \"" + subject
                  + "\"; the CN is not used)"));
    }
    if (matches(name, leaf)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            "name_mismatch",
            "certificate name mismatch: " + name + " is not in subjectAltName " + String.join(", ", sans)));
  }

  /**
   * RFC 6125 name matching against the subjectAltName only: an IP literal against IP entries
   * (compared as addresses, so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}); a DNS name against
   * DNS entries, case-insensitively, where {@code *} may stand for exactly the whole left-most
   * label, and only with at least two labels after it.
   */
  static boolean matches(String name, X509Certificate leaf) {
    String bare = Addresses.stripBrackets(name);
    if (Certificates.isIpLiteral(bare)) {
      try {
        InetAddress want = Certificates.parseIp(bare);
        for (String ip : Certificates.ipAddresses(leaf)) {
          if (Certificates.parseIp(ip).equals(want)) {
            return true;
          }
        }
      } catch (IOException e) {
        return false;
      }
      return false;
    }
    String host;
    try {
      host = Certificates.normalizeName(IDN.toASCII(bare, IDN.ALLOW_UNASSIGNED));
    } catch (IllegalArgumentException e) {
      return false;
    }
    for (String dns : Certificates.dnsNames(leaf)) {
      if (dnsMatches(host, Certificates.normalizeName(dns))) {
        return true;
      }
    }
    return false;
  }

  static boolean dnsMatches(String host, String pattern) {
    if (!pattern.startsWith("*.")) {
      return host.equals(pattern);
    }
    String suffix = pattern.substring(1);
    if (suffix.indexOf('.', 1) < 0 || suffix.contains("*")) {
      // "*.com" or a second wildcard: too broad to honour.
      return false;
    }
    if (!host.endsWith(suffix) || host.length() == suffix.length()) {
      return false;
    }
    String label = host.substring(0, host.length() - suffix.length());
    return !label.contains(".");
  }
}
