package dev.maint.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output checks on {@code run} steps: the documented JSON of Grype ({@code -o json}) and {@code
 * pnpm audit --json}, and Redis {@code INFO} lines, printed by a stand-in command through the real
 * {@link ShellProbe}.
 */
class OutputCheckTest {
  @TempDir Path dir;

  private final ShellProbe probe =
      new ShellProbe(new ProbeContext(Clock.systemUTC(), Map.of(), Optional.empty(), Map.of("PATH", System.getenv("PATH"))));

  /** Grype's {@code -o json}: matches[] with vulnerability.id/severity; ignored ones apart. */
  private static String grype(String... matches) {
    StringBuilder s = new StringBuilder("{\"matches\": [");
    for (int i = 0; i < matches.length; i += 2) {
      s.append(i == 0 ? "" : ",").append("{\"vulnerability\": {\"id\": \"").append(matches[i])
          .append("\", \"dataSource\": \"https://nvd.nist.gov/vuln/detail/").append(matches[i])
          .append("\", \"severity\": \"").append(matches[i + 1]).append("\", \"fix\": {\"versions\": [], \"state\": \"unknown\"}},")
          .append("\"matchDetails\": [], \"artifact\": {\"name\": \"openssl\", \"version\": \"3.0.2\", \"type\": \"deb\"}}");
    }
    s.append("], \"ignoredMatches\": [{\"vulnerability\": {\"id\": \"CVE-2026-0009\", \"severity\": \"Critical\"},"
        + " \"appliedIgnoreRules\": [{\"vulnerability\": \"CVE-2026-0009\"}], \"artifact\": {\"name\": \"zlib\"}}],"
        + " \"source\": {\"type\": \"image\", \"target\": {\"userInput\": \"forma3d/api:latest\"}},"
        + " \"distro\": {\"name\": \"debian\", \"version\": \"12\"},"
        + " \"descriptor\": {\"name\": \"grype\", \"version\": \"0.74.0\"}}");
    return s.toString();
  }

  private static final Map<String, Object> GRYPE_CHECK = Map.of("/matches", Map.of("count", Map.of(
      "where", Map.of("/vulnerability/severity", List.of("Critical", "High")),
      "unless", Map.of("/vulnerability/id", List.of("CVE-2026-0004")),
      "name", "/vulnerability/id",
      "label", "critical or high vulnerabilities not excluded",
      "lte", 0)));

  private ProbeResult printed(String output, Map<String, Object> json, Map<String, String> capture, String format)
      throws IOException {
    Path file = dir.resolve("out.txt");
    Files.writeString(file, output);
    OutputCheck check = new OutputCheck(OutputCheck.Format.valueOf(format), json, capture);
    return probe.run(new ShellProbe.Request("cat out.txt", dir, Optional.empty(), Map.of(), List.of(0),
        Duration.ofSeconds(20), Optional.empty(), Optional.empty(), Optional.of(check)), (l, e) -> {}, () -> false);
  }

  @Test
  void grypeCriticalAndHighMatchesFailAndTheReasonNamesThem() throws IOException {
    ProbeResult r = printed(grype("CVE-2026-0001", "Critical", "CVE-2026-0002", "High", "CVE-2026-0003", "Medium",
        "CVE-2026-0004", "High"), GRYPE_CHECK, Map.of(), "JSON");

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo(
        "2 critical or high vulnerabilities not excluded (expected <= 0): CVE-2026-0001, CVE-2026-0002");
  }

