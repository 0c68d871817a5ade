package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code maint list}: the runbook's cadences with their sections and step counts. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the runbook's cadences with their sections and step counts.")
public final class ListCommand implements Callable<Integer> {
  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  ListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    PrintWriter out = context.out();
    if (format.json()) {
      RunbookJson.list(out, runbook);
      return ExitCode.OK;
    }
    line(out, runbook.title() + (runbook.version().isEmpty() ? "" : " (version " + runbook.version() + ")"));
    for (Cadence c : runbook.cadences()) {
      out.println();
      line(out, c.id() + " — " + c.title() + " [" + c.steps().size() + " steps, " + c.decidedByMaint()
          + " decided by maint]");
      if (!c.frequency().isEmpty()) {
        line(out, "  " + c.frequency() + (c.duration().isEmpty() ? "" : ", typically " + c.duration()));
      }
      c.sections().forEach(s -> printSection(out, s, 1));
    }
    int steps = runbook.cadences().stream().mapToInt(c -> c.steps().size()).sum();
    int decided = runbook.cadences().stream().mapToInt(Cadence::decidedByMaint).sum();
    if (steps > 0) {
      out.println();
      line(out, "Decided by maint: " + decided + " of " + steps + " steps (" + (100 * decided / steps)
          + "%); the rest are decided by a person.");
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void printSection(PrintWriter out, Section s, int depth) {
    line(out, "  ".repeat(depth) + s.id() + " " + s.title() + " (" + s.steps().size() + ")");
    s.sections().forEach(sub -> printSection(out, sub, depth + 1));
  }

  /**
   * Prints one line whatever a title holds: a title must not add lines, reorder or recolour the
   * text around it, so a new line or escape shows as {@code \\n} or {@code \\u001b}, as the walk shows it.
   */
  private static void line(PrintWriter out, String text) {
    out.println(dev.maint.text.OneLine.escape(text));
  }
}
