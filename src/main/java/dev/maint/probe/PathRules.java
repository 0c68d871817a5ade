package dev.maint.probe;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules one certification path must meet for a TLS server certificate. Sources: RFC 5280
 * §4.2 and §6.1 (validity, basicConstraints, keyUsage, pathLenConstraint, name constraints,
 * critical extensions), the CA/Browser Forum Baseline Requirements §7.1 (serverAuth in the
 * leaf's extendedKeyUsage; RSA keys of at least 2048 bits; no SHA-1 or MD5 signatures) and
 * NIST SP 800-57 / OpenSSL security level 2 (112-bit security: RSA and DSA of 2048 bits, EC of
 * 224 bits).
 *
 * <p>Dates are checked on every certificate, the trust anchor's included. Weak keys count on
 * every certificate, the anchor's included; weak signatures only below the anchor (a root's
 * self-signature is never checked, so it cannot weaken anything).
 */
final class PathRules {
  /** Smallest RSA or DSA modulus accepted, in bits. */
  static final int MIN_RSA_DSA_BITS = 2048;
  /** Smallest elliptic-curve field accepted, in bits. */
  static final int MIN_EC_BITS = 224;

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String ANY_EKU = "2.5.29.37.0";
  private static final Map<String, String> EKU_NAMES =
      Map.of(
          SERVER_AUTH, "serverAuth",
          "1.3.6.1.5.5.7.3.2", "clientAuth",
          "1.3.6.1.5.5.7.3.3", "codeSigning",
          "1.3.6.1.5.5.7.3.4", "emailProtection",
          "1.3.6.1.5.5.7.3.8", "timeStamping",
          "1.3.6.1.5.5.7.3.9", "OCSPSigning",
          ANY_EKU, "anyExtendedKeyUsage");
  /** Extensions whose meaning is enforced here or harmless to ignore when critical. */
  private static final Set<String> KNOWN_CRITICAL =
      Set.of(
          "2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.30", "2.5.29.32", "2.5.29.35",
          "2.5.29.36", "2.5.29.37", "2.5.29.54");

  private static final int KU_DIGITAL_SIGNATURE = 0;
  private static final int KU_KEY_ENCIPHERMENT = 2;
  private static final int KU_KEY_AGREEMENT = 4;
  private static final int KU_KEY_CERT_SIGN = 5;

  private final Instant now;
  private final boolean insecure;

  /**
   * @param now the instant validity is judged at
   * @param insecure judge the dates only
   */
  PathRules(Instant now, boolean insecure) {
    this.now = now;
    this.insecure = insecure;
  }

  /** Role of {@code path[index]}: leaf, trust anchor, root (self-signed, untrusted) or intermediate. */
  static String role(List<X509Certificate> path, boolean anchored, int index) {
    if (index == 0) {
      return "leaf";
    }
    if (anchored && index == path.size() - 1) {
      return "trust anchor";
    }
    return Certificates.selfSigned(path.get(index)) ? "root" : "intermediate";
  }

  /** {@code leaf app.test} or {@code intermediate "Example CA"}, as reasons name a certificate. */
  static String who(List<X509Certificate> path, boolean anchored, int index) {
    if (index == 0) {
      return "leaf " + Certificates.label(path.get(0), true);
    }
    return role(path, anchored, index) + " \"" + Certificates.label(path.get(index), false) + "\"";
  }

