package dev.maint.cli;

import dev.maint.MaintException;
import picocli.CommandLine.Option;

/** {@code --format text|json}, for commands that print a report. */
public final class FormatOption {
  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json (default: text).")
  String format;

  /**
   * Whether JSON was asked for.
   *
   * @throws MaintException (usage) for another format
   */
  boolean json() {
    if (!format.equals("text") && !format.equals("json")) {
      throw MaintException.usage("--format must be text or json, got '" + format + "'");
    }
    return format.equals("json");
  }
}
