package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Redactor;
import dev.maint.exec.Status;
import dev.maint.exec.StepRunner;
import dev.maint.probe.ProbeResult;
import dev.maint.report.QuickReferenceView;
import dev.maint.runbook.Action;
import dev.maint.runbook.QuickProbe;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint run NAME}: runs a quick-reference command of the runbook; a probe runs as {@code
 * maint check}. {@code maint run --list}: the commands by group.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Run a quick-reference command of the runbook by name, or list them with --list.",
      "",
      "Commands run with sh -c in --workdir, else the app_dir variable, their output shown as it comes."
          + " A command that is a probe runs as maint check instead: openssl s_client -connect HOST:PORT is"
          + " maint check tls HOST:PORT, a curl GET of an http(s) URL is maint check http URL"
          + " (docs/runbook-format.md, Quick reference)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed; or the command exited 0, or the probe passed",
      "1:the command failed or could not run, or the probe failed",
      "2:usage or runbook error (an unknown name, a variable without a value)"
    })
public final class RunCommand implements Callable<Integer> {
  /** Seconds before a command's process tree is stopped. */
  private static final int TIMEOUT_SECONDS = 600;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Quick-reference name, e.g. pnpm-audit.")
  String name;

  @Option(names = "--list", description = "List the quick-reference commands by group.")
  boolean list;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Probes: extra trusted CA certificates (PEM).")
  String caFile;

  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;

  private final CliContext context;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (list == (name != null)) {
      throw MaintException.usage("give a NAME to run, or --list");
    }
    Runbook runbook = runbookOptions.load(context);
    Variables variables = sessionOptions.variables(runbook, context);
    if (list) {
      Redactor redactor = new Redactor(variables::secrets);
      QuickReferenceView.list(context.out(), runbook.quickReference(), t -> redactor.redact(resolveOrKeep(variables, t)));
      return ExitCode.OK;
    }
    Reference.QuickCommand command = runbook.quickReference().stream().filter(c -> c.name().equals(name))
        .findFirst().orElseThrow(() -> MaintException.usage("no quick-reference command '" + name
            + "' (maint run --list shows them)"));
    Optional<QuickProbe> probe = QuickProbe.of(command.command());
    return probe.isPresent() ? check(command, probe.get(), variables) : shell(command, variables);
  }

  /** Runs the probe as {@code maint check}, with this command's runbook, addresses and output options. */
  private int check(Reference.QuickCommand command, QuickProbe probe, Variables variables) {
    List<String> checkArgs = probe.checkArguments().stream().map(a -> resolve(variables, a)).toList();
    List<String> args = new ArrayList<>(List.of("check"));
    args.addAll(checkArgs);
    Optional.ofNullable(runbookOptions.runbook).ifPresent(r -> args.addAll(List.of("--runbook", r.toString())));
    sessionOptions.resolve.forEach(r -> args.addAll(List.of("--resolve", r)));
    // The nested check resolves the same variables, and so learns the same secrets to mask.
    args.addAll(List.of("--env", variables.environment()));
    sessionOptions.set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    Optional.ofNullable(caFile).ifPresent(f -> args.addAll(List.of("--ca-file", f)));
    if (output.verbose) {
      args.add("-v");
    }
    if (output.quiet) {
      args.add("-q");
    }
    if (output.noColor) {
      args.add("--no-color");
    }
    context.out().println(new Redactor(variables::secrets).redact(
        command.name() + " is a " + probe.kind() + " probe: maint check " + String.join(" ", checkArgs)));
    context.out().flush();
    return Cli.run(context, args.toArray(String[]::new));
  }

  /** Runs the command with {@code sh -c}, its output streamed. */
  private int shell(Reference.QuickCommand command, Variables variables) {
    Redactor redactor = new Redactor(variables::secrets);
    Action.Run run = new Action.Run(command.command(), List.of(0), TIMEOUT_SECONDS, Optional.empty(), Optional.empty(),
        Map.of(), Optional.empty(), Optional.empty());
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables);
    if (!output.quiet) {
      context.out().println(redactor.redact(runner.describe(run)));
      context.out().flush();
    }
    ProbeResult result = runner.run(run, (line, stderr) -> {
      (stderr ? context.err() : context.out()).println(redactor.redact(line));
      (stderr ? context.err() : context.out()).flush();
    }, () -> false);
    Status status = Status.of(result.verdict());
    if (status.failsRun(false)) {
      context.err().println("maint: " + command.name() + ": " + redactor.redact(result.reason()));
      context.err().flush();
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  private static String resolve(Variables variables, String template) {
    try {
      return variables.resolve(template);
    } catch (Variables.UnresolvedException e) {
      throw MaintException.usage(e.getMessage());
    }
  }

  private static String resolveOrKeep(Variables variables, String template) {
    try {
      return variables.resolve(template);
    } catch (Variables.UnresolvedException e) {
      return template;
    }
  }
}
