package dev.maint.probe;

import dev.maint.text.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Certificate reading, description and trust-store loading shared by the TLS, HTTP and
 * certificate-file probes.
 */
final class Certificates {
  private static final Pattern PEM =
      Pattern.compile(
          "-----BEGIN (CERTIFICATE|X509 CERTIFICATE|TRUSTED CERTIFICATE|PKCS7)-----(.*?)-----END \\1-----",
          Pattern.DOTALL);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /** The PEM labels that hold certificates. */
  private static final java.util.Set<String> CERTIFICATE_LABELS =
      java.util.Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE", "PKCS7");
  private static final Pattern PEM_LABEL = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;
  private static final int SAN_EMAIL = 1;
  private static final long SECONDS_PER_DAY = 86_400;

  private static Set<TrustAnchor> systemAnchors;

  private Certificates() {}

  /** Largest certificate file read, in bytes (16 MiB): far above any real bundle, far below the heap. */
  static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  /**
   * Reads every certificate of a file: PEM with {@code CERTIFICATE}, {@code X509 CERTIFICATE},
   * {@code TRUSTED CERTIFICATE} (OpenSSL's form with trust settings after the certificate, which
   * are ignored) or {@code PKCS7} blocks (other blocks such as keys are ignored); else DER, one
   * certificate or a PKCS#7 (RFC 2315) bundle.
   *
   * @throws IOException if the file cannot be read, or is larger than {@link #MAX_FILE_BYTES}
   *     (checked on the bytes read, so a growing file or a device cannot exhaust memory)
   * @throws CertificateException if it holds no parsable certificate: {@link NoCertificate} when
   *     the path is a directory, the file is empty, holds PEM blocks of another kind (such as a
   *     private key) or is neither PEM nor DER
   */
  static List<X509Certificate> read(Path path) throws IOException, CertificateException {
    if (Files.isDirectory(path)) {
      throw new NoCertificate("is a directory, not a certificate file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new TooLarge("is larger than the " + (MAX_FILE_BYTES >> 20) + " MiB limit for certificate files");
    }
    if (bytes.length == 0) {
      throw new NoCertificate("holds no certificate (the file is empty)");
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> result = new ArrayList<>();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).trim());
      } catch (IllegalArgumentException e) {
        throw new CertificateException("bad base64 in PEM block: " + e.getMessage(), e);
      }
      String label = m.group(1);
      if (label.equals("PKCS7")) {
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(der))) {
          result.add(x509(c));
        }
        continue;
      }
      if (label.equals("TRUSTED CERTIFICATE")) {
        // The certificate, then OpenSSL's X509_CERT_AUX (trust and reject purposes, alias).
        try {
          der = Arrays.copyOf(der, Der.elementLength(der));
        } catch (IOException e) {
          throw new CertificateException("malformed TRUSTED CERTIFICATE block: " + e.getMessage(), e);
        }
      }
      result.add(x509(factory.generateCertificate(new ByteArrayInputStream(der))));
    }
    Matcher other = PEM_LABEL.matcher(text);
    if (result.isEmpty() && other.find()) {
      // PEM armour around something else, typically the key next to the certificate: the DER
      // parser would only report a cryptic ASN.1 error.
      if (CERTIFICATE_LABELS.contains(other.group(1))) {
        // A BEGIN line without its END line: the file was cut short (a partial copy or download).
        throw new NoCertificate("holds a truncated " + other.group(1) + " PEM block (no -----END " + other.group(1)
            + "----- line)");
      }
      throw new NoCertificate("holds no certificate (found a " + other.group(1) + " PEM block)");
    }
    if (result.isEmpty()) {
      // No PEM armour: the file should be DER (one certificate or PKCS#7), and the parser's own
      // error ("Incomplete BER/DER data" for a serial-number file) would not tell the user that.
      try {
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
          result.add(x509(c));
        }
      } catch (CertificateException | RuntimeException e) {
        throw new NoCertificate("holds no certificate (neither PEM nor DER)");
      }
    }
    if (result.isEmpty()) {
      throw new NoCertificate("holds no certificate (neither PEM nor DER)");
    }
    return result;
  }

  /** A file over {@link #MAX_FILE_BYTES}; the message follows the path. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  /**
   * A path that holds no certificate at all; the message, to follow the path, says what it is
   * instead (a directory, an empty file, a key, ...).
   */
  static final class NoCertificate extends CertificateException {
    private static final long serialVersionUID = 1L;

    NoCertificate(String message) {
      super(message);
    }
  }

  private static X509Certificate x509(Certificate c) throws CertificateException {
    if (c instanceof X509Certificate x) {
      return x;
    }
    throw new CertificateException("not an X.509 certificate: " + c.getType());
  }

  /**
   * The trust anchors: the JDK's default trust store plus every certificate of {@code caFile}.
   *
   * @throws IOException if {@code caFile} cannot be read
   * @throws GeneralSecurityException if it holds no certificate or the system store cannot load
   */
  static Set<TrustAnchor> anchors(Optional<Path> caFile) throws IOException, GeneralSecurityException {
    return anchors(caFile.isPresent() ? read(caFile.get()) : List.of());
  }

  /**
   * The trust anchors: the JDK's default trust store, then {@code extra} (read with {@link #read}).
   *
   * @throws GeneralSecurityException if the system store cannot load
   */
  static Set<TrustAnchor> anchors(List<X509Certificate> extra) throws GeneralSecurityException {
    Set<TrustAnchor> all = new LinkedHashSet<>(system());
    for (X509Certificate c : extra) {
      all.add(new TrustAnchor(c, null));
    }
    return all;
  }

  private static synchronized Set<TrustAnchor> system() throws GeneralSecurityException {
    // Loading the JDK store parses ~150 certificates; once per process is enough.
    if (systemAnchors == null) {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      Set<TrustAnchor> anchors = new LinkedHashSet<>();
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            anchors.add(new TrustAnchor(c, null));
          }
        }
      }
      systemAnchors = Set.copyOf(anchors);
    }
    return systemAnchors;
  }

  /**
   * Does the one-off work of a process's first TLS check ahead of it: the JSSE classes an SSL
   * context and a client socket start (cipher suites, named groups, the IDN tables SNI uses), then
   * the X.509 certificate factory and the JDK trust store, with each anchor's subject as {@link
   * PathSearch} compares them. Nothing it makes decides a verdict: the trust store read here is the
   * one {@link #anchors} returns, read once per process either way.
   *
   * <p>Errors are left for the check itself to meet and report.
   */
  static void warmUp() {
    try {
      SSLSocketFactory factory = capturingContext().getSocketFactory();
      try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName("maint.invalid")));
        socket.setSSLParameters(params);
      }
    } catch (IOException | RuntimeException e) {
      // Only classes were to be loaded; the check makes its own context and socket.
    }
    try {
      CertificateFactory.getInstance("X.509");
      PathSearch.rememberSubjects(system());
    } catch (GeneralSecurityException | RuntimeException e) {
      // The check loads the store again and reports what is wrong with it.
    }
  }

  /**
   * An SSL context whose trust manager accepts any chain: the probes capture the chain during the
   * handshake and judge it afterwards with {@link ChainCheck}, so that expiry, name and trust each
   * get their own reason and days are counted from the probe's clock.
   */
  static SSLContext capturingContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {DEFERRED}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation in this JDK", e);
    }
  }

  /**
   * Accepts every chain. An {@link X509ExtendedTrustManager} (rather than a plain one) stops JSSE
   * from wrapping it with its own host-name and constraint checks.
   */
  static final X509ExtendedTrustManager DEFERRED =
      new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  /**
   * Whole days from {@code now} to the certificate's not-after, rounded toward zero so that a
   * count is never early: 2 days 23 hours left is 2, one hour past not-after is 0 (see {@link
   * #expiredAgo}), one day and 28 minutes past is −1.
   */
  static long daysLeft(X509Certificate c, Instant now) {
    return daysLeft(c.getNotAfter().toInstant(), now);
  }

  /** {@link #daysLeft(X509Certificate, Instant)} for a not-after instant. */
  static long daysLeft(Instant notAfter, Instant now) {
    return Duration.between(now, notAfter).getSeconds() / SECONDS_PER_DAY;
  }

  /** Whether {@code now} is past the certificate's not-after. */
  static boolean expired(X509Certificate c, Instant now) {
    return now.isAfter(c.getNotAfter().toInstant());
  }

  /** {@code expired today} or {@code expired N days ago}, whole days rounded down (never early). */
  static String expiredAgo(X509Certificate c, Instant now) {
    long ago = -daysLeft(c, now);
    return ago == 0 ? "expired today" : "expired " + days(ago) + " ago";
  }

  /**
   * The DNS and IP entries of a certificate's subjectAltName (RFC 5280 §4.2.1.6), read entry by
   * entry so that one malformed entry (say an IP address of 5 bytes) is skipped and reported
   * rather than hiding all the others, as the JDK's all-or-nothing parser does.
   *
   * @param display {@code DNS:name} and {@code IP:address} in certificate order
   * @param skipped one line per entry that could not be read
   * @param present whether the certificate has the extension at all
   */
  record SubjectNames(
      List<String> dns, List<InetAddress> ips, List<String> emails, List<String> display, List<String> skipped,
      boolean present) {}

  private static final Map<X509Certificate, SubjectNames> SAN_CACHE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** The certificate's subjectAltName entries; parsed once per certificate. */
  static SubjectNames subjectNames(X509Certificate c) {
    SubjectNames cached = SAN_CACHE.get(c);
    if (cached == null) {
      cached = parseSubjectNames(c);
      SAN_CACHE.put(c, cached);
    }
    return cached;
  }

  private static SubjectNames parseSubjectNames(X509Certificate c) {
    List<String> dns = new ArrayList<>();
    List<InetAddress> ips = new ArrayList<>();
    List<String> emails = new ArrayList<>();
    List<String> display = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    byte[] ext = c.getExtensionValue("2.5.29.17");
    if (ext == null) {
      return new SubjectNames(List.of(), List.of(), List.of(), List.of(), List.of(), false);
    }
    List<Der.Tlv> entries;
    try {
      Der.Tlv names = Der.single(Der.extensionContents(ext));
      if (names.tag() != Der.SEQUENCE) {
        throw new IOException("not a SEQUENCE");
      }
      entries = names.children();
    } catch (IOException e) {
      return new SubjectNames(
          List.of(), List.of(), List.of(), List.of(), List.of("subjectAltName unreadable: " + e.getMessage()), true);
    }
    for (Der.Tlv t : entries) {
      if (!t.contextSpecific()) {
        skipped.add("subjectAltName entry with a non-context tag 0x" + Integer.toHexString(t.tag()));
        continue;
      }
      switch (t.contextNumber()) {
        case SAN_DNS -> {
          String name = new String(t.value(), StandardCharsets.ISO_8859_1);
          if (!name.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            skipped.add("DNS name that is not printable ASCII");
          } else {
            dns.add(name);
            display.add("DNS:" + name);
          }
        }
        case SAN_IP -> {
          if (t.value().length != 4 && t.value().length != 16) {
            skipped.add("IP address of " + t.value().length + " bytes");
          } else {
            try {
              InetAddress ip = InetAddress.getByAddress(t.value());
              ips.add(ip);
              display.add("IP:" + ip.getHostAddress());
            } catch (IOException e) {
              skipped.add("IP address: " + e.getMessage());
            }
          }
        }
        case SAN_EMAIL -> emails.add(new String(t.value(), StandardCharsets.ISO_8859_1));
        default -> {
          // Other kinds (URI, otherName, directoryName, ...) name no host.
        }
      }
    }
    return new SubjectNames(
        List.copyOf(dns), List.copyOf(ips), List.copyOf(emails), List.copyOf(display), List.copyOf(skipped), true);
  }

  /** Subject alternative names as {@code DNS:name} and {@code IP:address}; other kinds are left out. */
  static List<String> sans(X509Certificate c) {
    return subjectNames(c).display();
  }

  /** DNS names of the subjectAltName extension. */
  static List<String> dnsNames(X509Certificate c) {
    return subjectNames(c).dns();
  }

  /** The subject's common name, if it has one. */
  static Optional<String> commonName(X500Principal principal) {
    try {
      List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
      // LdapName lists RDNs last-first; the most specific CN is the last one listed.
      for (Rdn rdn : rdns) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * A short name a person recognises: the first SAN for a leaf (its subject may be empty), the CN
   * otherwise, else the subject, else {@code (empty subject)}.
   */
  static String label(X509Certificate c, boolean leaf) {
    List<String> sans = sans(c);
    if (leaf && !sans.isEmpty()) {
      return sans.get(0).substring(sans.get(0).indexOf(':') + 1);
    }
    Optional<String> cn = commonName(c.getSubjectX500Principal());
    if (cn.isPresent()) {
      return cn.get();
    }
    if (!sans.isEmpty()) {
      return sans.get(0).substring(sans.get(0).indexOf(':') + 1);
    }
    String subject = c.getSubjectX500Principal().getName(X500Principal.RFC2253);
    return subject.isEmpty() ? "(empty subject)" : subject;
  }

  /** Whether the certificate names itself as issuer and its signature verifies with its own key. */
  static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    // A public-key operation, asked for several times per check: once per certificate is enough.
    Boolean known = SELF_SIGNED.get(c);
    if (known == null) {
      known = signedBy(c, c);
      SELF_SIGNED.put(c, known);
    }
    return known;
  }

  private static final Map<X509Certificate, Boolean> SELF_SIGNED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** Whether {@code issuer}'s subject is {@code c}'s issuer and its key verifies {@code c}. */
  static boolean signedBy(X509Certificate c, X509Certificate issuer) {
    if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * JSON-friendly description: subject, issuer (RFC 2253), sans, serial (hex), not_before and
   * not_after (ISO-8601 UTC), days_left, self_signed, sha256 (hex fingerprint).
   */
  static Map<String, Object> describe(X509Certificate c, Instant now) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("subject", c.getSubjectX500Principal().getName(X500Principal.RFC2253));
    d.put("sans", sans(c));
    if (!subjectNames(c).skipped().isEmpty()) {
      d.put("sans_skipped", subjectNames(c).skipped());
    }
    d.put("issuer", c.getIssuerX500Principal().getName(X500Principal.RFC2253));
    d.put("serial", c.getSerialNumber().toString(16));
    d.put("not_before", c.getNotBefore().toInstant().toString());
    d.put("not_after", c.getNotAfter().toInstant().toString());
    d.put("days_left", daysLeft(c, now));
    d.put("expired", expired(c, now));
    d.put("self_signed", selfSigned(c));
    d.put("sha256", fingerprint(c));
    return d;
  }

  private static String fingerprint(X509Certificate c) {
    try {
      return Sha256.hex(c.getEncoded());
    } catch (GeneralSecurityException e) {
      return "";
    }
  }

  /** {@code 1 day} or {@code N days}. */
  static String days(long n) {
    return n + (Math.abs(n) == 1 ? " day" : " days");
  }

  /**
   * The verdict on a number of days left against the thresholds: FAIL below {@code failDays},
   * WARN below {@code warnDays}, PASS otherwise.
   *
   * @param what names the certificate, e.g. {@code certificate} or {@code certificate of b.test:443}
   * @param setBy appended to the reason, e.g. {@code , set by intermediate "X"}; may be empty
   */
  static ProbeResult daysVerdict(long days, int warnDays, int failDays, String what, String setBy) {
    if (days < failDays) {
      return ProbeResult.fail(what + " expires in " + days(days) + " (minimum " + failDays + ")" + setBy);
    }
    if (days < warnDays) {
      return new ProbeResult(
          Verdict.WARN, what + " expires in " + days(days) + " (minimum " + warnDays + ")" + setBy, Map.of());
    }
    return ProbeResult.pass(what + " valid for " + days(days) + setBy);
  }

  /**
   * Whether {@code s} is an IPv4 or IPv6 literal (optionally in brackets). Checked by shape so
   * that no DNS query is ever made to decide it.
   */
  static boolean isIpLiteral(String s) {
    return s.contains(":") || IPV4.matcher(s).matches();
  }

  /**
   * Parses an IP literal without DNS.
   *
   * @throws IOException if {@code s} is not an IP literal
   */
  static InetAddress parseIp(String s) throws IOException {
    String bare = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    if (!isIpLiteral(bare)) {
      throw new IOException("not an IP address: " + s);
    }
    // For a literal, getByName parses and never queries DNS.
    return InetAddress.getByName(bare);
  }

  /** Lower-cased, without a trailing dot, for comparing DNS names. */
  static String normalizeName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