  @Test
  void grypeWithOnlyIgnoredAndExcludedMatchesPasses() throws IOException {
    // CVE-2026-0009 is in ignoredMatches (.grype.yaml), CVE-2026-0004 is excluded by the step.
    ProbeResult r = printed(grype("CVE-2026-0004", "High", "CVE-2026-0003", "Low"), GRYPE_CHECK, Map.of(), "JSON");

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.reason()).isEqualTo("0 critical or high vulnerabilities not excluded (<= 0)");
  }

  @Test
  void anEmptyGrypeResultPasses() throws IOException {
    ProbeResult r = printed(grype(), GRYPE_CHECK, Map.of(), "JSON");

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Test
  void malformedOrEmptyOutputIsAnErrorThatSaysWhatWasWrong() throws IOException {
    ProbeResult cut = printed("{\"matches\": [{\"vulnerability\": ", GRYPE_CHECK, Map.of(), "JSON");
    assertThat(cut.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(cut.reason()).startsWith("standard output is not JSON at line ").contains("Unexpected end-of-input");

    ProbeResult empty = printed("", GRYPE_CHECK, Map.of(), "JSON");
    assertThat(empty.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(empty.reason()).isEqualTo("standard output is empty (expected JSON)");

    ProbeResult notAnArray = printed("{\"matches\": null}", GRYPE_CHECK, Map.of(), "JSON");
    assertThat(notAnArray.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(notAnArray.reason()).isEqualTo(
        "/matches is null (expected an array or object to count critical or high vulnerabilities not excluded)");
  }

  @Test
  void pnpmAuditCountsBySeverityDecideAndNameTheValues() throws IOException {
    // pnpm audit --json: npm's audit report shape, advisories by id and metadata counts.
    String audit = "{\"actions\": [], \"advisories\": {\"1096727\": {\"id\": 1096727, \"module_name\": \"semver\","
        + " \"severity\": \"high\", \"title\": \"semver vulnerable to ReDoS\", \"github_advisory_id\": \"GHSA-c2qf-rxjj-qqgw\"}},"
        + " \"muted\": [], \"metadata\": {\"vulnerabilities\": {\"info\": 0, \"low\": 1, \"moderate\": 2, \"high\": 1,"
        + " \"critical\": 0}, \"dependencies\": 1200, \"devDependencies\": 0, \"optionalDependencies\": 0,"
        + " \"totalDependencies\": 1200}}";
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("/metadata/vulnerabilities/critical", Map.of("lte", 0));
    check.put("/advisories", Map.of("count", Map.of("where", Map.of("/severity", List.of("critical", "high")),
        "name", "/github_advisory_id", "label", "critical or high advisories", "equals", 0)));

    ProbeResult r = printed(audit, check, Map.of(), "JSON");

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("1 critical or high advisories (expected 0): GHSA-c2qf-rxjj-qqgw");
    ProbeResult clean = printed(audit.replace("\"high\", \"title\"", "\"low\", \"title\""), check, Map.of(), "JSON");
    assertThat(clean.verdict()).isEqualTo(Verdict.PASS);
    assertThat(clean.reason()).isEqualTo(
        "/metadata/vulnerabilities/critical is 0 (<= 0); 0 critical or high advisories (0)");
  }

  @Test
  void keyValueLinesCompareOneValueWithAnother() throws IOException {
    String info = "# Memory\r\nused_memory:943000\r\nused_memory_human:920.90K\r\nmaxmemory:1000000\r\n"
        + "maxmemory_policy:noeviction\r\n\r\n# Keyspace\r\ndb0:keys=12,expires=0,avg_ttl=0\r\n";
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("/used_memory", Map.of("lt", Map.of("of", "/maxmemory", "times", 0.9)));
    check.put("/maxmemory_policy", "noeviction");

    ProbeResult over = printed(info, check, Map.of(), "LINES");
    assertThat(over.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(over.reason()).isEqualTo("/used_memory is 943000 (expected < 0.9 × /maxmemory = 900000)");

    ProbeResult under = printed(info.replace("943000", "500000"), check, Map.of(), "LINES");
    assertThat(under.verdict()).isEqualTo(Verdict.PASS);
    assertThat(under.reason()).isEqualTo(
        "/used_memory is 500000 (< 0.9 × /maxmemory = 900000); /maxmemory_policy is \"noeviction\"");
  }

  @Test
  void aComparedValueMissingFromTheOutputIsAnError() throws IOException {
    ProbeResult r = printed("used_memory=5\n", Map.of("/used_memory", Map.of("lt", Map.of("of", "/maxmemory"))),
        Map.of(), "LINES");

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("/maxmemory is missing, so /used_memory cannot be compared with it");
  }

  @Test
  void outputWithoutKeyValueLinesIsAnError() throws IOException {
    ProbeResult r = printed("Could not connect to Redis\n", Map.of("/used_memory", Map.of("gte", 0)), Map.of(), "LINES");

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("standard output holds no key:value or key=value lines");
  }

  @Test
  void factsAreCapturedByPointerAndAMissingOneIsAnError() throws IOException {
    ProbeResult r = printed("{\"node\": {\"version\": \"v20.11.1\"}}", Map.of(), Map.of("node_version", "/node/version"),
        "JSON");
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(r.details().get(ShellProbe.FACTS)).isEqualTo(Map.of("node_version", "v20.11.1"));
    assertThat(r.reason()).isEqualTo("node_version = v20.11.1");

    ProbeResult text = printed("v20.11.1\n", Map.of(), Map.of("node_version", ""), "TEXT");
    assertThat(text.details().get(ShellProbe.FACTS)).isEqualTo(Map.of("node_version", "v20.11.1"));

    ProbeResult missing = printed("{}", Map.of(), Map.of("node_version", "/node/version"), "JSON");
    assertThat(missing.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(missing.reason()).isEqualTo("fact node_version not captured: /node/version is missing from the output");
  }

  @Test
  void uptimeKumaObjectValuesAreCountedByKey() throws IOException {
    // Uptime Kuma's status page heartbeat API: uptimeList keyed MONITORID_24 (24-hour uptime, 0-1).
    String kuma = "{\"heartbeatList\": {\"1\": [{\"status\": 1, \"time\": \"2026-11-29 08:00:00\", \"msg\": \"\","
        + " \"ping\": 41}]}, \"uptimeList\": {\"1_24\": 1, \"2_24\": 0.9412, \"3_24\": 0.999}}";
    Map<String, Object> check = Map.of("/uptimeList", Map.of("count", Map.of(
        "where", Map.of("", Map.of("lt", 0.99)), "label", "monitors under 99% uptime in 24 h", "equals", 0)));

    ProbeResult r = printed(kuma, check, Map.of(), "JSON");

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("1 monitors under 99% uptime in 24 h (expected 0): 2_24");
  }

  @Test
  void malformedExpectationsAreRefusedWhateverTheOutput() {
    assertThatThrownBy(() -> OutputCheck.validate(Map.of("/a", Map.of("count", Map.of("where", Map.of())))))
        .hasMessage("count for /a needs a bound (equals, gt, gte, lt or lte)");
    assertThatThrownBy(() -> OutputCheck.validate(Map.of("/a", Map.of("near", 3))))
        .hasMessageStartingWith("unknown JSON operator 'near' for /a");
  }
}
