package dev.maint.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Metrics and notifications: {@code maint due --format prometheus}, {@code --textfile}, {@code
 * --notify}, and the walks' {@code --metrics} and {@code --notify}. The metrics are checked by
 * Debian's {@code promtool}; the webhooks are a loopback HTTP server (mockwebserver) answering as a
 * Slack incoming webhook or a generic one does (any 2xx is delivered).
 */
class SignalsTest extends RepoTest {
  private Walks schedule;
  private final MockWebServer hook = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void walkEveryCadenceOnce() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    walk("semi-annual", "2026-07-08T09:00:00Z");
    walk("quarterly", "2026-10-06T09:00:00Z");
    walk("monthly", "2026-11-03T09:00:00Z");
    walk("continuous", "2026-12-01T09:00:00Z");
    hook.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stopHook() {
    hook.close();
  }

  private void walk(String cadence, String instant) {
    CliHarness.Result r = schedule.maint(Walks.at(instant)).run(schedule.args(repo, cadence, "--non-interactive"));
    assertThat(r.out()).as(r.err()).contains("Log entry committed to");
  }

  private CliHarness.Result due(String date, String... extra) {
    return schedule.maint().run(
        List.of("due", "--runbook", schedule.runbook().toString(), "--repo", repo.toString(), "--date", date), extra);
  }

  @Test
  void duePrometheusIsAcceptedByPromtoolAndGivesEachCadencesValuesFromTheRecord() throws Exception {
    CliHarness.Result r = due("2026-12-05", "--format", "prometheus");

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(promtool(r.out())).isEqualTo("0:");
    long monthly = Instant.parse("2026-11-03T09:00:00Z").getEpochSecond();
    assertThat(r.out())
        .contains("# TYPE maint_cadence_last_complete_run_timestamp_seconds gauge\n")
        .contains("maint_cadence_last_complete_run_timestamp_seconds{cadence=\"monthly\"} " + monthly + "\n")
        .contains("maint_cadence_last_run_outcome{cadence=\"monthly\",outcome=\"completed\"} 1\n")
        .contains("maint_cadence_last_run_outcome{cadence=\"monthly\",outcome=\"quit\"} 0\n")
        .contains("maint_cadence_due_state{cadence=\"monthly\",state=\"overdue\"} 1\n")
        .contains("maint_cadence_due_state{cadence=\"monthly\",state=\"done\"} 0\n")
        .contains("maint_cadence_overdue{cadence=\"monthly\"} 1\n")
        .contains("maint_cadence_overdue{cadence=\"continuous\"} 0\n")
        .contains("maint_cadence_due_state{cadence=\"continuous\",state=\"not-due\"} 1\n")
        // November's run left its certificate step errored: one open item, one problem step.
        .contains("maint_cadence_open_items{cadence=\"monthly\"} 1\n")
        .contains("maint_cadence_last_run_problem_steps{cadence=\"monthly\"} 1\n")
        .contains("maint_cadence_open_items{cadence=\"quarterly\"} 0\n");
  }

  @Test
  void aCadenceNeverRunHasNoTimestampSampleButItsState() throws Exception {
    CliHarness.Result r = due("2026-07-02", "--format", "prometheus");

    assertThat(promtool(r.out())).isEqualTo("0:");
    assertThat(r.out()).doesNotContain("maint_cadence_last_complete_run_timestamp_seconds{cadence=\"monthly\"}")
        .contains("maint_cadence_due_state{cadence=\"monthly\",state=\"overdue\"} 1\n");
  }

