package dev.maint.cli;

import dev.maint.ui.Style;
import dev.maint.ui.Verbosity;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code -v}, {@code -q} and {@code --no-color}, mixed into every command that prints. {@code -v}
 * and {@code -q} exclude each other: picocli refuses both while parsing (exit 2).
 */
public final class OutputOptions {
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Level level = new Level();

  /** How much is shown: one of {@code -v} and {@code -q}, or neither. */
  static final class Level {
    @Option(names = {"-v", "--verbose"}, description = "Show more detail, and the stack trace of any error.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Show only problems.")
    boolean quiet;
  }

  @Option(names = "--no-color", description = "No colour (also when NO_COLOR is set or output is not a terminal).")
  boolean noColor;

  boolean verbose() {
    return level.verbose;
  }

  boolean quiet() {
    return level.quiet;
  }

  Verbosity verbosity() {
    return quiet() ? Verbosity.QUIET : verbose() ? Verbosity.VERBOSE : Verbosity.NORMAL;
  }

  /**
   * Colour only on a terminal that can show it: never with {@code --no-color}, a non-empty {@code
   * NO_COLOR} (no-color.org) or {@code TERM=dumb} (a terminal without escape sequences).
   */
  Style style(CliContext context) {
    String noColorEnv = context.env().get("NO_COLOR");
    boolean colour = context.outIsTerminal() && !noColor && (noColorEnv == null || noColorEnv.isEmpty())
        && !"dumb".equals(context.env().get("TERM"));
    return new Style(colour);
  }
}
