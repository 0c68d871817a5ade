package dev.maint.probe;

import static dev.maint.probe.LoopbackPki.leaf;
import static dev.maint.probe.LoopbackPki.root;
import static dev.maint.probe.LoopbackPki.writePem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProbeTest {
  private static final BooleanSupplier NEVER = () -> false;

  private static HeldCertificate rootCa;

  @TempDir Path dir;
  private Path caFile;
  private final List<MockWebServer> servers = new ArrayList<>();
  private final Map<String, String> resolve = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();

  @BeforeAll
  static void ca() {
    rootCa = root("Test Root CA");
  }

  @BeforeEach
  void trust() throws IOException {
    caFile = writePem(dir.resolve("ca.pem"), rootCa);
  }

  @AfterEach
  void stop() {
    servers.forEach(MockWebServer::close);
  }

  /** A loopback server; HTTPS with {@code cert} when given. */
  private MockWebServer server(HeldCertificate cert) throws IOException {
    MockWebServer s = new MockWebServer();
    if (cert != null) {
      s.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory());
    }
    s.start(InetAddress.getByName("127.0.0.1"), 0);
    servers.add(s);
    return s;
  }

  /** {@code https://name:port} with {@code name:port} fixed to 127.0.0.1. */
  private String https(String name, MockWebServer s, String path) {
    resolve.put(name + ":" + s.getPort(), "127.0.0.1");
    return "https://" + name + ":" + s.getPort() + path;
  }

  private static String http(MockWebServer s, String path) {
    return "http://127.0.0.1:" + s.getPort() + path;
  }

  private static MockResponse redirect(int code, String location) {
    return new MockResponse.Builder().code(code).addHeader("Location", location).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  /** A GET expecting 200, following redirects, trusting the test root. */
  private final class Req {
    String url;
    String method = "GET";
    Map<String, String> headers = Map.of();
    List<String> status = List.of("200");
    Map<String, Object> json = Map.of();
    Optional<Pattern> body = Optional.empty();
    boolean follow = true;
    Duration timeout = Duration.ofSeconds(5);
    OptionalInt warn = OptionalInt.empty();
    OptionalInt fail = OptionalInt.empty();
    OptionalLong maxLatencyMs = OptionalLong.empty();
    long bodyLimit = HttpProbe.DEFAULT_BODY_LIMIT;
    int attempts = 1;
    Duration interval = Duration.ofSeconds(1);

    Req(String url) {
      this.url = url;
    }

    HttpProbe.Request build() {
      return new HttpProbe.Request(url, method, headers, status, json, body, follow, timeout, warn, fail,
          Optional.of(caFile), maxLatencyMs, bodyLimit, attempts, interval);
    }
  }

  private ProbeResult check(HttpProbe.Request r) {
    return check(r, NEVER);
  }

  private ProbeResult check(HttpProbe.Request r, BooleanSupplier cancelled) {
    return new HttpProbe(LoopbackPki.context(resolve, env)).check(r, cancelled);
  }

  /** Runs the probe on a thread of its own, which {@code cancelled} may look at. */
  private FutureTask<ProbeResult> checkInBackground(
      HttpProbe.Request r, AtomicReference<Thread> runner, BooleanSupplier cancelled) {
    FutureTask<ProbeResult> task = new FutureTask<>(() -> check(r, cancelled));
    Thread t = new Thread(task, "probe-under-test");
    t.setDaemon(true);
    runner.set(t);
    t.start();
    return task;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> hops(ProbeResult r) {
    return (List<Map<String, Object>>) r.details().get("hops");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tls(Map<String, Object> hop) {
    return (Map<String, Object>) hop.get("tls");
  }

  // ---- P2: each hop is checked with its own SNI and name ----

  @DisplayName("P2: redirect to another host is checked with that hosts sni and name")
  @Test
  void p2_redirectToAnotherHostIsCheckedWithThatHostsSniAndName() throws Exception {
    MockWebServer a = server(leaf("a.test", rootCa, 100));
    MockWebServer b = server(leaf("b.test", rootCa, 100));
    String bUrl = https("b.test", b, "/");
    a.enqueue(redirect(307, bUrl));
    b.enqueue(ok("fine"));

    ProbeResult r = check(new Req(https("a.test", a, "/")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).matches("200 OK in \\d+ ms");
    assertThat(a.takeRequest(1, TimeUnit.SECONDS).getHandshakeServerNames()).containsExactly("a.test");
    assertThat(b.takeRequest(1, TimeUnit.SECONDS).getHandshakeServerNames()).containsExactly("b.test");
    assertThat(hops(r)).extracting(h -> h.get("status")).containsExactly(307, 200);
    assertThat(tls(hops(r).get(1))).containsEntry("name_match", true).containsEntry("validated", true);
  }

  @DisplayName("P2: hop whose certificate lacks its name fails before any request is sent")
  @Test
  void p2_hopWhoseCertificateLacksItsNameFailsBeforeAnyRequestIsSent() throws Exception {
    MockWebServer a = server(leaf("a.test", rootCa, 100));
    MockWebServer b = server(leaf("a.test", rootCa, 100));
    String bUrl = https("b.test", b, "/");
    a.enqueue(redirect(307, bUrl));
    b.enqueue(ok("secret-bearing request must not arrive"));
    Req req = new Req(https("a.test", a, "/"));
    req.headers = Map.of("Authorization", "Bearer s3cret");

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason())
        .isEqualTo("b.test:" + b.getPort() + ": certificate name mismatch: b.test is not in subjectAltName DNS:a.test");
    assertThat(b.getRequestCount()).isZero();
  }

  @DisplayName("P2: credentials are dropped when a redirect leaves the origin")
  @Test
  void p2_credentialsAreDroppedWhenARedirectLeavesTheOrigin() throws Exception {
    MockWebServer a = server(null);
    MockWebServer b = server(null);
    a.enqueue(redirect(302, "/same"));
    a.enqueue(redirect(302, http(b, "/other")));
    b.enqueue(ok("done"));
    Req req = new Req(http(a, "/start"));
    req.headers = Map.of("Authorization", "Bearer s3cret", "X-Trace", "1");

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(a.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(a.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
    RecordedRequest atB = b.takeRequest(1, TimeUnit.SECONDS);
    assertThat(atB.getHeaders().get("Authorization")).isNull();
    assertThat(atB.getHeaders().get("X-Trace")).isEqualTo("1");
  }

  // ---- P3: a TLS probe never follows HTTP; an HTTP probe judges the final hop ----

  @DisplayName("P3: tls probe judges the host it was given and ignores its redirect")
  @Test
  void p3_tlsProbeJudgesTheHostItWasGivenAndIgnoresItsRedirect() throws Exception {
    MockWebServer first = server(leaf("first.test", rootCa, 90));
    MockWebServer second = server(leaf("second.test", rootCa, 5));
    first.enqueue(redirect(301, https("second.test", second, "/")));
    https("first.test", first, "/");
    TlsProbe.Request req =
        new TlsProbe.Request(
            "first.test", first.getPort(), Optional.empty(), Optional.empty(), 30, 7, Optional.of(caFile), false,
            Optional.empty(), Duration.ofSeconds(5));

    ProbeResult r = new TlsProbe(LoopbackPki.context(resolve)).check(req, NEVER);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("certificate valid for 90 days (first.test)");
    assertThat(first.getRequestCount()).isZero();
    assertThat(second.getRequestCount()).isZero();
  }

  @DisplayName("P3: http probe with certificate minimum judges and names the final hop")
  @Test
  void p3_httpProbeWithCertificateMinimumJudgesAndNamesTheFinalHop() throws Exception {
    MockWebServer first = server(leaf("first.test", rootCa, 90));
    MockWebServer second = server(leaf("second.test", rootCa, 5));
    first.enqueue(redirect(301, https("second.test", second, "/")));
    second.enqueue(ok("ok"));
    Req req = new Req(https("first.test", first, "/"));
    req.warn = OptionalInt.of(30);

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    assertThat(r.reason())
        .matches("200 OK in \\d+ ms; certificate of second\\.test:" + second.getPort() + " expires in 5 days \\(minimum 30\\)");
  }

  @DisplayName("P3: http probe fails under fail days of the final hop")
  @Test
  void p3_httpProbeFailsUnderFailDaysOfTheFinalHop() throws Exception {
    MockWebServer first = server(leaf("first.test", rootCa, 90));
    MockWebServer second = server(leaf("second.test", rootCa, 5));
    first.enqueue(redirect(301, https("second.test", second, "/")));
    second.enqueue(ok("ok"));
    Req req = new Req(https("first.test", first, "/"));
    req.warn = OptionalInt.of(30);
    req.fail = OptionalInt.of(7);

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).endsWith("certificate of second.test:" + second.getPort() + " expires in 5 days (minimum 7)");
  }

  @DisplayName("P3: fresh final hop passes with its days")
  @Test
  void p3_freshFinalHopPassesWithItsDays() throws Exception {
    MockWebServer s = server(leaf("app.test", rootCa, 200));
    s.enqueue(ok("ok"));
    Req req = new Req(https("app.test", s, "/"));
    req.warn = OptionalInt.of(30);

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).matches("200 OK in \\d+ ms; certificate of app\\.test:\\d+ valid for 200 days \\(app\\.test\\)");
  }

  // ---- P9: JSON expectations, top-level arrays included ----

  private ProbeResult json(String body, Map<String, Object> json) throws IOException {
    MockWebServer s = server(null);
    s.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build());
    Req req = new Req(http(s, "/"));
    req.json = json;
    return check(req.build());
  }

  @DisplayName("P9: top level array is a normal body")
  @Test
  void p9_topLevelArrayIsANormalBody() throws Exception {
    String body = "[{\"age\":18,\"adult\":true}]";

    assertThat(json(body, Map.of("", Map.of("length", 1))).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/", Map.of("length", 1))).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/0/age", 18)).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/0/age", 18.0)).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/0/adult", true)).verdict()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("P9: mismatches fail naming pointer actual and expected")
  @Test
  void p9_mismatchesFailNamingPointerActualAndExpected() throws Exception {
    String body = "[{\"age\":18,\"adult\":true}]";

    assertThat(json(body, Map.of("/", Map.of("length", 2))).reason()).isEqualTo("/ has length 1 (expected 2)");
    assertThat(json(body, Map.of("/0/age", 17)).reason()).isEqualTo("/0/age is 18 (expected 17)");
    assertThat(json(body, Map.of("/0/adult", "true")).reason()).isEqualTo("/0/adult is true (expected \"true\")");
    assertThat(json(body, Map.of("/1/age", 18)).reason()).isEqualTo("/1/age is missing (expected 18)");
    assertThat(json(body, Map.of("/0/age", 18)).verdict()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("P9: operators on objects")
  @Test
  void p9_operatorsOnObjects() throws Exception {
    String body = "{\"status\":\"ok\",\"count\":5,\"items\":[1,2],\"gone\":null,\"\":\"empty key\"}";

    assertThat(json(body, Map.of("/status", "ok", "/count", Map.of("gte", 5, "lt", 6))).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/items", Map.of("length", 2), "/missing", Map.of("exists", false))).verdict())
        .isEqualTo(Verdict.PASS);
    Map<String, Object> nullExpected = new LinkedHashMap<>();
    nullExpected.put("/gone", null);
    assertThat(json(body, nullExpected).verdict()).isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/", "empty key")).verdict()).as("'/' is the empty key when there is one").isEqualTo(Verdict.PASS);
    assertThat(json(body, Map.of("/count", Map.of("gt", 5))).reason()).isEqualTo("/count is 5 (expected > 5)");
    assertThat(json(body, Map.of("/status", Map.of("exists", false))).reason()).isEqualTo("/status exists (expected exists: false)");
    assertThat(json(body, Map.of("/items", List.of(1, 2))).verdict()).isEqualTo(Verdict.PASS);
  }

  @DisplayName("P9: wrong expectation is an error and non json body a failure")
  @Test
  void p9_wrongExpectationIsAnErrorAndNonJsonBodyAFailure() throws Exception {
    ProbeResult unknown = json("{}", Map.of("/a", Map.of("near", 1)));
    assertThat(unknown.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(unknown.reason()).startsWith("invalid JSON expectation: unknown JSON operator 'near' for /a");

    ProbeResult notJson = json("<html>", Map.of("/a", 1));
    assertThat(notJson.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(notJson.reason()).startsWith("body is not JSON: ");
  }

  // ---- P10: redirect loops fail promptly, listing the hops ----

  private MockWebServer redirecting(Map<String, String> moves) throws IOException {
    MockWebServer s = server(null);
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String to = moves.get(request.getUrl().encodedPath());
            return to == null ? ok("end") : redirect(301, to);
          }
        });
    return s;
  }

  @DisplayName("P10: self redirect fails promptly listing the hops")
  @Test
  void p10_selfRedirectFailsPromptlyListingTheHops() throws Exception {
    MockWebServer s = redirecting(Map.of("/a", "/a"));

    ProbeResult r = check(new Req(http(s, "/a")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("redirect loop: " + http(s, "/a") + " -> " + http(s, "/a"));
    assertThat(s.getRequestCount()).isEqualTo(1);
  }

  @DisplayName("P10: two step loop fails after two requests")
  @Test
  void p10_twoStepLoopFailsAfterTwoRequests() throws Exception {
    MockWebServer s = redirecting(Map.of("/a", "/b", "/b", "/a"));

    ProbeResult r = check(new Req(http(s, "/a")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("redirect loop: " + http(s, "/a") + " -> " + http(s, "/b") + " -> " + http(s, "/a"));
    assertThat(s.getRequestCount()).isEqualTo(2);
  }

  @DisplayName("P10: longer loop back to a middle hop is found")
  @Test
  void p10_longerLoopBackToAMiddleHopIsFound() throws Exception {
    MockWebServer s = redirecting(Map.of("/a", "/b", "/b", "/c", "/c", "/d", "/d", "/b"));

    ProbeResult r = check(new Req(http(s, "/a")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).endsWith(http(s, "/d") + " -> " + http(s, "/b"));
    assertThat(s.getRequestCount()).isEqualTo(4);
    assertThat(hops(r)).hasSize(4);
  }

  @DisplayName("P10: loop across servers is found")
  @Test
  void p10_loopAcrossServersIsFound() throws Exception {
    MockWebServer a = server(null);
    MockWebServer b = server(null);
    a.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return redirect(302, http(b, "/x"));
          }
        });
    b.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return redirect(302, http(a, "/x"));
          }
        });

    ProbeResult r = check(new Req(http(a, "/x")).build());

    assertThat(r.reason()).startsWith("redirect loop: ");
    assertThat(a.getRequestCount() + b.getRequestCount()).isEqualTo(2);
  }

  @DisplayName("P10: endless redirect chain stops at the limit")
  @Test
  void p10_endlessRedirectChainStopsAtTheLimit() throws Exception {
    MockWebServer s = server(null);
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            int n = Integer.parseInt(request.getUrl().encodedPath().substring(1));
            return redirect(302, "/" + (n + 1));
          }
        });

    ProbeResult r = check(new Req(http(s, "/0")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("too many redirects (more than " + HttpProbe.MAX_REDIRECTS + "): ");
    assertThat(s.getRequestCount()).isEqualTo(HttpProbe.MAX_REDIRECTS + 1);
  }

  @DisplayName("P10b: loop not followed passes on expected301")
  @Test
  void p10b_loopNotFollowedPassesOnExpected301() throws Exception {
    MockWebServer s = redirecting(Map.of("/a", "/a"));
    Req req = new Req(http(s, "/a"));
    req.follow = false;
    req.status = List.of("301");

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).matches("301 Moved Permanently in \\d+ ms");
    assertThat(s.getRequestCount()).isEqualTo(1);
  }

  // ---- P11: several addresses for one name ----

  @DisplayName("P11: http tries each address and reports the one that answered")
  @Test
  void p11_httpTriesEachAddressAndReportsTheOneThatAnswered() throws Exception {
    MockWebServer s = server(leaf("dual.test", rootCa, 100));
    s.enqueue(ok("ok"));
    resolve.put("dual.test:" + s.getPort(), "::1,127.0.0.1");

    ProbeResult r = check(new Req("https://dual.test:" + s.getPort() + "/").build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(hops(r).get(0)).containsEntry("address", "127.0.0.1");
  }

  // ---- P12: body limit ----

  /** Serves {@code response} and checks its body against {@code regex} with a body limit. */
  private ProbeResult bodyCheck(MockResponse response, String regex, long limit) throws IOException {
    MockWebServer s = server(null);
    s.enqueue(response);
    Req req = new Req(http(s, "/"));
    req.body = Optional.of(Pattern.compile(regex));
    req.bodyLimit = limit;
    return check(req.build());
  }

  @DisplayName("P12: body over the limit is an error not a failed match")
  @Test
  void p12_bodyOverTheLimitIsAnErrorNotAFailedMatch() throws Exception {
    ProbeResult r = bodyCheck(ok("x".repeat(2048)), "never", 1024);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("body exceeds limit 1024 bytes");
  }

  @DisplayName("P12: chunked body over the limit is an error")
  @Test
  void p12_chunkedBodyOverTheLimitIsAnError() throws Exception {
    ProbeResult r = bodyCheck(new MockResponse.Builder().code(200).chunkedBody("y".repeat(5000), 256).build(), "y", 1024);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("body exceeds limit 1024 bytes");
  }

  @DisplayName("P12: body exactly at the limit is matched")
  @Test
  void p12_bodyExactlyAtTheLimitIsMatched() throws Exception {
    MockResponse exact = new MockResponse.Builder().code(200).chunkedBody("z".repeat(1023) + "!", 100).build();

    ProbeResult r = bodyCheck(exact, "z!$", 1024);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.details()).containsEntry("body_bytes", 1024L);
  }

  @DisplayName("P12: body regex mismatch under the limit is a failure")
  @Test
  void p12_bodyRegexMismatchUnderTheLimitIsAFailure() throws Exception {
    ProbeResult r = bodyCheck(ok("status: degraded"), "status: ok", 1024);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("body does not match /status: ok/");
  }

  @DisplayName("P12: json expectation over the limit is an error too")
  @Test
  void p12_jsonExpectationOverTheLimitIsAnErrorToo() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(ok("[" + "1,".repeat(1000) + "1]"));
    Req req = new Req(http(s, "/"));
    req.json = Map.of("/0", 1);

    req.bodyLimit = 100;
    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("body exceeds limit 100 bytes");
  }

  // ---- status, latency, retries, proxies, errors ----

  @Test
  void anUnexpectedStatusShowsTheStartOfTheBodyMaskedThenCut() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(new MockResponse.Builder().code(503).body("redis down\n").build());
    // The secret straddles the 200th character: masked first, it is never half shown.
    String secret = "tok-s3cr3t-value";
    s.enqueue(new MockResponse.Builder().code(503).body("x".repeat(190) + secret + "y".repeat(500)).build());
    Req req = new Req(http(s, "/"));

    ProbeResult down = check(req.build());
    ProbeResult masked = new HttpProbe(LoopbackPki.context(resolve, env).withMask(l -> l.replace(secret, "***")))
        .check(req.build(), NEVER);

    assertThat(down.reason()).isEqualTo("status 503 (expected 200): redis down");
    assertThat(down.details()).containsEntry("body_start", "redis down");
    assertThat(masked.reason()).isEqualTo("status 503 (expected 200): " + "x".repeat(190) + "***" + "y".repeat(7) + "…");
    assertThat(masked.details().get("body_start").toString()).doesNotContain("tok-").hasSize(201);
  }

  @Test
  void unexpectedStatusFailsNamingExpected() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(status(503));
    s.enqueue(status(204));
    Req req = new Req(http(s, "/"));

    assertThat(check(req.build()).reason()).isEqualTo("status 503 (expected 200)");
    req.status = List.of("200-299", "304");
    assertThat(check(req.build()).verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void malformedStatusPatternIsAnError() {
    Req req = new Req("http://127.0.0.1:1/");
    req.status = List.of("2xx");

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).startsWith("invalid status '2xx'");
  }

  @Test
  void slowerThanMaxLatencyFails() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(new MockResponse.Builder().code(200).headersDelay(300, TimeUnit.MILLISECONDS).build());

    Req req = new Req(http(s, "/"));
    req.maxLatencyMs = OptionalLong.of(100);
    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).matches("200 OK in \\d+ ms \\(maximum 100 ms\\)");
  }

  @Test
  void retriesUntilPassAndReportsAttempts() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(status(503));
    s.enqueue(status(503));
    s.enqueue(ok("up"));

    Req req = new Req(http(s, "/"));
    req.attempts = 3;
    req.interval = Duration.ofMillis(10);
    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.details()).containsEntry("attempts", 3);
  }

  @Test
  void givesUpAfterTheLastAttempt() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(status(503));
    s.enqueue(status(503));
    s.enqueue(ok("too late"));

    Req req = new Req(http(s, "/"));
    req.attempts = 2;
    req.interval = Duration.ofMillis(10);
    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.details()).containsEntry("attempts", 2);
    assertThat(s.getRequestCount()).isEqualTo(2);
  }

  @Test
  void httpProxyFromEnvironmentIsUsed() throws Exception {
    MockWebServer proxy = server(null);
    proxy.enqueue(ok("via proxy"));
    env.put("HTTP_PROXY", "http://127.0.0.1:" + proxy.getPort());

    ProbeResult r = check(new Req("http://app.test:8080/health").build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(proxy.takeRequest(1, TimeUnit.SECONDS).getRequestLine()).isEqualTo("GET http://app.test:8080/health HTTP/1.1");
    assertThat(hops(r).get(0)).containsKey("proxy");
  }

  @Test
  void noProxyBypassesTheProxy() throws Exception {
    MockWebServer proxy = server(null);
    MockWebServer direct = server(null);
    direct.enqueue(ok("direct"));
    env.put("http_proxy", "http://127.0.0.1:" + proxy.getPort());
    env.put("NO_PROXY", "localhost,.test");
    resolve.put("app.test:" + direct.getPort(), "127.0.0.1");

    ProbeResult r = check(new Req("http://app.test:" + direct.getPort() + "/").build());

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(proxy.getRequestCount()).isZero();
    assertThat(direct.getRequestCount()).isEqualTo(1);
  }

  @Test
  void untrustedCertificateFailsWithoutSendingTheRequest() throws Exception {
    HeldCertificate other = root("Other Root CA");
    MockWebServer s = server(leaf("app.test", other, 100));
    s.enqueue(ok("never"));

    ProbeResult r = check(new Req(https("app.test", s, "/")).build());

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).startsWith("app.test:" + s.getPort() + ": incomplete chain: issuer \"CN=Other Root CA\"");
    assertThat(s.getRequestCount()).isZero();
  }

  @Test
  void refusedConnectionIsAnError() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }

    ProbeResult r = check(new Req("http://127.0.0.1:" + port + "/").build());

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("cannot connect to 127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void slowServerTimesOutAsAnError() throws Exception {
    MockWebServer s = server(null);
    s.enqueue(new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
    Req req = new Req(http(s, "/"));
    req.timeout = Duration.ofMillis(300);

    ProbeResult r = check(req.build());

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).startsWith("timed out after ").endsWith("(limit 300 ms)");
  }

  // ---- Ctrl-C cancels the probe at once ----

  @Test
  void cancellingARequestInFlightEndsTheCheckAsInterrupted() throws Exception {
    CountDownLatch seen = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MockWebServer s = server(null);
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            seen.countDown();
            release.await();
            return ok("too late");
          }
        });
    Req req = new Req(http(s, "/hang"));
    req.timeout = Duration.ofSeconds(120);
    AtomicBoolean cancel = new AtomicBoolean();
    try {
      FutureTask<ProbeResult> probe = checkInBackground(req.build(), new AtomicReference<>(), cancel::get);
      assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();

      cancel.set(true);
      ProbeResult r = probe.get(10, TimeUnit.SECONDS);

      assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
      assertThat(r.reason()).matches("interrupted after \\d+ ms waiting for GET " + Pattern.quote(http(s, "/hang")));
      assertThat(r.details()).containsEntry("interrupted", true).containsEntry("attempts", 1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void cancellingDuringTheWaitBetweenAttemptsEndsTheCheckAsInterrupted() throws Exception {
    MockWebServer s = server(null);
    s.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return status(503);
          }
        });
    Req req = new Req(http(s, "/"));
    req.attempts = 3;
    req.interval = Duration.ofSeconds(120);
    AtomicReference<Thread> runner = new AtomicReference<>();
    // Turns true once the probe thread waits (a socket read would show RUNNABLE): the first
    // attempt is over and the probe sits in its wait before the second.
    BooleanSupplier waiting = () -> s.getRequestCount() == 1 && runner.get().getState() == Thread.State.TIMED_WAITING;

    ProbeResult r = checkInBackground(req.build(), runner, waiting).get(10, TimeUnit.SECONDS);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason())
        .matches("interrupted after \\d+ ms waiting to retry after attempt 1 of 3 \\(status 503 \\(expected 200\\)\\)");
    assertThat(r.details()).containsEntry("interrupted", true).containsEntry("attempts", 1).containsEntry("status", 503);
    assertThat(s.getRequestCount()).isEqualTo(1);
  }

  @Test
  void invalidUrlIsAnError() {
    ProbeResult r = check(new Req("not a url").build());

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("invalid URL: not a url");
  }
}
