package dev.maint.cli;

import dev.maint.ExitCode;
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

  private final CliContext context;

  ListCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    PrintWriter out = context.out();
    out.println(runbook.title() + (runbook.version().isEmpty() ? "" : " (version " + runbook.version() + ")"));
    for (Cadence c : runbook.cadences()) {
      out.println();
      out.println(c.id() + " — " + c.title() + " [" + c.steps().size() + " steps]");
      if (!c.frequency().isEmpty()) {
        out.println("  " + c.frequency() + (c.duration().isEmpty() ? "" : ", typically " + c.duration()));
      }
      c.sections().forEach(s -> printSection(out, s, 1));
    }
    out.flush();
    return ExitCode.OK;
  }

  private static void printSection(PrintWriter out, Section s, int depth) {
    out.println("  ".repeat(depth) + s.id() + " " + s.title() + " (" + s.steps().size() + ")");
    s.sections().forEach(sub -> printSection(out, sub, depth + 1));
  }
}
