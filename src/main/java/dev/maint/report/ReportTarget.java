package dev.maint.report;

import dev.maint.MaintException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One {@code --report FORMAT=PATH}: a report format and the file it is written to.
 *
 * @param format the format
 * @param path the file, relative to the current directory unless absolute
 */
public record ReportTarget(ReportFormat format, Path path) {
  public ReportTarget {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses {@code FORMAT=PATH}, e.g. {@code junit=target/maint/junit.xml}.
   *
   * @throws MaintException (usage, exit 2) for a missing {@code =}, an unknown format or an empty,
   *     invalid or {@code -} path
   */
  public static ReportTarget parse(String value) {
    int eq = value.indexOf('=');
    String formats = Arrays.stream(ReportFormat.values()).map(ReportFormat::id).collect(Collectors.joining(", "));
    if (eq < 0) {
      throw MaintException.usage("--report " + value + ": expected FORMAT=PATH with FORMAT one of " + formats);
    }
    String name = value.substring(0, eq);
    ReportFormat format = ReportFormat.of(name).orElseThrow(() -> MaintException.usage(
        "--report " + value + ": unknown format '" + name + "' (one of " + formats + ")"));
    String file = value.substring(eq + 1);
    if (file.isBlank()) {
      throw MaintException.usage("--report " + value + ": no PATH after '='");
    }
    // Not a file named "-" in the current directory, which is what "-" would otherwise become.
    if (file.equals("-")) {
      throw MaintException.usage("--report " + value + ": reports are written to files; for the JSON report on"
          + " standard output use --format json");
    }
    try {
      return new ReportTarget(format, Path.of(file));
    } catch (InvalidPathException e) {
      throw MaintException.usage("--report " + value + ": invalid path: " + e.getMessage());
    }
  }
}
