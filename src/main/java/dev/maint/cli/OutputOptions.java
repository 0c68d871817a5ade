package dev.maint.cli;

import dev.maint.ui.Style;
import dev.maint.ui.Verbosity;
import picocli.CommandLine.Option;

/** {@code -v}, {@code -q} and {@code --no-color}, mixed into every command that prints. */
public final class OutputOptions {
  @Option(names = {"-v", "--verbose"}, description = "Show more detail, and the stack trace of any error.")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "Show only problems.")
  boolean quiet;

  @Option(names = "--no-color", description = "No colour (also when NO_COLOR is set or output is not a terminal).")
  boolean noColor;

  Verbosity verbosity() {
    return quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
  }

  Style style(CliContext context) {
    String noColorEnv = context.env().get("NO_COLOR");
    boolean colour = context.outIsTerminal() && !noColor && (noColorEnv == null || noColorEnv.isEmpty());
    return new Style(colour);
  }
}
