package dev.maint.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The root command: {@code maint}. Without a subcommand it shows the help. */
@Command(
    name = "maint",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Walks a maintenance runbook step by step: runs its commands and probes, records what was"
          + " done, skipped or failed, and commits a maintenance-log entry to git.",
      "",
      "The runbook is --runbook FILE, else $MAINT_RUNBOOK, else the embedded runbook (Forma3D Connect's)."
    },
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn); a probe failed; a cadence is overdue (due)",
      "2:usage or runbook error",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)",
      "70:internal error (a bug in maint; run with -v for the stack trace)"
    })
public final class MaintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final Commands commands;

  MaintCommand(Commands commands) {
    this.commands = commands;
  }

  /** Every subcommand, for what needs the whole tree. */
  Commands commands() {
    return commands;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return dev.maint.ExitCode.USAGE;
  }

  /** Registers {@code continuous}, {@code monthly}, ... as commands walking that cadence. */
  static void addCadenceCommands(Commands commands, CliContext context) {
    String[][] cadences = {
      {"continuous", "Walk the continuous cadence: automated scanning and alert triage (weekly)."},
      {"monthly", "Walk the monthly cadence: security patches and monitoring review."},
      {"quarterly", "Walk the quarterly cadence: full dependency and infrastructure update."},
      {"semi-annual", "Walk the semi-annual cadence: major upgrades and resilience testing."},
    };
    for (String[] c : cadences) {
      String[] description = {c[1], "Then commit the log entry to git."};
      commands.add(c[0], WalkCommand.class, description, () -> {
        CommandLine sub = new CommandLine(new WalkCommand(context, c[0]));
        sub.getCommandSpec().usageMessage().description(description);
        return sub;
      });
    }
  }
}
