package dev.maint.probe;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Judges a certificate chain as a server presented it: builds every path from the leaf to a trust
 * anchor that the presented certificates and the trust store allow ({@link PathSearch}), judges
 * each with {@link PathRules} (dates, CA rules, key usage, name constraints, weak cryptography;
 * no revocation), keeps the best, and checks the server name (RFC 6125). Each failure has its own
 * reason. The JDK's {@code CertPathBuilder} is not used: it stops at the first failure with a
 * message meant for developers, and leaves out the server profile (CA/Browser Forum Baseline
 * Requirements) and some name-constraint forms.
 */
final class ChainCheck {
  /** One thing wrong with the chain, most serious first in {@link Report#problems()}. */
  record Problem(String code, String message) {
    Map<String, Object> toMap() {
      return Map.of("code", code, "message", message);
    }
  }

  /**
   * The findings.
   *
   * @param path the chosen path from the leaf up, ending with the trust anchor's certificate when
   *     one was reached (a leaf that is itself trusted is a path of one); up to the last linked
   *     certificate otherwise
   * @param anchor the trust anchor the path ends at, if any
   * @param effective index in {@code path} of the certificate with the earliest not-after, the
   *     trust anchor included
   * @param rejected why other issuer candidates and paths were not chosen (evidence for {@code -v})
   * @param notes things worth saying that do not change the verdict (a skipped SAN entry)
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
      Instant now,
      List<Map<String, Object>> rejected,
      List<String> notes) {

    long effectiveDays() {
      return Certificates.daysLeft(path.get(effective), now);
    }

    long leafDays() {
      return Certificates.daysLeft(path.get(0), now);
    }

    /** Role of a path certificate: leaf, trust anchor, intermediate, or root (self-signed, untrusted). */
    String role(int index) {
      return PathRules.role(path, anchor.isPresent(), index);
    }

    private String describe(int index) {
      return PathRules.who(path, anchor.isPresent(), index);
    }

    /**
     * JSON-friendly details: certificates (as presented), trust_anchor, validated, trust_checked,
     * name_match, problems, effective_expiry, leaf_days_left, and when there are any notes and
     * rejected_candidates.
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
      if (!notes.isEmpty()) {
        d.put("notes", notes);
      }
      if (!rejected.isEmpty()) {
        d.put("rejected_candidates", rejected);
      }
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
        if (!notes.isEmpty()) {
          r = new ProbeResult(r.verdict(), r.reason() + "; note: " + String.join("; ", notes), r.details());
        }
      }
      return r.with(details());
    }
  }

  private ChainCheck() {}

  /**
   * Checks a presented chain.
   *
   * @param presented the chain as the server sent it, leaf first (not empty); the others in any
   *     order, with duplicates and strays
   * @param name the server name (DNS name or IP literal) the leaf must carry in its
   *     subjectAltName; the subject CN is never used (RFC 6125 §6.4.4)
   * @param anchors trusted CAs
   * @param now the instant validity is judged at
   * @param insecure skip the trust checks and the path rules (never the name or the dates)
   */
  static Report check(
      List<X509Certificate> presented, String name, Set<TrustAnchor> anchors, Instant now, boolean insecure) {
    X509Certificate leaf = presented.get(0);
    PathSearch search = new PathSearch(presented, insecure ? Set.of() : anchors);
    List<PathSearch.Path> found = search.run();
    PathRules rules = new PathRules(now, insecure);
    List<Map<String, Object>> rejected = new ArrayList<>(search.rejected());
    List<Scored> scored = new ArrayList<>();
    for (PathSearch.Path p : found) {
      scored.add(new Scored(p, rules.judge(p.certs(), p.anchor())));
    }
    scored.sort(BEST_FIRST);
    PathSearch.Path best = scored.get(0).path();
    List<Problem> bestProblems = scored.get(0).problems();
    for (Scored s : scored.subList(1, scored.size())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", s.path().certs().stream().map(c -> Certificates.label(c, c == leaf)).toList());
      m.put("reason", s.problems().isEmpty() ? "shorter-lived than the path chosen" : s.problems().get(0).message());
      rejected.add(m);
    }

    List<Problem> problems = new ArrayList<>();
    Optional<Problem> nameProblem = nameProblem(leaf, name);
    nameProblem.ifPresent(problems::add);
    problems.addAll(bestProblems);
    boolean validated = !insecure && best.anchor().isPresent() && bestProblems.isEmpty();
    List<X509Certificate> path = best.certs();
    int effective = 0;
    for (int i = 1; i < path.size(); i++) {
      if (path.get(i).getNotAfter().before(path.get(effective).getNotAfter())) {
        effective = i;
      }
    }
    List<String> notes = new ArrayList<>();
    for (String skipped : Certificates.subjectNames(leaf).skipped()) {
      notes.add("skipped unreadable subjectAltName entry (" + skipped + ")");
    }
    notes.addAll(search.notes());
    return new Report(
        List.copyOf(presented),
        path,
        best.anchor(),
        !insecure,
        validated,
        nameProblem.isEmpty(),
        List.copyOf(problems),
        effective,
        now,
        List.copyOf(rejected),
        List.copyOf(notes));
  }

  private record Scored(PathSearch.Path path, List<Problem> problems) {
    boolean valid() {
      return path.anchor().isPresent() && problems.isEmpty();
    }

    Instant expiry() {
      return path.certs().stream().map(c -> c.getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
    }
  }

  /**
   * Valid paths first, the longest-lived of them first; then anchored paths before unanchored
   * ones (an anchored path with one problem is the most promising), fewer problems first, and
   * later expiry first; finally the shorter path.
   */
  private static final Comparator<Scored> BEST_FIRST =
      Comparator.comparing((Scored s) -> !s.valid())
          .thenComparing(s -> s.path().anchor().isEmpty())
          .thenComparingInt(s -> s.problems().size())
          .thenComparing(Scored::expiry, Comparator.reverseOrder())
          .thenComparingInt(s -> s.path().certs().size());

  private static Optional<Problem> nameProblem(X509Certificate leaf, String name) {
    Certificates.SubjectNames names = Certificates.subjectNames(leaf);
    if (!names.present()) {
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
            "certificate name mismatch: " + name + " is not in subjectAltName " + String.join(", ", names.display())));
  }

  /**
   * RFC 6125 name matching against the subjectAltName only: an IP literal against IP entries
   * (compared as addresses, so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}); a DNS name against
   * DNS entries, case-insensitively, where {@code *} may stand for exactly the whole left-most
   * label, and only with at least two labels after it. Unreadable entries are skipped.
   */
  static boolean matches(String name, X509Certificate leaf) {
    String bare = Addresses.stripBrackets(name);
    if (Certificates.isIpLiteral(bare)) {
      try {
        InetAddress want = Certificates.parseIp(bare);
        return Certificates.subjectNames(leaf).ips().contains(want);
      } catch (IOException e) {
        return false;
      }
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
