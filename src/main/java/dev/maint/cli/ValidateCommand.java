package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookException;
import dev.maint.runbook.RunbookLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code maint validate [FILE]}: checks a runbook and reports the first problem as FILE:LINE:COLUMN. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {"Check a runbook; the first problem is printed as FILE:LINE:COLUMN: message "
        + "(fix it and run again to find the next).",
      "--format json prints the verdict as JSON, valid or not (docs/report-format.md)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the runbook is valid", "2:the runbook is invalid or missing"})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Runbook to check (default: as for --runbook).")
  Path file;

  @Mixin RunbookOptions runbookOptions;
  @Mixin OutputOptions output;
  @Mixin FormatOption format;

  private final CliContext context;

  ValidateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook;
    try {
      runbook = file != null
          ? RunbookLoader.load(context.cwd().resolve(file), file.toString())
          : runbookOptions.load(context);
    } catch (RunbookException e) {
      // For a script the problem is the answer: it gets it as JSON too, and the exit code stays 2.
      if (format.json()) {
        RunbookJson.invalid(context.out(), e.position(), e.getMessage());
      }
      throw e;
    }
    if (format.json()) {
      RunbookJson.valid(context.out(), runbook);
      return ExitCode.OK;
    }
    long steps = runbook.cadences().stream().mapToLong(c -> c.steps().size()).sum();
    context.out().println(runbook.source() + ": valid (" + count(runbook.cadences().size(), "cadence") + ", "
        + count(steps, "cadence step") + ", " + count(runbook.emergencies().size(), "emergency procedure") + ", "
        + count(runbook.rollbacks().size(), "rollback") + ")");
    context.out().flush();
    return ExitCode.OK;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
