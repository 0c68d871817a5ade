package dev.maint.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.maint.exec.ParallelChecks;
import dev.maint.exec.Redactor;
import dev.maint.exec.Status;
import dev.maint.probe.ProbeResult;
import dev.maint.probe.Verdict;
import dev.maint.text.ControlCharacters;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Shows the outcome of {@code maint check}: a table for people ({@code STATUS TARGET REASON}) or
 * a JSON document ({@code "schema": "maint-check/1"}) for machines. Every string is redacted.
 */
public final class CheckView {
  private CheckView() {}

  /**
   * Prints one line per check: status, the step it comes from (for the runbook's probes, so that
   * two checks of one target can be told apart), target and reason. Texts pass through {@link
   * ControlCharacters}, since a reason can quote what a server sent.
   *
   * @param label renders a status (coloured or plain)
   * @param quiet leave out passing checks
   * @param verbose add each check's details
   */
  public static void table(PrintWriter out, List<ParallelChecks.Outcome> outcomes, Redactor redactor,
      Function<Status, String> label, boolean quiet, boolean verbose) {
    int width = outcomes.stream().mapToInt(o -> o.check().target().length()).max().orElse(6);
    int stepWidth = outcomes.stream().mapToInt(o -> o.check().stepId().length()).max().orElse(0);
    for (ParallelChecks.Outcome o : outcomes) {
      Status status = Status.of(o.result().verdict());
      if (quiet && o.result().verdict() == Verdict.PASS) {
        continue;
      }
      String pad = " ".repeat(Math.max(0, 5 - status.label().length()));
      String step = stepWidth == 0 ? "" : String.format("%-" + stepWidth + "s  ", o.check().stepId());
      out.println(label.apply(status) + pad + " " + step
          + String.format("%-" + width + "s", ControlCharacters.strip(redactor.redact(o.check().target())))
          + "  " + ControlCharacters.strip(redactor.redact(o.result().reason())));
      if (verbose) {
        o.result().details().forEach((k, v) -> out.println("      " + k + ": " + redactor.redactValue(v)));
      }
    }
    out.flush();
  }

  /**
   * Prints the JSON document: {@code schema}, {@code exit_code} and {@code results}, each with
   * kind, target, step (when from the runbook), status, reason, duration_ms and details.
   */
  public static void json(PrintWriter out, List<ParallelChecks.Outcome> outcomes, Redactor redactor, int exitCode) {
    List<Map<String, Object>> results = new ArrayList<>();
    for (ParallelChecks.Outcome o : outcomes) {
      Map<String, Object> r = new LinkedHashMap<>();
      ProbeResult p = o.result();
      r.put("kind", o.check().kind());
      r.put("target", redactor.redact(o.check().target()));
      if (!o.check().stepId().isEmpty()) {
        r.put("step", o.check().stepId());
      }
      r.put("status", p.verdict().label());
      r.put("reason", redactor.redact(p.reason()));
      r.put("duration_ms", o.durationMs());
      r.put("details", redactor.redactValue(p.details()));
      results.add(r);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("schema", "maint-check/1");
    report.put("exit_code", exitCode);
    report.put("results", results);
    try {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
