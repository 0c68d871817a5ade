package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.StepRunner;
import dev.maint.exec.Walker;
import dev.maint.record.BranchName;
import dev.maint.record.CarryForward;
import dev.maint.record.Operator;
import dev.maint.record.RecordPath;
import dev.maint.record.RunRecord;
import dev.maint.record.RunRecorder;
import dev.maint.report.SummaryTable;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Prompter;
import dev.maint.ui.Style;
import dev.maint.ui.TerminalPrompter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import org.jline.terminal.Terminal;
import org.jline.utils.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Walks one cadence ({@code maint monthly}) and commits the log entry. The same class serves
 * every cadence; the cadence id is the command's name.
 */
@Command(
    description = "Walk this cadence of the runbook step by step, then commit the log entry.",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error, or the log cannot be committed or pushed",
      "130:interrupted (SIGINT/SIGTERM)"
    })
public final class WalkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;

  @Option(names = "--non-interactive", description = "Run unattended: automated steps run, manual steps are recorded as manual.")
  boolean nonInteractive;

  @Option(names = "--operator", paramLabel = "\"NAME <MAIL>\"", description = "Who runs the session (default: git config user.name/user.email).")
  String operator;

  @Option(names = "--repo", paramLabel = "DIR", description = "Git repository that receives the log entry (default: the current directory).")
  Path repo;

  @Option(names = "--no-commit", description = "Do not commit a log entry (see --record-dir to keep the record).")
  boolean noCommit;

  @Option(names = "--push", arity = "0..1", fallbackValue = "origin", paramLabel = "REMOTE",
      description = "Push the branch to REMOTE (default: origin) through the git command; never forces.")
  String push;

  @Option(names = "--record-dir", paramLabel = "DIR",
      description = "Also write the JSON record file into DIR (with --no-commit, the only copy).")
  Path recordDir;

  @Option(names = "--fail-on", paramLabel = "warn", description = "Also exit 1 when a step warns. Only 'warn' is accepted.")
  String failOn;

  private final CliContext context;
  private final String cadenceId;

  WalkCommand(CliContext context, String cadenceId) {
    this.context = context;
    this.cadenceId = cadenceId;
  }

  @Override
  public Integer call() {
    boolean failOnWarn = failOn != null;
    if (failOnWarn && !failOn.equals("warn")) {
      throw MaintException.usage("--fail-on accepts only 'warn'");
    }
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = runbook.cadence(cadenceId).orElseThrow(() -> MaintException.usage(
        "the runbook " + runbook.source() + " has no cadence '" + cadenceId + "'"));
    Variables variables = sessionOptions.variables(runbook, context);
    Path repoDir = context.cwd().resolve(repo == null ? Path.of(".") : repo).normalize();
    LocalDate today = context.clock().instant().atZone(runbook.timezone()).toLocalDate();
    String branch = BranchName.of(cadence.branch(), today);
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    if (push != null && noCommit) {
      throw MaintException.usage("--push needs a commit to push: drop --no-commit");
    }
    String sessionId = UUID.randomUUID().toString().substring(0, 8);
    RunRecorder recorder = new RunRecorder(runbook, cadence, new RunRecorder.Plan(
        repoDir, branch, RecordPath.of(runbook.log().records(), today, cadence.id(), sessionId), !noCommit,
        Optional.ofNullable(push), Optional.ofNullable(recordDir).map(d -> context.cwd().resolve(d).normalize()),
        who, context.env(), !nonInteractive));
    recorder.preflight();
    if (!nonInteractive && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Optional<RunRecord> previous = recorder.previousRun();
    List<RunRecord.CarriedItem> open = previous.map(CarryForward::open).orElse(List.of());
    Session session = new Session(
        sessionId, runbook.id(), runbook.version(),
        runbook.sha256(), cadence.id(), variables.environment(), Operator.format(who),
        context.clock().instant(), cadence.steps().stream().map(p -> p.step().id()).toList());
    Redactor redactor = new Redactor(variables::secrets);
    Interruption interruption = new Interruption();
    Style style = output.style(context);
    PrintWriter out = context.out();
    ConsoleRenderer labels = new ConsoleRenderer(out, style, output.verbosity());
    boolean acknowledged = false;
    if (nonInteractive) {
      previous.ifPresent(p -> labels.openItems(p, open));
      walkUnattended(session, cadence, variables, redactor, interruption, style, runbook);
    } else {
      acknowledged = walkWithTerminal(session, cadence, variables, redactor, interruption, runbook, previous, open);
    }
    SummaryTable.print(out, session, labels::statusName, output.quiet);
    if (!session.results().isEmpty()) {
      RunRecorder.Written written = recorder.record(session, redactor, previous, acknowledged, open);
      written.recordFile().ifPresent(f -> out.println("Record written to " + f));
      written.committed().ifPresent(c -> out.println("Log entry committed to " + c.branch() + " as " + c.commitId()
          + (c.createdBranch() ? " (new branch)" : "") + (c.workTreeUpdated() ? " (work tree updated)" : "")));
      out.flush();
      recorder.push().ifPresent(p -> out.println("Pushed " + p.branch() + " to " + p.remote()
          + (p.reapplied() > 0 ? " (the remote had moved on: re-applied on top of it)" : "")));
    }
    out.flush();
    if (session.interrupted()) {
      return ExitCode.INTERRUPTED;
    }
    return session.failed(failOnWarn) ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }

  private void walkUnattended(Session session, Cadence cadence, Variables variables, Redactor redactor,
      Interruption interruption, Style style, Runbook runbook) {
    Object intHandler = null;
    Object termHandler = null;
    if (context.systemSignals()) {
      intHandler = Signals.register("INT", interruption::terminate);
      termHandler = Signals.register("TERM", interruption::terminate);
    }
    try {
      walker(session, cadence, variables, redactor, interruption,
          new ConsoleRenderer(context.out(), style, output.verbosity()), runbook).walkUnattended();
    } finally {
      Signals.unregister("INT", intHandler);
      Signals.unregister("TERM", termHandler);
    }
  }

  /** Walks with the operator; returns whether they acknowledged the previous run's open items. */
  private boolean walkWithTerminal(Session session, Cadence cadence, Variables variables, Redactor redactor,
      Interruption interruption, Runbook runbook, Optional<RunRecord> previous, List<RunRecord.CarriedItem> open) {
    try (Terminal terminal = context.terminal().get().get()) {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      Object termHandler = context.systemSignals() ? Signals.register("TERM", interruption::terminate) : null;
      try {
        boolean colour = output.style(context).colour() && !Terminal.TYPE_DUMB.equals(terminal.getType());
        ConsoleRenderer renderer = new ConsoleRenderer(terminal.writer(), new Style(colour), output.verbosity());
        TerminalPrompter prompter = new TerminalPrompter(terminal, interruption);
        previous.ifPresent(p -> renderer.openItems(p, open));
        if (!open.isEmpty()) {
          try {
            prompter.ask("Press Enter to acknowledge them and start the walk: ");
          } catch (Prompter.PromptInterruptedException e) {
            session.end(context.clock().instant(), true, false);
            return false;
          }
        }
        walker(session, cadence, variables, redactor, interruption, renderer, runbook).walkInteractive(prompter);
        return !open.isEmpty();
      } finally {
        Signals.unregister("TERM", termHandler);
        terminal.writer().flush();
      }
    } catch (java.io.IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot open the terminal: " + e.getMessage(), e);
    }
  }

  private Walker walker(Session session, Cadence cadence, Variables variables, Redactor redactor,
      Interruption interruption, ConsoleRenderer renderer, Runbook runbook) {
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables);
    return new Walker(session, cadence.steps(), runner, renderer, redactor, interruption,
        context.clock(), runbook.timezone());
  }
}
