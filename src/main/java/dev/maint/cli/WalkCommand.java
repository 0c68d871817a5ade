package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.StepRunner;
import dev.maint.exec.Walker;
import dev.maint.probe.ProbeContext;
import dev.maint.record.Operator;
import dev.maint.report.Reports;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.Style;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Walks one cadence ({@code maint monthly}) and commits the log entry. The same class serves
 * every cadence; the cadence id is the command's name. It checks the options and resolves them
 * into a {@link WalkPlan}, which {@link LockedWalk} walks.
 */
@Command(
    description = "Walk this cadence of the runbook step by step, then commit the log entry.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nOutput:%n",
    footer = {
      "Standard output shows the walk and a summary table: colour only on a terminal, and never "
          + "with NO_COLOR or --no-color; piped, it holds no escape sequences. -q shows only problems, "
          + "-v adds each step's evidence. With --format json, standard output holds the JSON report "
          + "alone (docs/report-format.md) and the walk goes to standard error. Each run also writes "
          + "a log file (--log-dir). See docs/exit-codes.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error, or the log entry or a report cannot be written or pushed",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)",
      "70:internal error (a bug in maint; run with -v for the stack trace)"
    })
public final class WalkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;
  @Mixin SelectionOptions selectionOptions;
  @Mixin ReportOptions reportOptions;
  @Mixin SignalOptions signalOptions;

  @Option(names = "--non-interactive", description = "Run unattended: automated steps run, manual steps are recorded as manual.")
  boolean nonInteractive;

  @Option(names = "--operator", paramLabel = "\"NAME <MAIL>\"", description = "Who runs the session (default: git config user.name/user.email).")
  String operator;

  @Option(names = "--repo", paramLabel = "DIR", description = "Git repository that receives the log entry, or a folder inside it (default: the current directory's).")
  Path repo;

  @Option(names = "--no-commit", description = "Do not commit a log entry (see --record-dir to keep the record).")
  boolean noCommit;

  @Option(names = "--push", arity = "0..1", fallbackValue = "origin", paramLabel = "REMOTE",
      description = "Push the branch to REMOTE (default: origin) through the git command; never forces.")
  String push;

  @Option(names = "--record-dir", paramLabel = "DIR",
      description = "Also write the JSON record file into DIR, created with its parents when missing "
          + "(with --no-commit, the only copy).")
  Path recordDir;

  @Mixin FailOnOption failOn;

  @Option(names = "--resume", description = "Resume the unfinished session of this cadence without asking.")
  boolean resume;

  @Option(names = "--restart", description = "Abandon an unfinished session of this cadence and start over.")
  boolean restart;

  @Option(names = "--yes", description = "Run commands marked confirm: true without asking, unattended runs too"
      + " (without it --non-interactive records them as manual); noted 'confirmed by --yes'. Never in a --dry-run.")
  boolean yes;

  @Option(names = "--no-reason", description = "Allow skipping or failing a step without giving a reason.")
  boolean noReason;

  @Option(names = "--full", description = "In a light month (December), walk every section, not only the light ones.")
  boolean full;

  @Option(names = "--outside-window", description = "Do steps outside their maintenance window without asking"
      + " (else an interactive walk asks and a non-interactive run records them skipped).")
  boolean outsideWindow;

  private final CliContext context;
  private final String cadenceId;

  WalkCommand(CliContext context, String cadenceId) {
    this.context = context;
    this.cadenceId = cadenceId;
  }

  /** The walk options and machinery, mixed into {@code emergency} and {@code rollback}. */
  WalkCommand(CliContext context) {
    this(context, null);
  }

  @Override
  public Integer call() {
    return walk(Procedure.cadence(cadenceId));
  }

  /** Walks {@code what} with this command's options: a cadence, an emergency response or a rollback. */
  Integer walk(Procedure what) {
    boolean failOnWarn = failOn.warn();
    if (resume && restart) {
      throw MaintException.usage("--resume and --restart exclude each other");
    }
    if (push != null && noCommit) {
      throw MaintException.usage("--push needs a commit to push: drop --no-commit");
    }
    boolean dryRun = selectionOptions.dryRun;
    // A dry run changes nothing, so it commits no log entry either.
    boolean commit = !noCommit && !dryRun;
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = what.cadence(runbook);
    List<Cadence.PlacedStep> selected = lightCycle(runbook, cadence, selectionOptions.selection().apply(cadence));
    if (selected.isEmpty()) {
      throw MaintException.usage("no step of " + cadence.id() + " is selected: check --only, --skip and --start-at");
    }
    Variables variables = sessionOptions.variables(runbook, context);
    warnShortSecrets(variables);
    Redactor redactor = new Redactor(variables::secrets);
    List<Cadence.PlacedStep> steps = redactor.shown(selected, variables);
    // Checked now, so a mistyped --resolve, --workdir or app_dir stops before any session exists.
    ProbeContext probes = sessionOptions.probeContext(context);
    new StepRunner(probes, variables).checkWorkdirs(steps.stream().map(Cadence.PlacedStep::step)
        .filter(s -> !dryRun || Walker.runsInDryRun(s)).toList());
    Path repoDir = RepoOption.resolve(context, repo);
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    boolean unattended = nonInteractive || dryRun;
    if (!unattended && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Reports reports = reportOptions.reports(context);
    reports.preflight();
    SignalOptions.AfterWalk afterWalk = signalOptions.afterWalk(context);
    Style style = reportOptions.json() ? new Style(false) : output.style(context);
    WalkPlan plan = new WalkPlan(what, runbook, cadence, steps, variables, probes, redactor, repoDir,
        who, sessionOptions.settingsDigest(runbook),
        new WalkPlan.Options(unattended, SessionOpener.Mode.of(resume, restart),
            new Walker.Options(!noReason, dryRun, yes), outsideWindow, failOnWarn),
        new WalkPlan.Commit(commit, Optional.ofNullable(push),
            Optional.ofNullable(recordDir).map(d -> context.cwd().resolve(d).normalize()), !nonInteractive),
        new WalkPlan.Output(display(), style, output.style(context).colour(), output.verbosity(), reportOptions.json(),
            reports, reportOptions.logDirectory(context), selectionOptions.describe()));
    // The one place a walk's end reaches alerting: after the walk is recorded, whatever its outcome.
    return afterWalk.signal(plan, LockedWalk.run(context, plan));
  }

  /**
   * One line on standard error for each secret shorter than {@link Redactor#SHORT_SECRET}
   * characters: it is masked wherever it occurs, in words and names too. The value is never shown.
   */
  private void warnShortSecrets(Variables variables) {
    for (Variables.NamedSecret s : variables.secretsShorterThan(Redactor.SHORT_SECRET)) {
      String what = s.fromEnvironment() ? "environment variable " : "secret variable ";
      String units = s.length() == 1 ? " character" : " characters";
      context.err().println("maint: warning: the value of " + what + s.name() + " is only " + s.length() + units
          + " long: every occurrence of it in output, notes and reasons shows as " + Redactor.MASK);
    }
  }

  /**
   * In a light month (December in the seed) only the light sections are walked, unless {@code
   * --full}; the operator is told which.
   */
  private List<Cadence.PlacedStep> lightCycle(Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> selected) {
    int month = context.clock().instant().atZone(runbook.timezone()).getMonthValue();
    if (full || !runbook.lightCycle(cadence.id(), month)) {
      return selected;
    }
    List<Cadence.PlacedStep> light = cadence.lightSteps();
    display().println("This month's " + cadence.id() + " cycle is light (security patches only): walking sections "
        + String.join(", ", light.stream().map(p -> p.section().id()).distinct().toList())
        + "; --full walks every section.");
    return selected.stream().filter(light::contains).toList();
  }

  /** Where the walk and the summary are shown: standard output, or standard error under --format json. */
  PrintWriter display() {
    return reportOptions.json() ? context.err() : context.out();
  }
}
