package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.runbook.Runbook;
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
    description = "Check a runbook; the first problem is printed as FILE:LINE:COLUMN: message "
        + "(fix it and run again to find the next).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the runbook is valid", "2:the runbook is invalid or missing"})
public final class ValidateCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "Runbook to check (default: as for --runbook).")
  Path file;

  @Mixin RunbookOptions runbookOptions;
  @Mixin OutputOptions output;

  private final CliContext context;

  ValidateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = file != null
        ? RunbookLoader.load(context.cwd().resolve(file), file.toString())
        : runbookOptions.load(context);
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
