package dev.maint.cli;

import dev.maint.run.Procedure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code maint walk CADENCE}: walks any cadence of the runbook, also those of a custom runbook
 * that the fixed commands ({@code continuous}, {@code monthly}, ...) do not name.
 */
@Command(name = "walk", mixinStandardHelpOptions = true,
    description = "Walk any cadence of the runbook by its id (the same as 'maint monthly' for monthly).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error, or the log entry or a report cannot be written or pushed",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)",
      "70:internal error (a bug in maint; run with -v for the stack trace)"
    })
public final class WalkAnyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CADENCE", description = "Cadence id, as 'maint list' shows it.")
  String cadence;

  @Mixin WalkCommand walk;

  @Override
  public Integer call() {
    return walk.walk(Procedure.cadence(cadence, "walk " + cadence));
  }
}
