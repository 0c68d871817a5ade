package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Answer;
import dev.maint.exec.ParallelChecks;
import dev.maint.exec.Redactor;
import dev.maint.exec.Status;
import dev.maint.exec.ShownCommand;
import dev.maint.exec.StepRunner;
import dev.maint.probe.ProbeResult;
import dev.maint.report.QuickReferenceView;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Action;
import dev.maint.runbook.QuickProbe;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.text.ControlCharacters;
import dev.maint.text.OneLine;
import dev.maint.ui.TerminalPrompter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint run NAME}: runs a quick-reference command of the runbook, asking first when it is
 * marked {@code confirm: true}; a probe runs as {@code maint check}. {@code maint run --list}: the
 * commands by group.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
      "Run a quick-reference command of the runbook by name, or list them with --list.",
      "",
      "--format json: with --list, the commands as JSON; with a probe's NAME, the maint check JSON"
          + " (docs/report-format.md). A shell command has no JSON form.",
      "",
      "Commands run with sh -c in --workdir, else the app_dir variable, their output shown as it comes."
          + " A command that is a probe runs as maint check instead: openssl s_client -connect HOST:PORT is"
          + " maint check tls HOST:PORT, a curl GET of an http(s) URL is maint check http URL"
          + " (docs/runbook-format.md, Quick reference).",
      "",
      "A command marked confirm: true (it changes things) asks y/N on the terminal first; without a terminal"
          + " it is refused unless --yes is given."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed; or the command exited 0, or the probe passed; or the operator chose not to run it",
      "1:the command failed or could not run, or the probe failed",
      "2:usage or runbook error (an unknown name, a variable without a value, a command to confirm"
          + " without a terminal or --yes)",
      "130:interrupted at the question; nothing was run"
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

  @Option(names = "--yes", description = "Run a command marked confirm: true without asking (scripts: standard input is not a terminal).")
  boolean yes;

  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;
  @Mixin FormatOption format;

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
      UnaryOperator<String> shown = t -> redactor.redact(resolveOrKeep(variables, t));
      if (format.json()) {
        RunbookJson.quickReference(context.out(), runbook.quickReference(), shown);
      } else {
        QuickReferenceView.list(context.out(), runbook.quickReference(),
            c -> redactor.redact(OneLine.escape(ShownCommand.of(c, variables))), shown);
      }
      return ExitCode.OK;
    }
    Reference.QuickCommand command = runbook.quickReference().stream().filter(c -> c.name().equals(name))
        .findFirst().orElseThrow(() -> MaintException.usage("no quick-reference command '" + name
            + "' (maint run --list shows them)"));
    Optional<QuickProbe> probe = QuickProbe.of(command.command());
    if (format.json() && probe.isEmpty()) {
      throw MaintException.usage("--format json: " + name + " is a shell command, whose output is its own;"
          + " JSON is for --list and for probes");
    }
    return probe.isPresent() ? check(command, probe.get(), variables) : shell(command, variables);
  }

  /**
   * Runs the probe as {@code maint check KIND TARGET} does, with this command's variables (whose
   * secrets are masked), addresses ({@code --resolve}), CAs and output options.
   */
  private int check(Reference.QuickCommand command, QuickProbe probe, Variables variables) {
    List<String> checkArgs = probe.checkArguments().stream().map(a -> resolve(variables, a)).toList();
    Redactor redactor = new Redactor(variables::secrets);
    // Under --format json standard output holds the check's JSON alone; the line for a person goes to standard error.
    java.io.PrintWriter display = format.json() ? context.err() : context.out();
    display.println(redactor.redact(
        command.name() + " is a " + probe.kind() + " probe: maint check " + String.join(" ", checkArgs)));
    display.flush();
    Optional<String> ca = Optional.ofNullable(caFile);
    CheckCommand.checkCaFile(context, ca);
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables,
        ca.map(f -> context.cwd().resolve(f)));
    ParallelChecks.Check check = CheckCommand.adHoc(context, CheckCommand.Kind.valueOf(probe.kind()),
        resolve(variables, probe.target()), CheckCommand.ProbeOptions.defaults(
            probe.name().map(n -> resolve(variables, n)), ca), runner);
    return CheckCommand.run(context, List.of(check), 1, redactor, false, format, output);
  }

  /**
   * Runs the command with {@code sh -c}, its output streamed; one marked {@code confirm: true} only
   * once the operator said yes (or {@code --yes}).
   *
   * @throws MaintException (exit 2) when the command needs confirming and there is no terminal to
   *     ask on; (exit 130) on Ctrl-C at the question
   */
  private int shell(Reference.QuickCommand command, Variables variables) {
    boolean ask = command.confirm() && !yes;
    if (ask && context.terminal().isEmpty()) {
      throw MaintException.usage(command.name() + " changes things and standard input is not a terminal to confirm it:"
          + " pass --yes to run it");
    }
    Redactor redactor = new Redactor(variables::secrets);
    Action.Run run = new Action.Run(command.command(), List.of(0), TIMEOUT_SECONDS, Optional.empty(), Optional.empty(),
        Map.of(), Optional.empty(), Optional.empty());
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables);
    // The operator must see what the question is about, even under -q.
    if (!output.quiet() || ask) {
      context.out().println(redactor.redact(runner.describe(run)));
      context.out().flush();
    }
    if (ask && !confirmed()) {
      context.out().println("Not run.");
      context.out().flush();
      return ExitCode.OK;
    }
    // Cleaned as in a walk: a command may colour its output, never retitle or clear the terminal.
    UnaryOperator<String> clean = output.style(context).colour() ? ControlCharacters::keepColour : ControlCharacters::strip;
    ProbeResult result = runner.run(run, (line, stderr) -> {
      (stderr ? context.err() : context.out()).println(clean.apply(redactor.redact(line)));
      (stderr ? context.err() : context.out()).flush();
    }, () -> false);
    Status status = Status.of(result.verdict());
    if (status.failsRun(false)) {
      context.err().println("maint: " + command.name() + ": " + ControlCharacters.strip(redactor.redact(result.reason())));
      context.err().flush();
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }

  /** Asks on the operator's terminal whether to run a command that changes things; no by default. */
  private boolean confirmed() {
    Interruption interruption = new Interruption();
    try (Terminal terminal = context.terminal().get().get()) {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      Answer answer = new TerminalPrompter(terminal, interruption).confirm("This command changes things. Run it now? [y/N]");
      if (answer.kind() == Answer.Kind.INTERRUPTED) {
        throw new MaintException(ExitCode.INTERRUPTED, "interrupted at the question; nothing was run");
      }
      return answer.kind() == Answer.Kind.YES;
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot open the terminal: " + e.getMessage(), e);
    }
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