  /**
   * Every problem of one path, most serious kind first: dates, then (unless insecure) trust,
   * weak cryptography, CA rules, key usage, name constraints.
   *
   * @param path leaf first; ends with the anchor's certificate when {@code anchor} is present
   */
  List<ChainCheck.Problem> judge(List<X509Certificate> path, Optional<TrustAnchor> anchor) {
    boolean anchored = anchor.isPresent();
    List<ChainCheck.Problem> out = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      dateProblem(path.get(i), who(path, anchored, i)).ifPresent(out::add);
    }
    if (insecure) {
      return out;
    }
    if (!anchored) {
      out.add(trustProblem(path));
      return out;
    }
    // The certificates whose signatures count: all but the anchor (none when the leaf is trusted).
    int signed = path.size() - 1;
    for (int i = 0; i < path.size(); i++) {
      int at = i;
      weakKey(path.get(i).getPublicKey())
          .ifPresent(
              w -> out.add(
                  new ChainCheck.Problem(
                      "weak_key",
                      "weak key: " + who(path, anchored, at) + " has " + w + " (minimum " + MIN_RSA_DSA_BITS
                          + " bits for RSA and DSA, " + MIN_EC_BITS + " for EC)")));
    }
    for (int i = 0; i < signed; i++) {
      String alg = path.get(i).getSigAlgName();
      String upper = alg.toUpperCase(Locale.ROOT);
      if (upper.contains("SHA1") || upper.contains("MD5") || upper.contains("MD2")) {
        out.add(
            new ChainCheck.Problem(
                "weak_signature",
                "weak signature: " + who(path, anchored, i) + " is signed with " + alg
                    + " (SHA-1 and MD5 are not accepted below the trust anchor)"));
      }
    }
    int intermediatesBelow = 0;
    for (int i = 1; i < path.size(); i++) {
      X509Certificate ca = path.get(i);
      String name = who(path, anchored, i);
      boolean v1Root = i == path.size() - 1 && ca.getVersion() < 3 && Certificates.selfSigned(ca);
      if (ca.getBasicConstraints() < 0 && !v1Root) {
        out.add(
            new ChainCheck.Problem(
                "not_ca", "not a CA: " + name + " has no basicConstraints CA:TRUE but issued " + who(path, anchored, i - 1)));
      } else if (ca.getKeyUsage() != null && !ca.getKeyUsage()[KU_KEY_CERT_SIGN]) {
        out.add(
            new ChainCheck.Problem(
                "not_ca", "not a CA: " + name + " lacks keyCertSign in its keyUsage but issued " + who(path, anchored, i - 1)));
      } else if (ca.getBasicConstraints() < intermediatesBelow) {
        out.add(
            new ChainCheck.Problem(
                "path_length",
                "path too long: " + name + " allows " + ca.getBasicConstraints()
                    + " intermediate CAs below it (pathLenConstraint) but has " + intermediatesBelow));
      }
      // Self-issued certificates (key rollover) do not count towards a path length (RFC 5280 §6.1.4).
      if (!ca.getSubjectX500Principal().equals(ca.getIssuerX500Principal())) {
        intermediatesBelow++;
      }
    }
    for (int i = 0; i < path.size(); i++) {
      Set<String> critical = path.get(i).getCriticalExtensionOIDs();
      if (critical != null) {
        for (String oid : critical) {
          if (!KNOWN_CRITICAL.contains(oid)) {
            out.add(
                new ChainCheck.Problem(
                    "critical_extension",
                    "unsupported critical extension " + oid + " in " + who(path, anchored, i)));
          }
        }
      }
    }
    ekuProblems(path, anchored, signed, out);
    leafKeyUsage(path, anchored).ifPresent(out::add);
    for (int k = 1; k < path.size(); k++) {
      NameConstraints.check(path, k, who(path, anchored, k), i -> who(path, anchored, i)).ifPresent(out::add);
    }
    return out;
  }

  private Optional<ChainCheck.Problem> dateProblem(X509Certificate c, String role) {
    // Intermediates and untrusted roots are named by label alone, as before roles were shown.
    String who = role.startsWith("leaf ") || role.startsWith("trust ") ? role : role.substring(role.indexOf('"'));
    if (Certificates.expired(c, now)) {
      return Optional.of(
          new ChainCheck.Problem(
              "expired",
              "certificate " + Certificates.expiredAgo(c, now) + ": " + who + ", not after " + c.getNotAfter().toInstant()));
    }
    if (now.isBefore(c.getNotBefore().toInstant())) {
      return Optional.of(
          new ChainCheck.Problem(
              "not_yet_valid",
              "certificate not yet valid: " + who + ", not before " + c.getNotBefore().toInstant()));
    }
    return Optional.empty();
  }

  private static ChainCheck.Problem trustProblem(List<X509Certificate> path) {
    X509Certificate leaf = path.get(0);
    X509Certificate top = path.get(path.size() - 1);
    if (top == leaf && Certificates.selfSigned(leaf)) {
      return new ChainCheck.Problem(
          "self_signed", "certificate is self-signed and not trusted: " + Certificates.label(leaf, true));
    }
    if (Certificates.selfSigned(top)) {
      return new ChainCheck.Problem(
          "untrusted", "certificate chain ends at untrusted root \"" + Certificates.label(top, false) + "\"");
    }
    return new ChainCheck.Problem(
        "incomplete_chain",
        "incomplete chain: issuer \"" + top.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253)
            + "\" of \"" + Certificates.label(top, top == leaf)
            + "\" was not sent by the server and is not a trusted CA");
  }

  /**
   * The key's weakness, e.g. {@code an RSA key of 1024 bits}, if it is below the minimum.
   * Edwards-curve and other keys are not judged.
   */
  static Optional<String> weakKey(PublicKey key) {
    if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_DSA_BITS) {
      return Optional.of("an RSA key of " + rsa.getModulus().bitLength() + " bits");
    }
    if (key instanceof DSAKey dsa && dsa.getParams() != null && dsa.getParams().getP().bitLength() < MIN_RSA_DSA_BITS) {
      return Optional.of("a DSA key of " + dsa.getParams().getP().bitLength() + " bits");
    }
    if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
      return Optional.of("an EC key of " + ec.getParams().getCurve().getField().getFieldSize() + " bits");
    }
    return Optional.empty();
  }

  /**
   * The leaf's extendedKeyUsage, when present, must allow serverAuth (anyExtendedKeyUsage does
   * not count: the Baseline Requirements forbid it in a server certificate); a CA's, when
   * present, must allow serverAuth or anyExtendedKeyUsage, as it limits what it may issue for.
   */
  private static void ekuProblems(
      List<X509Certificate> path, boolean anchored, int signed, List<ChainCheck.Problem> out) {
    for (int i = 0; i < Math.max(1, signed); i++) {
      List<String> eku;
      try {
        eku = path.get(i).getExtendedKeyUsage();
      } catch (CertificateParsingException e) {
        out.add(
            new ChainCheck.Problem(
                "not_server_auth", "unreadable extendedKeyUsage in " + who(path, anchored, i)));
        continue;
      }
      if (eku == null || eku.contains(SERVER_AUTH) || (i > 0 && eku.contains(ANY_EKU))) {
        continue;
      }
      List<String> names = eku.stream().map(o -> EKU_NAMES.getOrDefault(o, o)).toList();
      out.add(
          new ChainCheck.Problem(
              "not_server_auth",
              "not for server authentication: " + who(path, anchored, i) + " has extendedKeyUsage "
                  + String.join(", ", names) + " without serverAuth"));
    }
  }

  /**
   * The leaf's keyUsage, when present, must allow the TLS key exchange its key can do (RFC 5280
   * §4.2.1.3, RFC 8446 §4.4.2.2): digitalSignature or keyEncipherment for RSA, digitalSignature or
   * keyAgreement for EC, digitalSignature for any other key.
   */
  private static Optional<ChainCheck.Problem> leafKeyUsage(List<X509Certificate> path, boolean anchored) {
    X509Certificate leaf = path.get(0);
    boolean[] ku = leaf.getKeyUsage();
    if (ku == null) {
      return Optional.empty();
    }
    String alg = leaf.getPublicKey().getAlgorithm();
    boolean ok;
    String needs;
    if (alg.startsWith("RSA")) {
      ok = bit(ku, KU_DIGITAL_SIGNATURE) || bit(ku, KU_KEY_ENCIPHERMENT);
      needs = "digitalSignature or keyEncipherment for an RSA key";
    } else if (alg.equals("EC")) {
      ok = bit(ku, KU_DIGITAL_SIGNATURE) || bit(ku, KU_KEY_AGREEMENT);
      needs = "digitalSignature or keyAgreement for an EC key";
    } else {
      ok = bit(ku, KU_DIGITAL_SIGNATURE);
      needs = "digitalSignature";
    }
    if (ok) {
      return Optional.empty();
    }
    return Optional.of(
        new ChainCheck.Problem(
            "key_usage", "keyUsage does not allow TLS: " + who(path, anchored, 0) + " needs " + needs));
  }

  private static boolean bit(boolean[] bits, int i) {
    return i < bits.length && bits[i];
  }
}
