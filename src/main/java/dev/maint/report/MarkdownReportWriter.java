package dev.maint.report;

import dev.maint.ExitCode;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.record.LogEntry;
import dev.maint.record.MarkdownLog;
import dev.maint.text.ControlCharacters;
import dev.maint.text.OneLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Markdown summary a person reads at a glance in a pull request or a CI job summary (GitHub's
 * {@code GITHUB_STEP_SUMMARY}): a heading with the outcome, a line of facts, a counts line, and a
 * table with one row per step, problems (fail, error, interrupted, warn) first, then steps left to
 * a person, then the rest, each group in walking order. Statuses show as an emoji and the status
 * word, so the table reads without colour too.
 *
 * <p>Cells are plain text: ANSI sequences and control characters are removed, {@code &}, {@code <}
 * and {@code >} are written as entities, {@code |} is escaped and line breaks become spaces.
 */
public final class MarkdownReportWriter implements ReportWriter {
  private static final int REASON_WIDTH = 200;
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");

  @Override
  public void write(RunReport report, OutputStream out) throws IOException {
    out.write(render(report).getBytes(StandardCharsets.UTF_8));
  }

  /** The Markdown text, ending with a line feed. */
  static String render(RunReport report) {
    StringBuilder md = new StringBuilder();
    md.append("## ").append(headline(report)).append("\n\n");
    md.append("Runbook **").append(cell(report.runbook().id())).append("**")
        .append(report.runbook().version().isEmpty() ? "" : " " + cell(report.runbook().version()))
        .append(" · environment `").append(cell(report.environment())).append('`')
        .append(" · operator ").append(cell(LogEntry.operatorName(report.operator())))
        .append(" · session `").append(cell(report.sessionId())).append("`\n");
    md.append("Started ").append(WHEN.format(report.started()))
        .append(" · took ").append(String.format(Locale.ROOT, "%.1f s", report.duration().toMillis() / 1000.0))
        .append(" · exit code ").append(report.exitCode()).append("\n\n");
    md.append("**").append(report.rows().size()).append(" steps:** ").append(counts(report)).append("\n\n");
    if (report.rows().isEmpty()) {
      return md.toString();
    }
    md.append(MarkdownLog.row(List.of("Status", "Step", "Section", "Reason"))).append('\n');
    md.append("|---|---|---|---|\n");
    for (RunReport.Row row : ordered(report)) {
      StepResult r = row.result();
      String reason = r.reason() + (r.note().isEmpty() ? "" : " — note: " + r.note());
      md.append(MarkdownLog.row(List.of(
          status(r.status()),
          cell(row.title()) + " (`" + r.stepId() + "`)",
          cell(row.section().id() + " " + row.section().title()),
          cell(OneLine.clip(reason, REASON_WIDTH))))).append('\n');
    }
    return md.toString();
  }

  private static String headline(RunReport report) {
    String outcome = switch (report.exitCode()) {
      case ExitCode.OK -> "✅ passed";
      case ExitCode.INTERRUPTED -> "⛔ interrupted";
      default -> "❌ failed";
    };
    return "maint " + cell(report.cadence().id()) + ": " + outcome + (report.dryRun() ? " (dry run)" : "")
        + " — " + cell(report.cadence().title());
  }

  /** Non-zero counts in status order, e.g. {@code ✅ 3 pass · ❌ 1 fail}. */
  private static String counts(RunReport report) {
    String s = report.counts().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> emoji(e.getKey()) + " " + e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(" · "));
    return s.isEmpty() ? "nothing recorded" : s;
  }

  private static List<RunReport.Row> ordered(RunReport report) {
    List<RunReport.Row> rows = new ArrayList<>(report.rows());
    rows.sort(Comparator.comparingInt(r -> group(r.status())));
    return rows;
  }

  private static int group(Status status) {
    if (status.problem()) {
      return 0;
    }
    return status == Status.MANUAL ? 1 : 2;
  }

  private static String status(Status status) {
    return emoji(status) + " " + status.label();
  }

  private static String emoji(Status status) {
    return EMOJI.get(status);
  }

  private static final Map<Status, String> EMOJI = Map.of(
      Status.PASS, "✅",
      Status.WARN, "⚠️",
      Status.FAIL, "❌",
      Status.ERROR, "💥",
      Status.SKIPPED, "⏭️",
      Status.MANUAL, "✋",
      Status.INTERRUPTED, "⛔");

  /** Plain text safe in a table cell (MarkdownLog.row escapes pipes and line breaks). */
  private static String cell(String text) {
    return ControlCharacters.strip(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

}
