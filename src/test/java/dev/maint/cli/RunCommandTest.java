package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.exec.ShownCommand;
import dev.maint.probe.LoopbackPki;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maint run}: the test runbook's quick reference holds a shell command and, against {@code
 * localhost}, an openssl and a curl command that run as probes against a loopback HTTPS server.
 */
class RunCommandTest {
  @TempDir Path tmp;
  Walks schedule;
  MockWebServer server;
  Path caFile;

  @BeforeEach
  void setUp() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    HeldCertificate root = LoopbackPki.root("Test Root");
    HeldCertificate leaf = LoopbackPki.leaf("localhost", root, 60);
    caFile = LoopbackPki.writePem(tmp.resolve("ca.pem"), root);
    server = new MockWebServer();
    server.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, root.certificate()).build().sslSocketFactory());
    server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
  }

  private CliHarness.Result run(String... args) {
    return run(new CliHarness(tmp), args);
  }

  private CliHarness.Result run(CliHarness maint, String... args) {
    return maint.clock(LoopbackPki.clock())
        .run(List.of("run", "--runbook", schedule.runbook().toString(), "--workdir", schedule.app().toString()), args);
  }

  private String[] loopback(String name) {
    int port = server.getPort();
    return new String[] {name, "--set", "api_port=" + port, "--resolve", "localhost:" + port + ":127.0.0.1",
        "--ca-file", caFile.toString()};
  }

  @Test
  void shellCommandRunsWithTheRunbooksVariablesAndItsOutputShown() {
    CliHarness.Result r = run("hello", "--set", "greeting=hi");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("$ echo 'hi' world\nhi world\n");
  }

  /** A value with unbalanced quotes is passed on as typed, and picocli's own warnings never reach the operator. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"say \"hi", "it's", "\"\"\"", "'"})
  void aValueWithUnbalancedQuotesRunsAsTypedWithoutParserWarnings(String value) throws Exception {
    // A real process: picocli's tracer writes to the JVM's own standard error, which the
    // in-process harness does not capture.
    dev.maint.testing.MaintProcess maint = dev.maint.testing.MaintProcess.start(tmp, Map.of(), "run", "hello",
        "--runbook", schedule.runbook().toString(), "--workdir", schedule.app().toString(), "--set", "greeting=" + value);

    assertThat(maint.awaitExit(java.time.Duration.ofSeconds(60))).as(maint.output()).isZero();
    assertThat(maint.output()).endsWith("\n" + value + " world\n").doesNotContain("picocli", "WARN");
  }

  @Test
  void aProbeUnderJsonPrintsTheCheckJsonAloneAndTheExplanationOnStandardError() throws IOException {
    List<String> args = new ArrayList<>(List.of(loopback("tls-api-dates")));
    args.addAll(List.of("--format", "json"));

    CliHarness.Result r = run(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).isEqualTo("tls-api-dates is a tls probe: maint check tls localhost:" + server.getPort() + "\n");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.path("schema").asText()).isEqualTo("maint-check/1");
    assertThat(doc.path("results").get(0).path("status").asText()).isEqualTo("pass");
    assertThat(doc.path("results").get(0).path("target").asText()).isEqualTo("localhost:" + server.getPort());
  }

  @Test
  void opensslCommandExplainsAndRunsMaintCheckTls() {
    CliHarness.Result r = run(loopback("tls-api-dates"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("tls-api-dates is a tls probe: maint check tls localhost:" + server.getPort() + "\n");
    assertThat(r.out()).containsPattern("PASS +localhost:" + server.getPort() + " .*valid for 60 days");
  }

  @Test
  void curlCommandExplainsAndRunsMaintCheckHttp() {
    CliHarness.Result r = run(loopback("health"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("health is a http probe: maint check http https://localhost:" + server.getPort() + "/health\n");
    assertThat(r.out()).containsPattern("PASS +https://localhost:\\d+/health");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void listShowsEachGroupWithWhatRuns() {
    CliHarness.Result r = new CliHarness(tmp).run("run", "--list");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("TLS / Certificates\n  tls-api-dates        maint check tls connect-api.forma3d.be:443\n")
        .contains("  health               maint check http https://connect-api.forma3d.be/health\n")
        .contains("  pnpm-audit           $ pnpm audit\n                       Vulnerability scan\n");
  }

  @Test
  void failingCommandExitsOneWithTheReason() throws IOException {
    schedule.editRunbook("command: 'echo ${greeting} world'", "command: 'exit 4'");

    CliHarness.Result r = run("hello");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("maint: hello: exit code 4 (expected 0)\n");
  }

  @Test
  void commandThatChangesThingsRunsOnceTheOperatorTypesY() {
    CliHarness maint = new CliHarness(tmp).typing("y");

    CliHarness.Result r = run(maint, "tidy");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput()).isEqualTo("This command changes things. Run it now? [y/N] yes\n");
    assertThat(r.out()).isEqualTo("$ echo tidying; touch tidied\ntidying\n");
    assertThat(schedule.app().resolve("tidied")).exists();
  }

  @Test
  void commandThatChangesThingsIsNotRunWhenTheOperatorTypesN() {
    CliHarness maint = new CliHarness(tmp).typing("n");

    CliHarness.Result r = run(maint, "tidy");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput()).isEqualTo("This command changes things. Run it now? [y/N] no\n");
    assertThat(r.out()).isEqualTo("$ echo tidying; touch tidied\nNot run.\n");
    assertThat(schedule.app().resolve("tidied")).doesNotExist();
  }

  @Test
  void ctrlCAtTheQuestionRunsNothingAndExits130() {
    CliHarness.Result r = run(new CliHarness(tmp).typing("\u0003"), "tidy");

    assertThat(r.exitCode()).isEqualTo(130);
    assertThat(r.err()).isEqualTo("maint: interrupted at the question; nothing was run\n");
    assertThat(schedule.app().resolve("tidied")).doesNotExist();
  }

  @Test
  void commandThatChangesThingsIsRefusedWithoutATerminal() {
    CliHarness.Result r = run("tidy");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo(
        "maint: tidy changes things and standard input is not a terminal to confirm it: pass --yes to run it\n");
    assertThat(schedule.app().resolve("tidied")).doesNotExist();
  }

  @Test
  void yesRunsACommandThatChangesThingsWithoutAsking() {
    CliHarness.Result r = run("tidy", "--yes");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("$ echo tidying; touch tidied\ntidying\n");
    assertThat(schedule.app().resolve("tidied")).exists();
  }

  @Test
  void theListShowsACommandAsRunningItShowsIt() {
    String value = "it's $HOME; rm -rf x \u202e";

    CliHarness.Result list = run("--list", "--set", "greeting=" + value);
    CliHarness.Result ran = run("hello", "--set", "greeting=" + value);

    String shown = ran.out().lines().findFirst().orElseThrow();
    // The bidirectional control cannot show as itself, so the value is built in front by printf.
    assertThat(shown).isEqualTo(
        "$ MAINT_VALUE_1=$(printf 'it'\\''s $HOME; rm -rf x \\342\\200\\256'); echo \"${MAINT_VALUE_1}\" world");
    assertThat(list.out()).containsPattern("(?m)^  hello +\\Q" + shown + "\\E$");
  }

  @Test
  void theListMasksASecretInACommandAsItsDollarLineDoes() throws IOException {
    schedule.editRunbook("variables:", "variables:\n  hidden: {secret: true, default: \"${env:HIDDEN_VALUE}\"}");
    schedule.editRunbook("command: 'echo ${greeting} world'", "command: 'echo ${greeting} ${hidden} world'");

    CliHarness.Result list = new CliHarness(tmp).env("HIDDEN_VALUE", "s3cr3t-value").clock(LoopbackPki.clock())
        .run("run", "--list", "--runbook", schedule.runbook().toString());

    assertThat(list.out()).containsPattern("(?m)^  hello +\\$ echo 'hello' '\\*\\*\\*' world\\Q" + ShownCommand.MASKED_NOTE + "\\E$")
        .doesNotContain("s3cr3t-value");
  }

  @Test
  void readOnlyCommandRunsWithoutAskingOnATerminal() {
    CliHarness maint = new CliHarness(tmp).typing("");

    CliHarness.Result r = run(maint, "hello");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput()).isEmpty();
    assertThat(r.out()).isEqualTo("$ echo 'hello' world\nhello world\n");
  }

  @Test
  void seedsPruneAsksFirstAndIsRefusedInScripts() {
    CliHarness.Result list = new CliHarness(tmp).run("run", "--list");
    CliHarness.Result r = new CliHarness(tmp).run("run", "docker-prune", "--workdir", tmp.toString());

    assertThat(list.out()).contains("  docker-prune         $ docker system prune -af  (asks first)\n",
        "  compose-recreate     $ docker compose up -d --force-recreate  (asks first)\n",
        "  docker-image-ages    $ docker images");
    assertThat(list.out()).doesNotContain("$ pnpm audit  (asks first)");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: docker-prune changes things and standard input is not a terminal to confirm it:"
        + " pass --yes to run it\n");
  }

  @Test
  void unknownNameIsAUsageError() {
    CliHarness.Result r = run("nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no quick-reference command 'nope' (maint run --list shows them)\n");
  }
}
