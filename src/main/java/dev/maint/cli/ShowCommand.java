package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Redactor;
import dev.maint.exec.StepRunner;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import dev.maint.runbook.Variables;
import dev.maint.runbook.When;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maint show CADENCE}: the plan, step by step; runs nothing. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print a cadence's plan step by step. Runs nothing.")
public final class ShowCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CADENCE", description = "Cadence id, e.g. monthly.")
  String cadenceId;

  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  ShowCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = runbook.cadence(cadenceId).orElseThrow(() -> MaintException.usage(
        "no cadence '" + cadenceId + "' (have: "
            + String.join(", ", runbook.cadences().stream().map(Cadence::id).toList()) + ")"));
    Variables variables = sessionOptions.variables(runbook, context);
    StepRunner describer = new StepRunner(sessionOptions.probeContext(context), variables);
    Redactor redactor = new Redactor(variables::secrets);
    PrintWriter out = context.out();
    if (format.json()) {
      RunbookJson.show(out, runbook, cadence, s -> redactor.redact(describer.describe(s.action())));
      return ExitCode.OK;
    }
    line(out, cadence.title());
    if (!cadence.when().isEmpty()) {
      line(out, "When: " + cadence.when());
    }
    if (!cadence.prep().isEmpty()) {
      line(out, "Prep: " + cadence.prep());
    }
    line(out, "Branch: " + cadence.branch());
    int n = 0;
    int total = cadence.steps().size();
    Section current = null;
    for (Cadence.PlacedStep p : cadence.steps()) {
      if (p.section() != current) {
        current = p.section();
        out.println();
        line(out, current.id() + " " + current.title());
      }
      Step s = p.step();
      n++;
      line(out, String.format("  %3d/%d  %-7s %s  (%s)", n, total, s.kind(), s.title(), s.id()));
      String line = redactor.redact(describer.describe(s.action()));
      if (!line.isEmpty()) {
        line(out, "               " + line);
      }
      if (s.when() != When.ALWAYS) {
        line(out, "               only when " + s.when().describe());
      }
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * Prints one line whatever a title holds: a title must not add lines, reorder or recolour the
   * text around it, so a new line or escape shows as {@code \\n} or {@code \\u001b}, as the walk shows it.
   */
  private static void line(PrintWriter out, String text) {
    out.println(dev.maint.text.OneLine.escape(text));
  }
}
