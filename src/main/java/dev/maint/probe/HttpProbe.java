package dev.maint.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Calls an HTTP(S) URL and checks the status, latency, body and, for HTTPS, the certificate.
 *
 * <p>Every check uses a new client with its own connection pool, so no connection or TLS session
 * is shared between checks. Redirects are followed here rather than by okhttp, so that each hop is
 * recorded (URL, status, address, certificate), each hop's host goes through {@link
 * ProbeContext#resolve} and is checked with its own SNI and name, a loop fails as soon as a URL
 * comes round again, and credentials ({@code Authorization}, {@code Cookie}) are dropped when a
 * redirect leaves the origin. The certificate of each HTTPS hop is judged like {@link TlsProbe}
 * does (PKIX against the system store plus {@code caFile}, RFC 6125 names, the context's clock)
 * before any request is sent on the connection.
 *
 * <p>Proxies come from {@code HTTPS_PROXY}/{@code https_proxy} and {@code HTTP_PROXY}/{@code
 * http_proxy} in {@link ProbeContext#environment()}, except for hosts matching {@code
 * NO_PROXY}/{@code no_proxy} (comma-separated suffixes, {@code *} for all).
 */
public final class HttpProbe {
  /** Default for {@link Request#bodyLimitBytes()}: 1 MiB. */
  public static final long DEFAULT_BODY_LIMIT = 1L << 20;

  /** Most redirects followed before giving up (curl and browsers allow 20; runbooks need few). */
  public static final int MAX_REDIRECTS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> REDIRECTS = Set.of(300, 301, 302, 303, 307, 308);
  private static final Map<Integer, String> REASON_PHRASES =
      Map.ofEntries(
          Map.entry(200, "OK"),
          Map.entry(201, "Created"),
          Map.entry(202, "Accepted"),
          Map.entry(204, "No Content"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Found"),
          Map.entry(303, "See Other"),
          Map.entry(304, "Not Modified"),
          Map.entry(307, "Temporary Redirect"),
          Map.entry(308, "Permanent Redirect"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  /** Methods okhttp only sends with a body; the probe sends an empty one. */
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "PROPPATCH", "REPORT");
  private static final Set<String> CREDENTIALS = Set.of("authorization", "cookie", "proxy-authorization");

  /**
   * What to call and expect.
   *
   * @param url the URL, {@code http} or {@code https}
   * @param method the HTTP method (methods that need a body send an empty one)
   * @param headers request headers, in order
   * @param status accepted status codes and ranges ({@code 200}, {@code 200-299}); empty means
   *     {@code 200-399}
   * @param json expectations by JSON Pointer (RFC 6901), see {@link JsonExpectations}; values may
   *     be null (expects JSON null)
   * @param body regex the body must contain (found anywhere)
   * @param followRedirects whether 3xx responses with a {@code Location} are followed
   * @param timeout for one attempt, all hops included
   * @param warnDays for HTTPS: WARN when the final hop's certificate has fewer days left
   * @param failDays for HTTPS: FAIL when the final hop's certificate has fewer days left
   * @param caFile a PEM file of extra trusted CAs, added to the system trust store
   * @param maxLatencyMs FAIL when an attempt (all hops) takes longer, in milliseconds
   * @param bodyLimitBytes most body bytes read; a larger body is an ERROR, never a failed match
   * @param attempts tries before giving up, at least 1; only FAIL and ERROR are retried
   * @param interval pause between attempts
   */
  public record Request(
      String url,
      String method,
      Map<String, String> headers,
      List<String> status,
      Map<String, Object> json,
      Optional<Pattern> body,
      boolean followRedirects,
      Duration timeout,
      OptionalInt warnDays,
      OptionalInt failDays,
      Optional<Path> caFile,
      OptionalLong maxLatencyMs,
      long bodyLimitBytes,
      int attempts,
      Duration interval) {
    public Request {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(warnDays, "warnDays");
      Objects.requireNonNull(failDays, "failDays");
      Objects.requireNonNull(caFile, "caFile");
      Objects.requireNonNull(maxLatencyMs, "maxLatencyMs");
      Objects.requireNonNull(interval, "interval");
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      status = List.copyOf(status);
      // Not Map.copyOf: a JSON expectation may be null.
      json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      if (bodyLimitBytes < 1) {
        throw new IllegalArgumentException("body limit must be positive: " + bodyLimitBytes);
      }
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
      }
      if (interval.isNegative()) {
        throw new IllegalArgumentException("interval must not be negative: " + interval);
      }
    }
  }

  private final ProbeContext context;

  public HttpProbe(ProbeContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Calls the URL, up to {@code attempts} times while the verdict is FAIL or ERROR.
   *
   * @param cancelled polled every 50 ms, during a call and during the wait between attempts; when
   *     it turns true the call in flight is cancelled (or the wait cut short) and the result is an
   *     ERROR such as {@code interrupted after 812 ms waiting for GET https://h/health (attempt 2
   *     of 3)} or {@code interrupted after 3015 ms waiting to retry after attempt 1 of 3 (status
   *     503 (expected 200))}, with {@code interrupted=true}
   * @return the last attempt's result. Reasons read e.g. {@code 200 OK in 35 ms}, {@code status
   *     503 (expected 200)}, {@code redirect loop: http://h/a -> http://h/b -> http://h/a} or
   *     {@code body exceeds limit 1048576 bytes}. Details: url, hops (each with url, method,
   *     status, address, duration_ms and for HTTPS tls: protocol, cipher, certificates,
   *     validated, name_match, problems, effective_expiry), status, duration_ms, attempts, and
   *     interrupted when so.
   */
  public ProbeResult check(Request r, BooleanSupplier cancelled) {
    long start = System.nanoTime();
    try (Watchdog watchdog = Watchdog.start(cancelled)) {
      ProbeResult last = null;
      for (int attempt = 1; attempt <= r.attempts(); attempt++) {
        last = attempt(r, watchdog);
        if (watchdog.cause().isPresent()) {
          String which = r.attempts() == 1 ? "" : " (attempt " + attempt + " of " + r.attempts() + ")";
          return interrupted(last, start, "waiting for " + r.method().toUpperCase(Locale.ROOT) + " " + r.url() + which, attempt);
        }
        boolean settled = last.verdict() == Verdict.PASS || last.verdict() == Verdict.WARN;
        if (settled || attempt == r.attempts()) {
          return last.with(Map.of("attempts", attempt));
        }
        try {
          if (watchdog.await(r.interval())) {
            return interrupted(
                last, start, "waiting to retry after attempt " + attempt + " of " + r.attempts() + " (" + last.reason() + ")",
                attempt);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return last.with(Map.of("attempts", attempt)).stopped();
        }
      }
      return last;
    }
  }

  private static ProbeResult interrupted(ProbeResult last, long start, String where, int attempts) {
    return ProbeResult.error("interrupted after " + TlsProbe.elapsedMillis(start) + " ms " + where)
        .with(last.details())
        .with(Map.of("attempts", attempts)).stopped();
  }

  /** One hop's record. */
  private static final class Hop {
    final HttpUrl url;
    final String method;
    int status = -1;
    String address = "";
    String proxy = "";
    long millis;
    String protocol = "";
    String cipher = "";
    ChainCheck.Report report;

    Hop(HttpUrl url, String method) {
      this.url = url;
      this.method = method;
    }

    String server() {
      return url.host() + ":" + url.port();
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", url.toString());
      m.put("method", method);
      if (status >= 0) {
        m.put("status", status);
      }
      m.put("address", address);
      if (!proxy.isEmpty()) {
        m.put("proxy", proxy);
      }
      m.put("duration_ms", millis);
      if (report != null) {
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("protocol", protocol);
        tls.put("cipher", cipher);
        tls.putAll(report.details());
        m.put("tls", tls);
      }
      return m;
    }
  }

  /** One attempt; the watchdog cancels its calls when the probe is cancelled. */
  private ProbeResult attempt(Request r, Watchdog watchdog) {
    long start = System.nanoTime();
    long deadline = start + r.timeout().toNanos();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("url", r.url());
    HttpUrl url = HttpUrl.parse(r.url());
    if (url == null) {
      return ProbeResult.error("invalid URL: " + r.url()).with(details);
    }
    List<int[]> accepted;
    try {
      accepted = statusRanges(r.status());
    } catch (IllegalArgumentException e) {
      return ProbeResult.error(e.getMessage()).with(details);
    }
    Set<TrustAnchor> anchors;
    try {
      anchors = Certificates.anchors(r.caFile());
    } catch (IOException | GeneralSecurityException e) {
      return ProbeResult.error("cannot read ca_file " + r.caFile().map(Path::toString).orElse("") + ": " + TlsProbe.message(e))
          .with(details);
    }
    List<Hop> hops = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    String method = r.method().toUpperCase(Locale.ROOT);
    Map<String, String> headers = new LinkedHashMap<>(r.headers());
    while (true) {
      Hop hop = new Hop(url, method);
      hops.add(hop);
      seen.add(method + " " + url);
      long hopStart = System.nanoTime();
      long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
      if (left <= 0) {
        return timedOut(r, start, hop, hops, details);
      }
      OkHttpClient client = client(hop, anchors, left);
      Call call;
      try {
        call = client.newCall(request(url, method, headers));
        watchdog.guard(call::cancel);
      } catch (IllegalArgumentException e) {
        // okhttp refuses header names or values it cannot send (a line break in a value); the
        // message may quote the value, which can be a secret, so it is not repeated.
        return ProbeResult.error("invalid request header: a header name or value holds characters HTTP forbids")
            .with(finish(details, hops, start));
      }
      try (Response response = call.execute()) {
        hop.millis = TlsProbe.elapsedMillis(hopStart);
        hop.status = response.code();
        String location = response.header("Location");
        if (r.followRedirects() && REDIRECTS.contains(hop.status) && location != null) {
          HttpUrl next = url.resolve(location);
          if (next == null) {
            return ProbeResult.fail("redirect to unsupported location: " + location).with(finish(details, hops, start));
          }
          String nextMethod = redirectMethod(hop.status, method);
          if (seen.contains(nextMethod + " " + next)) {
            return ProbeResult.fail("redirect loop: " + path(hops, next)).with(finish(details, hops, start));
          }
          if (hops.size() > MAX_REDIRECTS) {
            return ProbeResult.fail("too many redirects (more than " + MAX_REDIRECTS + "): " + path(hops, next))
                .with(finish(details, hops, start));
          }
          if (!sameOrigin(url, next)) {
            headers.keySet().removeIf(h -> CREDENTIALS.contains(h.toLowerCase(Locale.ROOT)));
          }
          url = next;
          method = nextMethod;
          continue;
        }
        return judge(r, accepted, response, hops, start, details);
      } catch (SSLPeerUnverifiedException e) {
        hop.millis = TlsProbe.elapsedMillis(hopStart);
        if (hop.report != null && !hop.report.problems().isEmpty()) {
          ProbeResult bad = hop.report.verdict(0, 0, hop.server());
          return new ProbeResult(bad.verdict(), bad.reason(), finish(details, hops, start));
        }
        return ProbeResult.error("TLS with " + hop.server() + " failed: " + TlsProbe.message(e)).with(finish(details, hops, start));
      } catch (UnknownHostException e) {
        return ProbeResult.error("cannot resolve " + url.host() + ": " + TlsProbe.message(e)).with(finish(details, hops, start));
      } catch (ConnectException e) {
        return ProbeResult.error("cannot connect to " + hop.server() + ": " + whyNotConnected(e))
            .with(finish(details, hops, start));
      } catch (InterruptedIOException e) {
        // okhttp reports both socket and whole-call timeouts this way.
        return timedOut(r, start, hop, hops, details);
      } catch (SSLException e) {
        return ProbeResult.error("TLS handshake with " + hop.server() + " failed: " + TlsProbe.message(e))
            .with(finish(details, hops, start));
      } catch (BodyTooLarge e) {
        return ProbeResult.error("body exceeds limit " + r.bodyLimitBytes() + " bytes").with(finish(details, hops, start));
      } catch (IOException e) {
        return ProbeResult.error("request to " + url + " failed: " + TlsProbe.message(e)).with(finish(details, hops, start));
      } finally {
        // Synchronous calls start no dispatcher threads; closing the pool ends the connections.
        client.connectionPool().evictAll();
      }
    }
  }

  /** The final response: status, latency, body, then the certificate's days. */
  private ProbeResult judge(
      Request r, List<int[]> accepted, Response response, List<Hop> hops, long start, Map<String, Object> details)
      throws IOException {
    Hop hop = hops.get(hops.size() - 1);
    // The standard phrase, not the server's: HTTP/2 sends none and servers word them freely.
    String phrase = REASON_PHRASES.getOrDefault(hop.status, response.message());
    String statusText = hop.status + (phrase.isEmpty() ? "" : " " + phrase);
    details.put("status", hop.status);
    if (!statusMatches(hop.status, accepted)) {
      String expected = r.status().isEmpty() ? "200-399" : String.join(", ", r.status());
      String said = bodyStart(response);
      if (!said.isEmpty()) {
        details.put("body_start", said);
      }
      return ProbeResult.fail("status " + hop.status + " (expected " + expected + ")" + (said.isEmpty() ? "" : ": " + said))
          .with(finish(details, hops, start));
    }
    if (r.body().isPresent() || !r.json().isEmpty()) {
      String text = readBody(response.body(), r.bodyLimitBytes());
      details.put("body_bytes", (long) text.getBytes(StandardCharsets.UTF_8).length);
      if (r.body().isPresent() && !r.body().get().matcher(text).find()) {
        return ProbeResult.fail("body does not match /" + r.body().get() + "/").with(finish(details, hops, start));
      }
      if (!r.json().isEmpty()) {
        JsonNode root;
        try {
          root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
          return ProbeResult.fail("body is not JSON: " + e.getOriginalMessage()).with(finish(details, hops, start));
        }
        List<String> mismatches;
        try {
          mismatches = JsonExpectations.mismatches(root, r.json());
        } catch (IllegalArgumentException e) {
          return ProbeResult.error("invalid JSON expectation: " + e.getMessage()).with(finish(details, hops, start));
        }
        if (!mismatches.isEmpty()) {
          details.put("json_mismatches", mismatches);
          return ProbeResult.fail(mismatches.get(0)).with(finish(details, hops, start));
        }
      }
    }
    long millis = TlsProbe.elapsedMillis(start);
    String timing = statusText + " in " + millis + " ms";
    if (r.maxLatencyMs().isPresent() && millis > r.maxLatencyMs().getAsLong()) {
      return ProbeResult.fail(timing + " (maximum " + r.maxLatencyMs().getAsLong() + " ms)").with(finish(details, hops, start));
    }
    if (hop.report != null && (r.warnDays().isPresent() || r.failDays().isPresent())) {
      ProbeResult cert =
          hop.report.verdict(r.warnDays().orElse(Integer.MIN_VALUE), r.failDays().orElse(Integer.MIN_VALUE), hop.server());
      return new ProbeResult(cert.verdict(), timing + "; " + cert.reason(), finish(details, hops, start));
    }
    return ProbeResult.pass(timing).with(finish(details, hops, start));
  }

  /** Most characters of an unexpected answer's body shown in its reason and details. */
  static final int BODY_START_CHARS = 200;

  /**
   * The start of the body of an unexpected answer, which often says why ({@code redis down}): on
   * one line, masked first so a cut never splits a secret, then cut to {@link #BODY_START_CHARS}
   * characters with {@code …} marking the cut. Only a few KiB are read, whatever the body's size.
   */
  private String bodyStart(Response response) {
    String text;
    try {
      text = response.peekBody(4 * 1024).string();
    } catch (IOException e) {
      return "";
    }
    // Control characters (ANSI sequences included) and line breaks become single spaces.
    String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    String masked = context.mask().apply(line);
    if (masked.codePointCount(0, masked.length()) <= BODY_START_CHARS) {
      return masked;
    }
    return masked.substring(0, masked.offsetByCodePoints(0, BODY_START_CHARS)) + "…";
  }

  /** The details with the hops as they stand and the attempt's duration. */
  private static Map<String, Object> finish(Map<String, Object> details, List<Hop> hops, long start) {
    details.put("hops", hops.stream().map(Hop::toMap).toList());
    details.put("duration_ms", TlsProbe.elapsedMillis(start));
    return details;
  }

  private static ProbeResult timedOut(Request r, long start, Hop hop, List<Hop> hops, Map<String, Object> details) {
    return ProbeResult.error(
            "timed out after " + TlsProbe.elapsedMillis(start) + " ms at " + hop.url + " (limit " + r.timeout().toMillis()
                + " ms)")
        .with(finish(details, hops, start));
  }

  private OkHttpClient client(Hop hop, Set<TrustAnchor> anchors, long timeoutMillis) {
    HttpUrl url = hop.url;
    return new OkHttpClient.Builder()
        // Nothing outlives the check: no pooled connection, no resumed TLS session.
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
        .followRedirects(false)
        .followSslRedirects(false)
        .callTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .connectTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .writeTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .proxySelector(new EnvironmentProxySelector(context.environment()))
        .dns(host -> Addresses.resolve(context, host, host.equalsIgnoreCase(url.host()) ? url.port() : -1))
        .sslSocketFactory(Certificates.capturingContext().getSocketFactory(), Certificates.DEFERRED)
        .hostnameVerifier((host, session) -> verify(hop, anchors, session))
        .addNetworkInterceptor(
            chain -> {
              Connection c = chain.connection();
              if (c != null) {
                SocketAddress a = c.route().socketAddress();
                hop.address =
                    a instanceof InetSocketAddress i && i.getAddress() != null ? Addresses.text(i.getAddress()) : a.toString();
                if (c.route().proxy().type() != Proxy.Type.DIRECT) {
                  hop.proxy = c.route().proxy().address().toString();
                }
              }
              return chain.proceed(chain.request());
            })
        .build();
  }

  /**
   * Judges the hop's certificate right after the handshake, before anything is sent on the
   * connection, so that headers (which may carry secrets) never reach a server that fails.
   */
  private boolean verify(Hop hop, Set<TrustAnchor> anchors, SSLSession session) {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate c : session.getPeerCertificates()) {
        if (c instanceof X509Certificate x) {
          chain.add(x);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
    if (chain.isEmpty()) {
      return false;
    }
    hop.protocol = session.getProtocol();
    hop.cipher = session.getCipherSuite();
    hop.report = ChainCheck.check(chain, hop.url.host(), anchors, context.clock().instant(), false);
    return hop.report.problems().isEmpty();
  }

  private static okhttp3.Request request(HttpUrl url, String method, Map<String, String> headers) {
    okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url);
    headers.forEach(b::header);
    RequestBody body = BODY_METHODS.contains(method) ? RequestBody.create(new byte[0], (MediaType) null) : null;
    return b.method(method, body).build();
  }

  /** 303, and 301/302 after a POST, turn into GET as browsers do; 307 and 308 keep the method. */
  private static String redirectMethod(int status, String method) {
    if (status == 303 && !method.equals("HEAD")) {
      return "GET";
    }
    if ((status == 301 || status == 302) && method.equals("POST")) {
      return "GET";
    }
    return method;
  }

  private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  private static String path(List<Hop> hops, HttpUrl next) {
    List<String> urls = new ArrayList<>();
    hops.forEach(h -> urls.add(h.url.toString()));
    urls.add(next.toString());
    return String.join(" -> ", urls);
  }

  /** Thrown inside the response block when the body is larger than the limit. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private static String readBody(ResponseBody body, long limit) throws IOException {
    if (body.contentLength() > limit) {
      throw new BodyTooLarge();
    }
    BufferedSource source = body.source();
    // Asking for one byte more than the limit tells "exactly at the limit" from "over it",
    // without reading the rest of a large or endless (chunked) body.
    if (source.request(limit + 1)) {
      throw new BodyTooLarge();
    }
    MediaType type = body.contentType();
    Charset charset = type == null ? null : type.charset(null);
    return source.getBuffer().readString(charset == null ? StandardCharsets.UTF_8 : charset);
  }

  /**
   * Parses {@code 200} and {@code 200-299} entries.
   *
   * @throws IllegalArgumentException naming the first malformed entry
   */
  static List<int[]> statusRanges(List<String> status) {
    List<int[]> out = new ArrayList<>();
    if (status.isEmpty()) {
      out.add(new int[] {200, 399});
      return out;
    }
    for (String s : status) {
      String t = s.trim();
      try {
        int dash = t.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? t : t.substring(0, dash).trim());
        int to = dash < 0 ? from : Integer.parseInt(t.substring(dash + 1).trim());
        if (from < 100 || to > 599 || from > to) {
          throw new NumberFormatException();
        }
        out.add(new int[] {from, to});
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid status '" + s + "' (use a code like 200 or a range like 200-299)");
      }
    }
    return out;
  }

  private static boolean statusMatches(int code, List<int[]> ranges) {
    return ranges.stream().anyMatch(r -> code >= r[0] && code <= r[1]);
  }

  /**
   * Chooses a proxy from the environment as curl does: {@code https_proxy}/{@code HTTPS_PROXY}
   * for https URLs, {@code http_proxy}/{@code HTTP_PROXY} for http, none for hosts matching
   * {@code no_proxy}/{@code NO_PROXY}.
   */
  static final class EnvironmentProxySelector extends ProxySelector {
    private final Map<String, String> env;

    EnvironmentProxySelector(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public List<Proxy> select(URI uri) {
      String host = uri.getHost() == null ? "" : Certificates.normalizeName(Addresses.stripBrackets(uri.getHost()));
      if (bypassed(host)) {
        return List.of(Proxy.NO_PROXY);
      }
      String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
      Optional<String> setting = variable(scheme + "_proxy");
      if (setting.isEmpty()) {
        return List.of(Proxy.NO_PROXY);
      }
      String value = setting.get().contains("://") ? setting.get() : "http://" + setting.get();
      HttpUrl proxy = HttpUrl.parse(value);
      if (proxy == null) {
        return List.of(Proxy.NO_PROXY);
      }
      return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
    }

    private boolean bypassed(String host) {
      Optional<String> list = variable("no_proxy");
      if (list.isEmpty()) {
        return false;
      }
      for (String raw : list.get().split(",")) {
        String entry = Certificates.normalizeName(raw.trim());
        if (entry.startsWith("*.")) {
          entry = entry.substring(1);
        }
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.equals("*")) {
          return true;
        }
        String bare = entry.startsWith(".") ? entry.substring(1) : entry;
        if (host.equals(bare) || host.endsWith("." + bare)) {
          return true;
        }
      }
      return false;
    }

    private Optional<String> variable(String lowerName) {
      String v = env.get(lowerName);
      if (v == null || v.isBlank()) {
        v = env.get(lowerName.toUpperCase(Locale.ROOT));
      }
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException e) {
      // Nothing to remember: each check builds a new selector.
    }
  }

  /**
   * Why a connection failed, plainly: okhttp words it "Failed to connect to /127.0.0.1:8081",
   * repeating the address, and keeps the reason ("Connection refused") in a cause.
   */
  static String whyNotConnected(ConnectException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && !m.startsWith("Failed to connect to")) {
        String plain = m.replaceFirst(" \\(Connection refused\\)$", "");
        // "Connection refused" reads as the end of a sentence: "...: connection refused".
        return Character.toLowerCase(plain.charAt(0)) + plain.substring(1);
      }
    }
    return "connection refused";
  }
}
