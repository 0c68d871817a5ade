package dev.maint.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json}, for commands that print a report. picocli checks the value while
 * parsing, so a mistyped format is a usage error (exit 2) before any work starts.
 */
public final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: text).")
  ReportOptions.Format format = ReportOptions.Format.TEXT;

  /** Whether JSON was asked for. */
  boolean json() {
    return format == ReportOptions.Format.JSON;
  }
}
