package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.report.ReferenceView;
import dev.maint.report.RunbookJson;
import dev.maint.run.EmergencyResponse;
import dev.maint.runbook.Runbook;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint emergency}: the emergency triggers with their responses and SLAs; {@code maint
 * emergency TRIGGER}: walk that response like a cadence, with its deadline shown and recorded.
 */
@Command(name = "emergency", mixinStandardHelpOptions = true,
    description = {
      "List the emergency triggers, or walk one's response with its SLA deadline.",
      "",
      "Without TRIGGER: list the runbook's emergency triggers with their response and SLA, and the"
          + " cadence-choice table (--format json: docs/report-format.md).",
      "With TRIGGER: walk that emergency's response step by step like a cadence (same keys and options),"
          + " showing the deadline (start + SLA) in each step header, and commit the run to"
          + " maintenance/YYYY-MM with the trigger, the deadline and whether it was met.",
      "SLA 'immediate': the deadline is the start. SLA 'provider': an interactive walk asks for the"
          + " provider's deadline; give it with --deadline otherwise. A resumed response keeps its deadline"
          + " (--deadline changes a provider's)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed; or walked, and nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error (an unknown trigger, a provider deadline missing), or the log cannot be"
          + " committed or pushed",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)"
    })
public final class EmergencyCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TRIGGER", description = "Emergency id, e.g. critical-cve.")
  String trigger;

  @Option(names = "--deadline", paramLabel = "YYYY-MM-DDTHH:MM", converter = DateOptions.DateTime.class,
      description = "The provider's deadline, in the runbook's time zone (for SLA 'provider' only).")
  LocalDateTime deadline;

  @Mixin WalkCommand walk;

  private final CliContext context;

  EmergencyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (trigger == null) {
      if (deadline != null) {
        throw MaintException.usage("--deadline needs a TRIGGER");
      }
      Runbook runbook = walk.runbookOptions.load(context);
      if (walk.reportOptions.json()) {
        RunbookJson.emergencies(context.out(), runbook);
      } else {
        ReferenceView.emergencies(context.out(), runbook);
      }
      return ExitCode.OK;
    }
    return walk.walk(new EmergencyResponse(trigger, Optional.ofNullable(deadline),
        walk.mode().unattended() && !walk.resume(), walk.display()::println));
  }
}
