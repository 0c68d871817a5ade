package dev.maint.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Checks a server's certificate over a fresh TLS handshake (never a resumed session), optionally
 * after a PostgreSQL or SMTP STARTTLS upgrade. It never speaks HTTP, so it never follows
 * redirects.
 *
 * <p>The name checked is {@code name}, else {@code host}; it is sent as SNI unless it is an IP
 * literal. The address connected to is {@code connect}, else {@link ProbeContext#resolved} for
 * {@code host:port} (one IP or a comma-separated list such as {@code ::1,127.0.0.1}), else every
 * DNS address of {@code host}, tried in order within the one timeout (an address that swallows
 * the connection attempt leaves no time for the next); the one that answered is reported.
 *
 * <p>The chain is captured without validation during the handshake and then judged by {@link
 * ChainCheck}: every path to the system trust store plus {@code caFile} is searched, the
 * server-certificate profile (RFC 5280 §4.2, CA/Browser Forum Baseline Requirements) and weak
 * cryptography are checked, the name per RFC 6125 (subjectAltName only), and the dates against
 * {@link ProbeContext#clock()}. The effective expiry is the earliest not-after on the chosen path,
 * the trust anchor included. Handshake messages up to {@code jdk.tls.maxHandshakeMessageSize}
 * (set by {@code Main} to 256 KB) are read, so a certificate with thousands of names is judged.
 *
 * <p>Verdicts: ERROR when nothing could be checked (DNS, refused, timeout, handshake failure,
 * cancelled);
 * FAIL for a wrong name, missing subjectAltName, expired or not-yet-valid certificate (the
 * anchor included), self-signed, untrusted or incomplete chain, a profile rule broken (EKU, key
 * usage, CA flags, path length, name constraints), a weak key or signature, fewer than {@code
 * failDays} days left, or a server refusing STARTTLS; WARN for fewer than {@code warnDays}; PASS otherwise.
 */
public final class TlsProbe {
  /** PostgreSQL SSLRequest: length 8, code 80877103. */
  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

  private static final int MAX_SMTP_LINE = 4096;

  /**
   * What to check.
   *
   * @param host the host name checked (and connected to, unless {@code connect} is set)
   * @param port TCP port, 1–65535
   * @param name the server name checked and sent as SNI, if different from {@code host}
   * @param connect the address (IP literal or host name) to connect to instead of {@code host}
   * @param warnDays WARN when fewer days are left before the effective not-after
   * @param failDays FAIL when fewer days are left
   * @param caFile a PEM file of extra trusted CAs, added to the system trust store
   * @param insecure skip the trust checks; the name and the dates are still checked
   * @param starttls {@code postgres} or {@code smtp} to upgrade a plain connection first
   * @param timeout one deadline for connecting (to all addresses tried), the STARTTLS exchange and
   *     the handshake together
   */
  public record Request(
      String host,
      int port,
      Optional<String> name,
      Optional<String> connect,
      int warnDays,
      int failDays,
      Optional<Path> caFile,
      boolean insecure,
      Optional<String> starttls,
      Duration timeout) {
    public Request {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(starttls, "starttls");
      Objects.requireNonNull(timeout, "timeout");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      if (starttls.isPresent() && !Set.of("postgres", "smtp").contains(starttls.get())) {
        throw new IllegalArgumentException("starttls must be postgres or smtp: " + starttls.get());
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
    }
  }

  private final ProbeContext context;

  /**
   * Does the one-off work of the first TLS check of this process ahead of it (the JSSE classes of
   * a context and a socket, then the JDK trust store), for a thread that runs while the command
   * line is still being read. A check that needs the trust store meanwhile waits for it rather
   * than reading it twice; nothing done here decides a verdict. For commands about to probe TLS or
   * HTTPS: the HTTP probe reads the same trust store. Never throws: what fails here is left for the
   * check itself to meet and report.
   */
  public static void warmUp() {
    Certificates.warmUp();
  }

  public TlsProbe(ProbeContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Connects, handshakes and judges the certificate chain. Never throws for network or
   * certificate problems: they become the result's verdict and reason.
   *
   * <p>{@link Request#timeout()} is one deadline for the whole check: connecting (to every address
   * tried, together), the STARTTLS exchange and the handshake. A server that answers a byte at a
   * time, or stalls in the middle of the handshake, is cut off at the deadline like a silent one:
   * ERROR {@code timed out after 10 s during STARTTLS with 192.0.2.7:25} (or {@code connecting
   * to}, {@code during the TLS handshake}) and {@code timed_out=true}.
   *
   * @param cancelled polled every 50 ms; when it turns true the connection is closed and the
   *     result is an ERROR with {@code interrupted=true}
   * @return the verdict, a one-line reason, and details: host, port, name, sni (empty when none
   *     was sent), address (the one that answered), addresses_tried, protocol, cipher,
   *     certificates (each with subject, sans, issuer, not_before, not_after, days_left, role),
   *     validated, trust_checked, name_match, problems, effective_expiry, leaf_days_left,
   *     duration_ms, and timed_out or interrupted when so
   */
  public ProbeResult check(Request r, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    String name = r.name().orElse(r.host());
    boolean sendSni = !Certificates.isIpLiteral(Addresses.stripBrackets(name));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("host", r.host());
    details.put("port", r.port());
    details.put("name", name);
    details.put("sni", sendSni ? name : "");
    r.starttls().ifPresent(s -> details.put("starttls", s));

    // The ca_file is read before anything is contacted, so that a wrong one is the reason given;
    // the JDK trust store only once the handshake is done, as it is needed only to judge the chain
    // (and may still be loading on the warm-up thread, see warmUp).
    List<X509Certificate> extraAnchors = List.of();
    if (!r.insecure() && r.caFile().isPresent()) {
      try {
        extraAnchors = Certificates.read(r.caFile().get());
      } catch (IOException | GeneralSecurityException e) {
        return cannotReadCaFile(r, e).with(details);
      }
    }

    // The timeout covers the network only: loading the JDK trust store the first time may take
    // longer than a short timeout on a loaded machine (it is loaded after the handshake).
    long deadline = System.nanoTime() + r.timeout().toNanos();
    List<InetAddress> addresses;
    String target = r.connect().orElse(r.host());
    try {
      addresses =
          r.connect().isPresent() && Certificates.isIpLiteral(Addresses.stripBrackets(r.connect().get()))
              ? Addresses.literals(Addresses.stripBrackets(r.connect().get()), target)
              : Addresses.resolve(context, target, r.port());
    } catch (UnknownHostException e) {
      return ProbeResult.error("cannot resolve " + target + ": " + message(e)).with(details);
    }

    List<Map<String, Object>> tried = new ArrayList<>();
    details.put("addresses_tried", tried);
    List<X509Certificate> chain = new ArrayList<>();
    try (Watchdog watchdog = Watchdog.start(cancelled, deadline)) {
      Socket socket = null;
      for (InetAddress a : addresses) {
        long left = millisLeft(deadline);
        if (left <= 0 || watchdog.cause().isPresent()) {
          break;
        }
        Socket s = new Socket();
        watchdog.guard(() -> closeQuietly(s));
        try {
          s.connect(new InetSocketAddress(a, r.port()), (int) left);
          socket = s;
          details.put("address", Addresses.text(a));
          break;
        } catch (IOException e) {
          closeQuietly(s);
          Map<String, Object> attempt = new LinkedHashMap<>();
          attempt.put("address", Addresses.text(a));
          attempt.put("error", message(e));
          tried.add(attempt);
        }
      }
      if (socket == null) {
        details.put("duration_ms", elapsedMillis(start));
        String where = "connecting to " + target + ":" + r.port() + (tried.isEmpty() ? "" : " (" + summary(tried) + ")");
        if (watchdog.cause().equals(Optional.of(Watchdog.Cause.CANCELLED))) {
          return interrupted(start, where).with(details);
        }
        if (watchdog.cause().isPresent() || millisLeft(deadline) <= 0) {
          return timedOut(r, where).with(details);
        }
        return ProbeResult.error("cannot connect to " + target + ":" + r.port() + cannotConnect(target, tried)).with(details);
      }

      String peer = details.get("address") + ":" + r.port();
      String phase = r.starttls().isPresent() ? "during STARTTLS" : "during the TLS handshake";
      try (Socket plain = socket) {
        // Ends a silent server's read without the watchdog; a dribbling one needs the watchdog.
        plain.setSoTimeout((int) Math.max(1, millisLeft(deadline)));
        if (r.starttls().isPresent()) {
          Optional<ProbeResult> refused = upgrade(plain, r.starttls().get());
          if (refused.isPresent()) {
            details.put("duration_ms", elapsedMillis(start));
            return refused.get().with(details);
          }
          phase = "during the TLS handshake";
        }
        SSLSocketFactory factory = Certificates.capturingContext().getSocketFactory();
        // A fresh context per check: nothing to resume, so every check is a full handshake.
        try (SSLSocket ssl = (SSLSocket) factory.createSocket(plain, name, r.port(), true)) {
          SSLParameters params = ssl.getSSLParameters();
          params.setServerNames(sendSni ? sni(name) : List.of());
          params.setEndpointIdentificationAlgorithm(null);
          ssl.setSSLParameters(params);
          ssl.setSoTimeout((int) Math.max(1, millisLeft(deadline)));
          ssl.startHandshake();
          SSLSession session = ssl.getSession();
          details.put("protocol", session.getProtocol());
          details.put("cipher", session.getCipherSuite());
          for (Certificate c : session.getPeerCertificates()) {
            if (c instanceof X509Certificate x) {
              chain.add(x);
            }
          }
        }
      } catch (IOException e) {
        details.put("duration_ms", elapsedMillis(start));
        // The watchdog closing the socket surfaces as whatever the blocked read made of it.
        Optional<Watchdog.Cause> cause = watchdog.cause();
        if (cause.equals(Optional.of(Watchdog.Cause.CANCELLED))) {
          return interrupted(start, phase + " with " + peer).with(details);
        }
        if (cause.isPresent() || e instanceof SocketTimeoutException) {
          return timedOut(r, phase + " with " + peer).with(details);
        }
        if (e instanceof SSLException) {
          return ProbeResult.error("TLS handshake with " + peer + " failed: " + message(e)).with(details);
        }
        return ProbeResult.error("connection to " + peer + " failed: " + message(e)).with(details);
      }
    }
    details.put("duration_ms", elapsedMillis(start));
    if (chain.isEmpty()) {
      return ProbeResult.error("server sent no X.509 certificate").with(details);
    }
    Set<TrustAnchor> anchors = Set.of();
    if (!r.insecure()) {
      try {
        anchors = Certificates.anchors(extraAnchors);
      } catch (GeneralSecurityException e) {
        return cannotReadCaFile(r, e).with(details);
      }
    }
    ChainCheck.Report report = ChainCheck.check(chain, name, anchors, context.clock().instant(), r.insecure());
    ProbeResult judged = report.verdict(r.warnDays(), r.failDays(), "");
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.putAll(judged.details());
    return new ProbeResult(judged.verdict(), judged.reason(), all);
  }

  /** The trust anchors could not be read: the ca_file, or the JDK trust store it is added to. */
  private static ProbeResult cannotReadCaFile(Request r, Exception e) {
    return ProbeResult.error("cannot read ca_file " + r.caFile().map(Path::toString).orElse("") + ": " + message(e));
  }

  private static List<SNIServerName> sni(String name) {
    try {
      return List.of(new SNIHostName(Certificates.normalizeName(name)));
    } catch (IllegalArgumentException notAHostName) {
      // e.g. an underscore: JSSE refuses it as SNI, but the name is still checked.
      return List.of();
    }
  }

  /**
   * Runs the plain-text part of a STARTTLS protocol.
   *
   * @return a FAIL result when the server declines TLS; empty when the handshake may start
   * @throws IOException on a broken connection, a timeout or an unintelligible answer
   */
  private static Optional<ProbeResult> upgrade(Socket socket, String protocol) throws IOException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    if (protocol.equals("postgres")) {
      out.write(SSL_REQUEST);
      out.flush();
      int answer = in.read();
      return switch (answer) {
        case 'S' -> Optional.empty();
        case 'N' -> Optional.of(ProbeResult.fail("server does not support SSL (answered N to SSLRequest)"));
        case -1 -> throw new IOException("connection closed in answer to SSLRequest");
        default -> throw new IOException(String.format("unexpected answer 0x%02x to SSLRequest", answer));
      };
    }
    List<String> greeting = smtpReply(in);
    if (!greeting.get(0).startsWith("220")) {
      throw new IOException("SMTP server greeting: " + greeting.get(0));
    }
    String local = Addresses.text(socket.getLocalAddress());
    out.write(("EHLO [" + (local.contains(":") ? "IPv6:" : "") + local + "]\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    List<String> ehlo = smtpReply(in);
    if (!ehlo.get(0).startsWith("250")) {
      throw new IOException("SMTP server refused EHLO: " + ehlo.get(0));
    }
    if (ehlo.stream().noneMatch(l -> l.length() > 4 && l.substring(4).trim().equalsIgnoreCase("STARTTLS"))) {
      return Optional.of(ProbeResult.fail("SMTP server does not offer STARTTLS"));
    }
    out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    List<String> ready = smtpReply(in);
    if (!ready.get(0).startsWith("220")) {
      return Optional.of(ProbeResult.fail("SMTP server refused STARTTLS: " + ready.get(0)));
    }
    return Optional.empty();
  }

  /** Reads one SMTP reply (all its lines), byte by byte so that no TLS byte is consumed. */
  private static List<String> smtpReply(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != '\n') {
        if (b == -1) {
          throw new IOException("connection closed during SMTP exchange");
        }
        if (line.size() > MAX_SMTP_LINE) {
          throw new IOException("SMTP line longer than " + MAX_SMTP_LINE + " bytes");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      String text = line.toString(StandardCharsets.US_ASCII);
      lines.add(text);
      // "250-..." continues, "250 ..." (or a bare code) ends the reply.
      if (text.length() < 4 || text.charAt(3) != '-') {
        return lines;
      }
    }
  }

  private static String summary(List<Map<String, Object>> tried) {
    List<String> parts = new ArrayList<>();
    for (Map<String, Object> t : tried) {
      parts.add(t.get("address") + ": " + plain(String.valueOf(t.get("error"))));
    }
    return String.join("; ", parts);
  }

  /**
   * After {@code cannot connect to HOST:PORT}: the reason alone when the one address tried is the
   * host as typed ({@code : connection refused}), else each address with its reason ({@code at
   * 127.0.0.1: connection refused}, or a list when several were tried).
   */
  private static String cannotConnect(String target, List<Map<String, Object>> tried) {
    if (tried.size() == 1) {
      Map<String, Object> t = tried.get(0);
      String reason = plain(String.valueOf(t.get("error")));
      return String.valueOf(t.get("address")).equals(target) ? ": " + reason : " at " + t.get("address") + ": " + reason;
    }
    return ": " + summary(tried);
  }

  /** A socket error as a sentence part: "Connection refused" reads "connection refused", with no Java class names. */
  private static String plain(String error) {
    String m = error.replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
    return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
        ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
  }

  /** An ERROR naming the limit and where it ran out, e.g. {@code timed out after 2 s during STARTTLS with ...}. */
  private static ProbeResult timedOut(Request r, String where) {
    long millis = r.timeout().toMillis();
    String limit = millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    return ProbeResult.error("timed out after " + limit + " " + where).with(Map.of("timed_out", true));
  }

  /** An ERROR marked {@code interrupted}, which the walk records as an interrupted step. */
  private static ProbeResult interrupted(long start, String where) {
    return ProbeResult.error("interrupted after " + elapsedMillis(start) + " ms " + where).stopped();
  }

  /**
   * What makes a CA file (PEM or DER certificates, as a probe's {@code ca_file} or {@code
   * --ca-file} is read) unusable, in words to follow its path: {@code holds no certificate
   * (neither PEM nor DER)}, {@code cannot be read: ...}; empty when it holds at least one
   * certificate.
   */
  public static Optional<String> caFileProblem(Path file) {
    try {
      Certificates.read(file);
      return Optional.empty();
    } catch (Certificates.NoCertificate | Certificates.TooLarge e) {
      return Optional.of(e.getMessage());
    } catch (IOException e) {
      return Optional.of("cannot be read: " + message(e));
    } catch (GeneralSecurityException e) {
      return Optional.of("holds a certificate that cannot be parsed: " + message(e));
    }
  }

  static String message(Exception e) {
    String m = e.getMessage();
    // The JDK nests its causes' class names into messages ("Could not parse certificate:
    // java.io.IOException: Empty input"); a person needs only the words.
    return m == null || m.isBlank() ? e.getClass().getSimpleName()
        : m.replaceAll("(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
  }

  private static long millisLeft(long deadline) {
    return Duration.ofNanos(deadline - System.nanoTime()).toMillis();
  }

  static long elapsedMillis(long start) {
    return Duration.ofNanos(System.nanoTime() - start).toMillis();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing was sent on it; a failed close changes nothing.
    }
  }
}
