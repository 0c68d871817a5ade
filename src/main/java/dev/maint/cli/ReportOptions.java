package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.log.RunLog;
import dev.maint.report.ReportTarget;
import dev.maint.report.Reports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --report}, {@code --format} and {@code --log-dir}: what a run leaves behind. */
public final class ReportOptions {
  /** What standard output carries. */
  enum Format {
    /** The walk and the summary table, for a person. */
    TEXT,
    /** Only the JSON report; the walk and the summary go to standard error. */
    JSON;

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  // split: "json=a,junit=b" is read as two reports, never as one path holding ",junit=".
  @Option(names = "--report", paramLabel = "FORMAT=PATH", converter = TargetConverter.class, split = ",",
      description = "Write a report when the walk ends: junit, json or markdown (repeatable, or "
          + "comma-separated), e.g. --report junit=target/maint/junit.xml. With $$GITHUB_STEP_SUMMARY set, the Markdown "
          + "summary is appended to that file too.")
  List<ReportTarget> reports = new ArrayList<>();

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "Standard output: text (default) or json, the JSON report and nothing else; the walk "
          + "and the summary then go to standard error, without colour.")
  Format format = Format.TEXT;

  @Option(names = "--log-dir", paramLabel = "DIR",
      description = "Directory for the run log (default: $$" + RunLog.ENV + ", else "
          + "$$XDG_STATE_HOME/maint/logs, else ~/.local/state/maint/logs). The last " + RunLog.KEEP
          + " run logs are kept.")
  Path logDir;

  boolean json() {
    return format == Format.JSON;
  }

  Reports reports(CliContext context) {
    return Reports.of(reports, context.cwd(), context.env());
  }

  Path logDirectory(CliContext context) {
    return RunLog.directory(Optional.ofNullable(logDir), context.env(), context.cwd());
  }

  /** Parses {@code FORMAT=PATH}; picocli reports a bad value as a usage error (exit 2). */
  static final class TargetConverter implements ITypeConverter<ReportTarget> {
    @Override
    public ReportTarget convert(String value) {
      try {
        return ReportTarget.parse(value);
      } catch (MaintException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
