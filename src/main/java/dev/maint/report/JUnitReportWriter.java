package dev.maint.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.text.ControlCharacters;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML in the shape CI systems parse (the Jenkins/Ant JUnit schema: GitHub test-report
 * actions, GitLab, Jenkins).
 *
 * <p>{@code <testsuites>} holds one {@code <testsuite>} per section (name {@code cadence.section
 * title}) and one {@code <testcase>} per step: {@code name} is {@code title (step-id)}, {@code
 * classname} is {@code cadence.section}, {@code time} is in seconds. Statuses map as:
 *
 * <ul>
 *   <li>{@code pass}: a passing case;
 *   <li>{@code warn}: a passing case with the warning in {@code <system-out>}; a {@code <failure>}
 *       under {@code --fail-on warn};
 *   <li>{@code fail}: {@code <failure message="reason" type="fail">};
 *   <li>{@code error} (timeout, DNS, missing command) and {@code interrupted}: {@code <error
 *       message="reason" type="error|interrupted">};
 *   <li>{@code skipped} and {@code manual}: {@code <skipped message="...">}.
 * </ul>
 *
 * <p>{@code <system-out>} holds the status, reason, note, evidence and the command's standard
 * output; {@code <system-err>} its standard error. Each is capped at {@value #OUTPUT_LIMIT}
 * characters, and ANSI escape sequences and characters not allowed in XML 1.0 are removed from
 * every text and attribute. Every suite and the root carry {@code tests}, {@code failures},
 * {@code errors}, {@code skipped} and {@code time}.
 */
public final class JUnitReportWriter implements ReportWriter {
  /** Characters of output kept in each of {@code <system-out>} and {@code <system-err>}. */
  public static final int OUTPUT_LIMIT = 64 * 1024;

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final List<String> STREAMS = List.of("stdout", "stderr");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      new Document(x, report).write();
      x.flush();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
  }

  /** How a status shows in JUnit, and the element that says so (none for a passing case). */
  private enum Outcome {
    PASSED(null),
    FAILURE("failure"),
    ERROR("error"),
    SKIPPED("skipped");

    private final String element;

    Outcome(String element) {
      this.element = element;
    }

    static Outcome of(Status status, boolean failOnWarn) {
      return switch (status) {
        case PASS -> PASSED;
        case WARN -> failOnWarn ? FAILURE : PASSED;
        case FAIL -> FAILURE;
        case ERROR, INTERRUPTED -> ERROR;
        case SKIPPED, MANUAL -> SKIPPED;
      };
    }
  }

  /** Counts of one suite, or of all of them. */
  private static final class Totals {
    int tests;
    int failures;
    int errors;
    int skipped;
    Duration time = Duration.ZERO;

    void add(Outcome outcome, Duration took) {
      tests++;
      switch (outcome) {
        case FAILURE -> failures++;
        case ERROR -> errors++;
        case SKIPPED -> skipped++;
        case PASSED -> { }
      }
      time = time.plus(took);
    }

    void add(Totals other) {
      tests += other.tests;
      failures += other.failures;
      errors += other.errors;
      skipped += other.skipped;
      time = time.plus(other.time);
    }

    void writeTo(XMLStreamWriter x) throws XMLStreamException {
      x.writeAttribute("tests", Integer.toString(tests));
      x.writeAttribute("failures", Integer.toString(failures));
      x.writeAttribute("errors", Integer.toString(errors));
      x.writeAttribute("skipped", Integer.toString(skipped));
      x.writeAttribute("time", seconds(time));
    }
  }

  /** One report being written; indents with two spaces. */
  private static final class Document {
    private final XMLStreamWriter x;
    private final RunReport report;

    Document(XMLStreamWriter x, RunReport report) {
      this.x = x;
      this.report = report;
    }

    void write() throws XMLStreamException {
      Map<String, List<RunReport.Row>> bySection = new LinkedHashMap<>();
      report.rows().forEach(r -> bySection.computeIfAbsent(r.section().id(), k -> new ArrayList<>()).add(r));
      Totals all = new Totals();
      List<Totals> suites = new ArrayList<>();
      for (List<RunReport.Row> rows : bySection.values()) {
        Totals t = new Totals();
        rows.forEach(r -> t.add(outcome(r), duration(r.result())));
        suites.add(t);
        all.add(t);
      }
      x.writeStartDocument("UTF-8", "1.0");
      newline(0);
      x.writeStartElement("testsuites");
      attribute("name", "maint " + report.cadence().id());
      all.writeTo(x);
      x.writeAttribute("timestamp", TIMESTAMP.format(report.started()));
      int i = 0;
      for (List<RunReport.Row> rows : bySection.values()) {
        suite(i, rows, suites.get(i));
        i++;
      }
      newline(0);
      x.writeEndElement();
      newline(0);
      x.writeEndDocument();
    }

    private Outcome outcome(RunReport.Row row) {
      return Outcome.of(row.status(), report.failOnWarn());
    }

    private void suite(int id, List<RunReport.Row> rows, Totals totals) throws XMLStreamException {
      String classname = report.cadence().id() + "." + rows.get(0).section().id();
      newline(1);
      x.writeStartElement("testsuite");
      attribute("name", classname + " " + rows.get(0).section().title());
      totals.writeTo(x);
      Instant first = rows.get(0).result().started();
      x.writeAttribute("timestamp", TIMESTAMP.format(first == null ? report.started() : first.atZone(report.started().getZone())));
      x.writeAttribute("id", Integer.toString(id));
      attribute("package", report.cadence().id());
      properties();
      for (RunReport.Row row : rows) {
        testcase(classname, row);
      }
      newline(1);
      x.writeEndElement();
    }

    private void properties() throws XMLStreamException {
      newline(2);
      x.writeStartElement("properties");
      property("runbook", report.runbook().id());
      property("runbook.version", report.runbook().version());
      property("runbook.sha256", report.runbook().sha256());
      property("runbook.source", report.runbook().source());
      property("environment", report.environment());
      property("operator", report.operator());
      property("session", report.sessionId());
      property("exit_code", Integer.toString(report.exitCode()));
      property("dry_run", Boolean.toString(report.dryRun()));
      newline(2);
      x.writeEndElement();
    }

    private void property(String name, String value) throws XMLStreamException {
      newline(3);
      x.writeEmptyElement("property");
      x.writeAttribute("name", name);
      attribute("value", value);
    }

    private void testcase(String classname, RunReport.Row row) throws XMLStreamException {
      StepResult r = row.result();
      Outcome outcome = outcome(row);
      newline(2);
      x.writeStartElement("testcase");
      attribute("name", row.title() + " (" + r.stepId() + ")");
      attribute("classname", classname);
      x.writeAttribute("time", seconds(duration(r)));
      String message = switch (r.status()) {
        case MANUAL -> "manual: " + r.reason();
        case WARN -> "warn: " + r.reason();
        default -> r.reason();
      };
      if (outcome == Outcome.SKIPPED) {
        newline(3);
        x.writeEmptyElement(outcome.element);
        attribute("message", message);
      } else if (outcome != Outcome.PASSED) {
        newline(3);
        x.writeStartElement(outcome.element);
        attribute("message", message);
        x.writeAttribute("type", r.status().label());
        x.writeCharacters(ControlCharacters.strip(r.reason()));
        x.writeEndElement();
      }
      text("system-out", systemOut(row));
      text("system-err", stream(r, "stderr"));
      newline(2);
      x.writeEndElement();
    }

    private void text(String element, String content) throws XMLStreamException {
      if (content.isEmpty()) {
        return;
      }
      newline(3);
      x.writeStartElement(element);
      x.writeCharacters(ControlCharacters.strip(cap(content)));
      x.writeEndElement();
    }

    private void attribute(String name, String value) throws XMLStreamException {
      x.writeAttribute(name, ControlCharacters.strip(value).replaceAll("\\s+", " ").strip());
    }

    private void newline(int depth) throws XMLStreamException {
      x.writeCharacters("\n" + "  ".repeat(depth));
    }
  }

  /** Status, reason, note, the evidence other than output streams, then standard output. */
  private static String systemOut(RunReport.Row row) {
    StepResult r = row.result();
    StringBuilder s = new StringBuilder();
    s.append(r.status().label()).append(": ").append(r.reason()).append('\n');
    if (!r.note().isEmpty()) {
      s.append("note: ").append(r.note()).append('\n');
    }
    s.append("by: ").append(r.by()).append('\n');
    r.facts().forEach((name, value) -> s.append("fact: ").append(name).append(" = ").append(value).append('\n'));
    for (Map.Entry<String, Object> e : r.evidence().entrySet()) {
      if (!STREAMS.contains(e.getKey())) {
        s.append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
      }
    }
    String stdout = stream(r, "stdout");
    if (!stdout.isEmpty()) {
      s.append("--- stdout ---\n").append(stdout);
    }
    return s.toString();
  }

  private static String stream(StepResult r, String key) {
    Object v = r.evidence().get(key);
    return v instanceof String s ? s : "";
  }

  private static String value(Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      try {
        return JSON.writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }

  /** At most {@value #OUTPUT_LIMIT} characters; a pair split at the cut is removed by strip. */
  private static String cap(String s) {
    if (s.length() <= OUTPUT_LIMIT) {
      return s;
    }
    return s.substring(0, OUTPUT_LIMIT) + "\n[... " + (s.length() - OUTPUT_LIMIT) + " characters left out]\n";
  }

  private static Duration duration(StepResult r) {
    return r.duration() == null ? Duration.ZERO : r.duration();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }
}