  @Test
  void textfileIsWrittenAtomicallyBesideTheTableAndOnlyAsAPromFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("textfile"));
    CliHarness.Result prom = due("2026-12-05", "--format", "prometheus");

    CliHarness.Result r = due("2026-12-05", "--textfile", dir.resolve("maint.prom").toString());
    CliHarness.Result wrong = due("2026-12-05", "--textfile", dir.resolve("maint.txt").toString());

    assertThat(r.out()).startsWith("Due on 2026-12-05");
    assertThat(Files.readString(dir.resolve("maint.prom"))).isEqualTo(prom.out());
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("maint.prom");
    }
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).startsWith("maint: --textfile must name a *.prom file");
  }

  @Test
  void aWalkWithMetricsWritesItsCadencesMetricsAfterItIsRecorded() throws Exception {
    Path file = tmp.resolve("node/maint_continuous.prom");

    CliHarness.Result r = schedule.maint(Walks.at("2026-12-08T09:00:00Z"))
        .run(schedule.args(repo, "continuous", "--non-interactive", "--metrics", file.toString()));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String metrics = Files.readString(file);
    assertThat(promtool(metrics)).isEqualTo("0:");
    assertThat(metrics)
        .contains("maint_cadence_last_complete_run_timestamp_seconds{cadence=\"continuous\"} "
            + Instant.parse("2026-12-08T09:00:00Z").getEpochSecond() + "\n")
        .contains("maint_cadence_due_state{cadence=\"continuous\",state=\"done\"} 1\n")
        .doesNotContain("cadence=\"monthly\"");
  }

  @Test
  void metricsAndNotifyInTheProjectFileApplyToAWalkAndTheCommandLineWins() throws Exception {
    // metrics: is relative to the project file's folder; maint runs from inside that repository.
    Files.writeString(repo.resolve(".maint.yaml"), "metrics: node/maint.prom\nnotify:\n  - "
        + hook.url("/hooks/from-config") + "\n");
    hook.enqueue(new MockResponse.Builder().code(200).build());

    CliHarness.Result r = new CliHarness(repo).clock(Walks.at("2026-12-08T09:00:00Z")).env("WALK_TOKEN", Walks.SECRET)
        .run(schedule.args(repo, "continuous", "--non-interactive"));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String metrics = Files.readString(repo.resolve("node/maint.prom"));
    assertThat(promtool(metrics)).isEqualTo("0:");
    assertThat(metrics).contains("maint_cadence_due_state{cadence=\"continuous\",state=\"done\"} 1\n");
    assertThat(hook.takeRequest(10, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/hooks/from-config");

    Path given = tmp.resolve("given.prom");
    hook.enqueue(new MockResponse.Builder().code(200).build());
    CliHarness.Result cli = new CliHarness(repo).clock(Walks.at("2026-12-09T09:00:00Z")).env("WALK_TOKEN", Walks.SECRET)
        .run(schedule.args(repo, "continuous", "--non-interactive", "--metrics", given.toString(), "--notify",
            hook.url("/hooks/from-cli").toString()));

    assertThat(cli.exitCode()).as(cli.err()).isZero();
    assertThat(given).exists();
    assertThat(hook.takeRequest(10, TimeUnit.SECONDS).getUrl().encodedPath()).isEqualTo("/hooks/from-cli");
  }

  @Test
  void aWalkPostsItsSummaryAsJsonWithSecretsMaskedAndKeepsItsExitCode() throws Exception {
    // The secret is in the probe's host name, which --resolve sends to the loopback's discard port
    // where nothing listens: the probe errors with a reason naming the host.
    walks.editRunbook("run: exit 3", "http:\n              url: \"http://${token}.test:9/\"");
    hook.enqueue(new MockResponse.Builder().code(200).build());

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--notify",
        hook.url("/hooks/generic").toString(), "--resolve", Walks.SECRET + ".test:9:127.0.0.1"));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).doesNotContain("warning: notification");
    RecordedRequest request = hook.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    String text = request.getBody().utf8();
    assertThat(text).doesNotContain(Walks.SECRET);
    JsonNode body = json.readTree(text);
    assertThat(body.path("schema").asText()).isEqualTo("maint-notification/1");
    assertThat(body.path("event").asText()).isEqualTo("walk-ended");
    assertThat(body.path("cadence").asText()).isEqualTo("monthly");
    assertThat(body.path("environment").asText()).isEqualTo("staging");
    assertThat(body.path("exit_code").asInt()).isEqualTo(1);
    assertThat(body.path("outcome").asText()).isEqualTo("completed");
    assertThat(body.path("operator").asText()).isEqualTo(Walks.OPERATOR);
    assertThat(body.path("session").asText()).isEqualTo(git.run("log", "-1",
        "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-11").strip());
    assertThat(body.path("issues").get(0).path("step").asText()).isEqualTo("failing");
    assertThat(body.path("issues").get(0).path("status").asText()).isEqualTo("error");
    assertThat(body.path("issues").get(0).path("reason").asText()).startsWith("cannot connect to ***.test:9");
    // The walk's --resolve sent its probes elsewhere: the summary does not claim plain staging.
    assertThat(body.path("summary").asText()).startsWith("maint monthly (staging, overridden: --resolve) completed,"
        + " exit code 1: ");
  }

  @Test
  void aSlackTargetGetsTheSummaryAsText() throws Exception {
    hook.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    CliHarness.Result r = schedule.maint(Walks.at("2026-12-08T09:00:00Z")).run(schedule.args(repo, "continuous",
        "--non-interactive", "--notify", "slack:" + hook.url("/services/T000/B000/XXXX")));

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode body = json.readTree(hook.takeRequest(10, TimeUnit.SECONDS).getBody().utf8());
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.path("text").asText()).isEqualTo("maint continuous (production) completed, exit code 0: 1 done");
  }

  @Test
  void aServerAnswering500IsTriedAgainAndGetsTheNotification() throws Exception {
    hook.enqueue(new MockResponse.Builder().code(500).build());
    hook.enqueue(new MockResponse.Builder().code(200).build());

    CliHarness.Result r = schedule.maint(Walks.at("2026-12-08T09:00:00Z")).run(schedule.args(repo, "continuous",
        "--non-interactive", "--notify", hook.url("/hook").toString()));

    assertThat(r.exitCode()).as(r.err()).isZero();
    // The only warning is the walk's own: production is this runbook's default, not chosen.
    assertThat(r.err().lines().filter(l -> l.contains("warning"))).allMatch(l -> l.contains("runbook's default"));
    String first = hook.takeRequest(10, TimeUnit.SECONDS).getBody().utf8();
    String second = hook.takeRequest(10, TimeUnit.SECONDS).getBody().utf8();
    assertThat(second).isEqualTo(first);
    assertThat(json.readTree(second).path("event").asText()).isEqualTo("walk-ended");
    assertThat(hook.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aDeadWebhookIsAWarningWithoutItsSecretAndTheExitCodeStays() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + port + "/services/T000/B000/s3cr3t-hook";
    walks.editRunbook("run: exit 3", "run: exit 3\n            readonly: true");

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--notify", dead));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("Log entry committed to");
    assertThat(r.err()).contains("maint: warning: notification to http://127.0.0.1:" + port + "/… failed after 3"
        + " attempts: ").doesNotContain("s3cr3t-hook");
  }

  @Test
  void dueNotifyPostsTheOverdueCadencesAndKeepsExitCodeOne() throws Exception {
    hook.enqueue(new MockResponse.Builder().code(204).build());

    CliHarness.Result r = due("2026-12-05", "--notify", hook.url("/hook").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode body = json.readTree(hook.takeRequest(10, TimeUnit.SECONDS).getBody().utf8());
    assertThat(body.path("event").asText()).isEqualTo("overdue");
    assertThat(body.path("summary").asText()).isEqualTo("maint: overdue on 2026-12-05: monthly (window ended 2026-12-04)");
    assertThat(body.path("overdue").get(0).path("cadence").asText()).isEqualTo("monthly");
    assertThat(body.path("overdue").get(0).path("window_end").asText()).isEqualTo("2026-12-04");
    assertThat(body.path("overdue").get(0).path("last_complete_run").asText()).isEqualTo("2026-11-03T09:00:00Z");
  }

  @Test
  void dueNotifySendsNothingWhenNothingIsOverdue() {
    CliHarness.Result r = due("2026-11-04", "--notify", hook.url("/hook").toString());

    assertThat(r.exitCode()).isZero();
    assertThat(hook.getRequestCount()).isZero();
  }

  /** {@code promtool check metrics} on {@code text}: its exit code and what it printed, {@code 0:} when clean. */
  private static String promtool(String text) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + ":" + out;
  }
}
