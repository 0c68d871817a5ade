package dev.maint.probe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * Builds the candidate certification paths from a leaf (RFC 4158 path building, depth first): at
 * every level each certificate whose subject is the current issuer name, whose subject key
 * identifier does not contradict the authority key identifier (RFC 5280 §4.2.1.1) and whose key
 * verifies the signature is tried, trust anchors first, then what the server sent in the order
 * sent. A path ends at a trust anchor, at a self-signed certificate, or where no issuer is found.
 *
 * <p>The search is bounded so that a hostile server sending many look-alike certificates cannot
 * make a check slow: at most {@link #MAX_DEPTH} certificates below the anchor, {@link
 * #MAX_SIGNATURES} signature verifications and {@link #MAX_PATHS} complete paths.
 */
final class PathSearch {
  /** Longest path built below the trust anchor; real chains have 2–4 certificates. */
  static final int MAX_DEPTH = 8;
  /** Signatures verified in one search (each costs a public-key operation). */
  static final int MAX_SIGNATURES = 64;
  /** Complete paths judged in one search. */
  static final int MAX_PATHS = 16;

  /**
   * One candidate path.
   *
   * @param certs the leaf first, then issuers; the trust anchor's certificate last when {@code
   *     anchor} is present (unless the leaf itself is the anchor)
   */
  record Path(List<X509Certificate> certs, Optional<TrustAnchor> anchor) {}

  /**
   * The subject of each trust anchor seen, kept with its cached canonical form: the JDK store
   * holds about 150 anchors, and decoding their names again for every check was the largest cost
   * of a check.
   */
  private static final Map<TrustAnchor, X500Principal> ANCHOR_SUBJECTS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final X509Certificate leaf;
  private final Set<TrustAnchor> anchors;
  /** The anchors with a given subject, looked up once per name asked for. */
  private final Map<X500Principal, List<TrustAnchor>> anchorsBySubject = new HashMap<>();
  private final Map<X500Principal, List<X509Certificate>> sentBySubject = new LinkedHashMap<>();
  private final Map<List<X509Certificate>, Boolean> verified = new HashMap<>();
  private final List<Path> paths = new ArrayList<>();
  private final List<Map<String, Object>> rejected = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private int signatures;
  private boolean limitNoted;

  /**
   * @param presented what the server sent, leaf first
   * @param anchors trusted CAs (empty to build from the presented certificates alone)
   */
  PathSearch(List<X509Certificate> presented, Set<TrustAnchor> anchors) {
    leaf = presented.get(0);
    this.anchors = anchors;
    for (X509Certificate c : presented.subList(1, presented.size())) {
      List<X509Certificate> same = sentBySubject.computeIfAbsent(c.getSubjectX500Principal(), k -> new ArrayList<>());
      // Servers repeat certificates; one copy is enough, and a sent copy of an anchor is the anchor.
      if (!same.contains(c) && !c.equals(leaf) && anchorFor(c).isEmpty()) {
        same.add(c);
      }
    }
  }

  /** Searches; the result holds at least one path (the leaf alone when nothing issued it). */
  List<Path> run() {
    Optional<TrustAnchor> leafAnchor = anchorFor(leaf);
    if (leafAnchor.isPresent()) {
      // A self-signed leaf placed in the trust store (e.g. via ca_file) is its own anchor.
      paths.add(new Path(List.of(leaf), leafAnchor));
      return paths;
    }
    List<X509Certificate> start = new ArrayList<>();
    start.add(leaf);
    extend(start);
    return paths;
  }

  /** Why issuer candidates were turned down: certificate, issuer_of and reason. */
  List<Map<String, Object>> rejected() {
    return rejected;
  }

  /** Remarks about the search itself, such as a limit being reached. */
  List<String> notes() {
    return notes;
  }

  private void extend(List<X509Certificate> path) {
    X509Certificate top = path.get(path.size() - 1);
    if (Certificates.selfSigned(top)) {
      // An untrusted self-signed certificate (the leaf, or a root the server sent): nothing above.
      paths.add(new Path(List.copyOf(path), Optional.empty()));
      return;
    }
    if (path.size() > MAX_DEPTH) {
      limit("path longer than " + MAX_DEPTH + " certificates below the trust anchor");
      paths.add(new Path(List.copyOf(path), Optional.empty()));
      return;
    }
    boolean any = false;
    X500Principal issuer = top.getIssuerX500Principal();
    for (TrustAnchor a : anchorsNamed(issuer)) {
      if (paths.size() >= MAX_PATHS) {
        limit("more than " + MAX_PATHS + " candidate paths");
        return;
      }
      if (accepts(top, a.getTrustedCert())) {
        any = true;
        List<X509Certificate> done = new ArrayList<>(path);
        done.add(a.getTrustedCert());
        paths.add(new Path(List.copyOf(done), Optional.of(a)));
      }
    }
    for (X509Certificate c : sentBySubject.getOrDefault(issuer, List.of())) {
      if (paths.size() >= MAX_PATHS) {
        limit("more than " + MAX_PATHS + " candidate paths");
        return;
      }
      if (path.contains(c) || !accepts(top, c)) {
        continue;
      }
      any = true;
      path.add(c);
      extend(path);
      path.remove(path.size() - 1);
    }
    if (!any) {
      paths.add(new Path(List.copyOf(path), Optional.empty()));
    }
  }

  /** Whether {@code candidate} issued {@code child}: key identifiers agree and the signature verifies. */
  private boolean accepts(X509Certificate child, X509Certificate candidate) {
    Optional<byte[]> aki = authorityKeyId(child);
    Optional<byte[]> ski = subjectKeyId(candidate);
    if (aki.isPresent() && ski.isPresent() && !Arrays.equals(aki.get(), ski.get())) {
      reject(child, candidate, "its subject key identifier differs from the authority key identifier");
      return false;
    }
    List<X509Certificate> pair = List.of(child, candidate);
    Boolean ok = verified.get(pair);
    if (ok == null) {
      if (signatures >= MAX_SIGNATURES) {
        limit("more than " + MAX_SIGNATURES + " signature checks");
        return false;
      }
      signatures++;
      ok = verifies(child, candidate);
      verified.put(pair, ok);
    }
    if (!ok) {
      reject(child, candidate, "its key does not verify the signature");
    }
    return ok;
  }

  private static boolean verifies(X509Certificate child, X509Certificate issuer) {
    try {
      child.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private void reject(X509Certificate child, X509Certificate candidate, String reason) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("certificate", Certificates.label(candidate, false));
    m.put("issuer_of", Certificates.label(child, child == leaf));
    m.put("reason", reason);
    if (!rejected.contains(m)) {
      rejected.add(m);
    }
  }

  private void limit(String what) {
    if (!limitNoted) {
      limitNoted = true;
      notes.add("path search stopped early: " + what);
    }
  }

  private Optional<TrustAnchor> anchorFor(X509Certificate c) {
    for (TrustAnchor a : anchorsNamed(c.getSubjectX500Principal())) {
      if (c.equals(a.getTrustedCert())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  private List<TrustAnchor> anchorsNamed(X500Principal name) {
    List<TrustAnchor> named = anchorsBySubject.get(name);
    if (named == null) {
      named = new ArrayList<>();
      for (TrustAnchor a : anchors) {
        X500Principal subject = subjectOf(a);
        if (subject != null && subject.equals(name)) {
          named.add(a);
        }
      }
      anchorsBySubject.put(name, named);
    }
    return named;
  }

  /**
   * Reads each anchor's subject ahead of a search, with the canonical form {@link
   * X500Principal#equals} compares (computed once per name and kept with it).
   */
  static void rememberSubjects(Set<TrustAnchor> anchors) {
    X500Principal none = new X500Principal("CN=maint warm-up");
    for (TrustAnchor a : anchors) {
      X500Principal subject = subjectOf(a);
      if (subject != null) {
        subject.equals(none);
      }
    }
  }

  private static X500Principal subjectOf(TrustAnchor a) {
    if (a.getTrustedCert() == null) {
      return null;
    }
    X500Principal subject = ANCHOR_SUBJECTS.get(a);
    if (subject == null) {
      subject = a.getTrustedCert().getSubjectX500Principal();
      ANCHOR_SUBJECTS.put(a, subject);
    }
    return subject;
  }

  /** The keyIdentifier of the authorityKeyIdentifier extension (RFC 5280 §4.2.1.1), if any. */
  static Optional<byte[]> authorityKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue("2.5.29.35");
    if (ext == null) {
      return Optional.empty();
    }
    try {
      for (Der.Tlv t : Der.single(Der.extensionContents(ext)).children()) {
        if (t.contextSpecific() && t.contextNumber() == 0) {
          return Optional.of(t.value());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The subjectKeyIdentifier (RFC 5280 §4.2.1.2), if any. */
  static Optional<byte[]> subjectKeyId(X509Certificate c) {
    byte[] ext = c.getExtensionValue("2.5.29.14");
    if (ext == null) {
      return Optional.empty();
    }
    try {
      Der.Tlv id = Der.single(Der.extensionContents(ext));
      return id.tag() == Der.OCTET_STRING ? Optional.of(id.value()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
