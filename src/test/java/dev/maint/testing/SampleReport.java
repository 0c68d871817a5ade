package dev.maint.testing;

import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.record.RunRecord;
import dev.maint.report.RunReport;
import dev.maint.runbook.Cadence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report of the CI test runbook's {@code continuous} cadence with every status, built
 * directly (no command runs), so writers can be compared with golden files.
 */
public final class SampleReport {
  /** 2026-11-29 10:00:00 in Brussels. */
  public static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

  private SampleReport() {}

  /**
   * The report.
   *
   * @param failOnWarn whether {@code --fail-on warn} was in force
   */
  public static RunReport build(Path tmp, boolean failOnWarn) {
    Cadence cadence = Fixtures.ciCadence(tmp, "continuous");
    Map<String, StepResult> results = new LinkedHashMap<>();
    put(results, "preflight", Status.PASS, "exit code 0 in 0.0 s", "", 12, shell("true", 0, "", ""));
    put(results, "scan-ok", Status.WARN, "certificate expires in 20 days (minimum 30)", "renewal ticket OPS-12", 340,
        ordered("days_left", 20, "certificates", List.of(ordered("subject", "CN=app.test", "days_left", 20))));
    put(results, "audit-fails", Status.FAIL, "exit code 1 (expected 0)", "", 1500,
        shell("echo \"1 high vulnerability\"; exit 1", 1, "1 high vulnerability\n", ""));
    put(results, "tool-missing", Status.ERROR, "command not found: no-such-tool-for-maint-tests", "", 7,
        shell("no-such-tool-for-maint-tests --version", 127, "",
            "sh: 1: no-such-tool-for-maint-tests: not found\n"));
    put(results, "slow", Status.INTERRUPTED, "interrupted after 0.5 s; process tree stopped", "", 500,
        ordered("command", "sleep 5", "interrupted", true));
    put(results, "review-dashboard", Status.MANUAL, "left to a person (non-interactive run)", "", 0, Map.of());
    put(results, "january-only", Status.SKIPPED, "condition not met (month in [1])", "", 0, Map.of());
    put(results, "odd-name", Status.PASS, "exit code 0 in 0.0 s", "", 3,
        shell("printf ...", 0, "\u001b[31mred\u001b[0m & <tag> \u0001 ]]> \u001b]0;title\u0007done\n", ""));
    List<RunReport.Row> rows = new ArrayList<>();
    for (Cadence.PlacedStep p : cadence.steps()) {
      rows.add(new RunReport.Row(p.section(), p.step().title(), p.step().kind(), results.get(p.step().id())));
    }
    ZoneId brussels = ZoneId.of("Europe/Brussels");
    return new RunReport(
        new RunReport.RunbookInfo("ci-test", "3", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "ci.yaml"),
        new RunReport.CadenceInfo("continuous", "Weekly checks"),
        "staging", "Ada Operator <ada@example.test>", "abcd1234",
        T0.atZone(brussels), T0.plusSeconds(5).atZone(brussels), 1, failOnWarn, false, rows,
        new RunRecord.Overrides(overriddenSet(),
            List.of("app.test:443:127.0.0.1"), ""));
  }

  /** A variable set and a secret one, masked, in the order given. */
  private static Map<String, String> overriddenSet() {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("app_dir", "/srv/app");
    set.put("api_token", "***");
    return set;
  }

  private static void put(Map<String, StepResult> results, String id, Status status, String reason, String note,
      long millis, Map<String, Object> evidence) {
    results.put(id, StepResult.builder(id, status, reason).note(note).by("maint").started(T0)
        .duration(Duration.ofMillis(millis)).evidence(evidence).build());
  }

  private static Map<String, Object> shell(String command, int exit, String stdout, String stderr) {
    return ordered("command", command, "exit_code", exit, "stdout", stdout, "stderr", stderr);
  }

  /** A map in the order given (Map.of has none, and golden files need one). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
