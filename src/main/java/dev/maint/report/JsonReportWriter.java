package dev.maint.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.text.ControlCharacters;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Map;

/**
 * The JSON report, schema {@value #SCHEMA}; every field is documented in {@code
 * docs/report-format.md}. Times are ISO 8601 with the offset of the runbook's time zone
 * ({@code 2026-11-29T10:00:00+01:00}), durations are whole milliseconds. The document ends with a
 * line feed.
 */
public final class JsonReportWriter implements ReportWriter {
  /** The value of the top-level {@code schema} field; it changes when a field changes meaning. */
  public static final String SCHEMA = "maint-report/2";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setCharacterEscapes(new BidiEscapes());
  }

  /**
   * Writes bidirectional controls as JSON unicode escapes: the value is kept for a program, but
   * a person reading the file does not see a line reordered by a command's output or a title.
   */
  private static final class BidiEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= Character.MAX_VALUE && ControlCharacters.shownAsCode(ch)
          ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    out.write(MAPPER.writer(printer).writeValueAsBytes(tree(report)));
    out.write('\n');
  }

  /** The report as a JSON tree. */
  static ObjectNode tree(RunReport report) {
    ZoneId zone = report.started().getZone();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    ObjectNode runbook = root.putObject("runbook");
    runbook.put("id", report.runbook().id());
    runbook.put("version", report.runbook().version());
    runbook.put("sha256", report.runbook().sha256());
    runbook.put("source", report.runbook().source());
    root.put("cadence", report.cadence().id());
    root.put("cadence_title", report.cadence().title());
    root.put("environment", report.environment());
    root.put("operator", report.operator());
    root.put("session_id", report.sessionId());
    root.put("time_zone", zone.getId());
    root.put("started_at", TIME.format(report.started()));
    root.put("ended_at", TIME.format(report.ended()));
    root.put("duration_ms", report.duration().toMillis());
    root.put("exit_code", report.exitCode());
    root.put("fail_on_warn", report.failOnWarn());
    root.put("dry_run", report.dryRun());
    ObjectNode overrides = root.putObject("overrides");
    overrides.set("set", MAPPER.valueToTree(report.overrides().set()));
    overrides.set("resolve", MAPPER.valueToTree(report.overrides().resolve()));
    overrides.put("ca_file", report.overrides().caFile());
    overrides.set("set_file", MAPPER.valueToTree(report.overrides().setFile()));
    ObjectNode counts = root.putObject("counts");
    counts.put("steps", report.rows().size());
    for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
      counts.put(e.getKey().label(), e.getValue());
    }
    ArrayNode steps = root.putArray("steps");
    for (RunReport.Row row : report.rows()) {
      StepResult r = row.result();
      ObjectNode step = steps.addObject();
      step.put("id", r.stepId());
      step.put("section", row.section().id());
      step.put("section_title", row.section().title());
      step.put("title", row.title());
      step.put("kind", row.kind());
      step.put("status", r.status().label());
      step.put("reason", r.reason());
      step.put("note", r.note());
      step.put("by", r.by());
      step.put("started_at", time(r.started() == null ? null : r.started().atZone(zone)));
      step.put("duration_ms", r.duration() == null ? 0 : r.duration().toMillis());
      step.set("evidence", MAPPER.valueToTree(r.evidence()));
      step.set("facts", MAPPER.valueToTree(r.facts()));
    }
    return root;
  }

  private static String time(TemporalAccessor t) {
    return t == null ? null : TIME.format(t);
  }
}
