package dev.maint.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The report formats of {@code --report FORMAT=PATH}, each with its writer. */
public enum ReportFormat {
  /** JUnit XML as CI systems read it (Jenkins/Ant schema shape). */
  JUNIT(JUnitReportWriter::new),
  /** The versioned JSON report, {@code maint-report/2} (docs/report-format.md). */
  JSON(JsonReportWriter::new),
  /** A Markdown summary for a pull request or a CI job summary. */
  MARKDOWN(MarkdownReportWriter::new);

  private final Supplier<ReportWriter> writer;

  ReportFormat(Supplier<ReportWriter> writer) {
    this.writer = writer;
  }

  /** The name used on the command line: {@code junit}, {@code json}, {@code markdown}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A writer for this format. */
  public ReportWriter writer() {
    return writer.get();
  }

  /** The format named {@code id} (case-insensitive), if there is one. */
  public static Optional<ReportFormat> of(String id) {
    return Arrays.stream(values()).filter(f -> f.id().equalsIgnoreCase(id.strip())).findFirst();
  }
}
