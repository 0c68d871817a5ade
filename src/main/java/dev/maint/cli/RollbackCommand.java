package dev.maint.cli;

import dev.maint.run.Procedure;
import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.report.ReferenceView;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Reference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint rollback}: the rollback procedures; {@code maint rollback NAME}: walk one like a
 * cadence, recorded like any run.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = {
      "List the rollback procedures, or walk one.",
      "",
      "Without NAME: list the runbook's rollback procedures (--format json: docs/report-format.md).",
      "With NAME (application, database, infrastructure in the seed): walk the procedure step by step like"
          + " a cadence (same keys and options) and commit the run to maintenance/YYYY-MM.",
      "The service to roll back is the runbook variable 'service': --service NAME or --set service=NAME."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed; or walked, and nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error (an unknown procedure), or the log cannot be committed or pushed",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)"
    })
public final class RollbackCommand implements Callable<Integer> {
  /** The runbook variable naming the service a rollback acts on. */
  static final String SERVICE = "service";

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Rollback id, e.g. application.")
  String name;

  @Option(names = "--service", paramLabel = "NAME", description = "The service to roll back (sets the variable 'service').")
  String service;

  @Mixin WalkCommand walk;

  private final CliContext context;

  RollbackCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (name == null) {
      Runbook runbook = walk.runbookOptions.load(context);
      if (walk.reportOptions.json()) {
        RunbookJson.rollbacks(context.out(), runbook);
      } else {
        ReferenceView.rollbacks(context.out(), runbook);
      }
      return ExitCode.OK;
    }
    return walk.walk(Procedure.of("rollback " + name, runbook -> runbook.rollbacks().stream()
        .filter(r -> r.id().equals(name)).findFirst()
        .map(Reference.Rollback::asCadence)
        .orElseThrow(() -> MaintException.usage("no rollback '" + name + "' (have: "
            + String.join(", ", runbook.rollbacks().stream().map(Reference.Rollback::id).toList()) + ")"))),
        service == null ? java.util.Map.of() : java.util.Map.of(SERVICE, service));
  }
}
