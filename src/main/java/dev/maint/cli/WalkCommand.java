package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Start;
import dev.maint.exec.StepRunner;
import dev.maint.probe.ProbeContext;
import dev.maint.record.Operator;
import dev.maint.record.RunRecord;
import dev.maint.report.Reports;
import dev.maint.run.Procedure;
import dev.maint.run.Resumption;
import dev.maint.run.RunSync;
import dev.maint.run.RunPlan;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.Style;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.PersonIdent;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Walks one cadence ({@code maint monthly}) and commits the log entry. The same class serves
 * every cadence; the cadence id is the command's name. It checks the options and resolves them
 * into a {@link RunPlan}; {@link WalkView} walks it as a {@link dev.maint.run.Run} and shows it.
 */
@Command(
    description = "Walk this cadence of the runbook step by step, then commit the log entry.",
    mixinStandardHelpOptions = true,
    footerHeading = "%nOutput:%n",
    footer = {
      "A walk opens with what it will touch (runbook, environment, record, operator, overrides) and warns when "
          + "production is only the runbook's default or the record goes into maint's own checkout. "
          + "Standard output shows the walk and a summary table: colour only on a terminal, and never "
          + "with NO_COLOR or --no-color; piped, it holds no escape sequences. -q shows only problems "
          + "(and those warnings), "
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
  /** The command mixing this one in (emergency, rollback, walk); null when this is the command. */
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  /**
   * Where the environment of a resumed session was chosen when it began, once {@link
   * #resumeAsStarted} took it from the session; null when the environment did not come from there.
   */
  private Optional<String> resumedChoice;
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

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trusted CA certificates (PEM) for the"
      + " tls and http steps that name no ca_file, besides the system store.")
  Path caFile;

  @Mixin FailOnOption failOn;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  SessionChoice sessionChoice = new SessionChoice();

  /**
   * What to do with an unfinished session: one of {@code --resume} and {@code --restart}, or
   * neither (then an interactive walk asks). picocli refuses both while parsing (exit 2).
   */
  static final class SessionChoice {
    @Option(names = "--resume", description = "Resume the unfinished session of this cadence without asking.")
    boolean resume;

    @Option(names = "--restart", description = "Abandon an unfinished session of this cadence and start over.")
    boolean restart;
  }

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
    SignalOptions.AfterWalk afterWalk = signalOptions.afterWalk(context);
    RunPlan plan = plan(what);
    // The one place a walk's end reaches alerting: after the run is recorded, whatever its outcome.
    return afterWalk.signal(plan, WalkView.walk(context, plan, display(), style(), output.style(context).colour(),
        output.verbosity(), reportOptions.json()));
  }

  /** Whether {@code --resume} was given. */
  boolean resume() {
    return sessionChoice.resume;
  }

  /** Checks the options and resolves them into the plan of a run; nothing is opened or started yet. */
  private RunPlan plan(Procedure what) {
    boolean resume = sessionChoice.resume;
    boolean restart = sessionChoice.restart;
    if (push != null && noCommit) {
      throw MaintException.usage("--push needs a commit to push: drop --no-commit");
    }
    RunPlan.Mode mode = selectionOptions.dryRun ? RunPlan.Mode.DRY_RUN
        : nonInteractive ? RunPlan.Mode.UNATTENDED : RunPlan.Mode.INTERACTIVE;
    if (resume && mode.keepsSession()) {
      // The runs on the repository's refs (and the remote's first), so a run another operator
      // began can be continued here, also from another state folder on this clone.
      Path here = RepoOption.resolve(context, repo);
      RunSync.pull(new SessionStore(SessionStore.defaultStateDir(context.env())), here, Optional.ofNullable(push),
          context.env(), !nonInteractive, Operator.resolve(Optional.ofNullable(operator), here))
          .forEach(display()::println);
    }
    if (resume && mode.keepsSession()) {
      resumeAsStarted(what);
    }
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = what.cadence(runbook);
    List<Cadence.PlacedStep> selected = selectionOptions.selection().apply(cadence);
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
        .filter(mode::carriesOut).toList());
    Path repoDir = RepoOption.resolve(context, repo);
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    if (!mode.unattended() && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Reports reports = reportOptions.reports(context);
    reports.preflight();
    boolean commit = !noCommit && mode.keepsSession();
    // The configuration files' set: values are kept as if given with --set: a resume from a folder
    // outside the repository reads no project file and must still walk with them. They hold no
    // secret (a secret variable's value there is an ${env:NAME} reference).
    Map<String, String> plainSet = new LinkedHashMap<>(sessionOptions.configSet());
    List<String> secretSet = new ArrayList<>();
    sessionOptions.set.forEach((name, value) -> {
      if (runbook.variables().containsKey(name) && runbook.variables().get(name).secret()) {
        plainSet.remove(name);
        secretSet.add(name);
      } else {
        plainSet.put(name, value);
      }
    });
    Optional<Path> ca = caFile();
    Optional<String> environmentChosen = environmentChosen();
    Start start = new Start(what.command(), runbookOptions.file(context).map(Path::toString).orElse(null), plainSet,
        secretSet, sessionOptions.resolve, full, sessionOptions.workdir(context).map(Path::toString).orElse(null),
        RepoOption.lockKey(repoDir).toString(), ca.map(Path::toString).orElse(null), environmentChosen.orElse(null));
    RunPlan.Touches touches = new RunPlan.Touches(runbookOptions.file(context), environmentChosen,
        new RunRecord.Overrides(sessionOptions.setShown(runbook, redactor), sessionOptions.resolve,
            ca.map(Path::toString).orElse("")), sessionOptions.setFrom());
    return new RunPlan(what, runbook, cadence, steps, variables, probes, redactor, who,
        sessionOptions.settingsDigest(runbook), start,
        new RunPlan.Options(mode, SessionOpener.Mode.of(resume, restart), !noReason, yes, outsideWindow,
            failOn.warn()),
        new RunPlan.Where(repoDir, RepoOption.lockKey(repoDir), SessionStore.defaultStateDir(context.env()), commit,
            Optional.ofNullable(push), Optional.ofNullable(recordDir).map(d -> context.cwd().resolve(d).normalize()),
            !nonInteractive, context.clock(), context.env()),
        new RunPlan.Output(reports, reportOptions.logDirectory(context), selectionOptions.describe()), touches);
  }

  /**
   * {@code --ca-file}, absolute.
   *
   * @throws MaintException (usage) when it names no readable file, before anything starts
   */
  private Optional<Path> caFile() {
    Optional<Path> ca = Optional.ofNullable(caFile).map(f -> context.cwd().resolve(f).toAbsolutePath().normalize());
    ca.ifPresent(f -> {
      if (!java.nio.file.Files.isRegularFile(f) || !java.nio.file.Files.isReadable(f)) {
        throw MaintException.usage("--ca-file " + caFile + ": no such readable file");
      }
    });
    return ca;
  }

  /**
   * Where the environment was chosen: {@code --env} on the command line, else the configuration
   * ({@code environment MAINT_ENV} or {@code FILE:LINE:COLUMN}), else, for a resumed session, where
   * it was chosen when the session began; empty when it is the runbook's default.
   */
  private Optional<String> environmentChosen() {
    if (sessionOptions.environment == null) {
      return Optional.empty();
    }
    // picocli injects the mixee only into a mixin: a cadence's command is its own.
    CommandSpec walked = mixee != null ? mixee : spec;
    if (walked.commandLine() != null && walked.commandLine().getParseResult() != null
        && walked.commandLine().getParseResult().hasMatchedOption("--env")) {
      return Optional.of("--env");
    }
    if (resumedChoice != null) {
      return resumedChoice;
    }
    return ConfigDefaults.load(context).get("env").filter(s -> s.value().equals(sessionOptions.environment))
        .map(dev.maint.config.Config.Setting::source).or(() -> Optional.of("--env"));
  }

  /**
   * Under {@code --resume}, continues the session as it was started: finds it (from any folder, by
   * the repository's identity), refuses options that contradict how it was started, and takes the
   * session's values for those not given.
   */
  private void resumeAsStarted(Procedure what) {
    SessionStore store = new SessionStore(SessionStore.defaultStateDir(context.env()));
    Optional<Path> repoKey = Optional.ofNullable(repo).map(r -> RepoOption.lockKey(RepoOption.resolve(context, r)));
    Resumption.find(store, what.command(), repoKey, RepoOption.lockKey(RepoOption.resolve(context, null)))
        .ifPresent(found -> {
          // A value a configuration file or MAINT_* supplied is a default, not an option given: on
          // resume the session's own value wins over it (another folder may read other files).
          picocli.CommandLine.ParseResult parsed = (mixee != null ? mixee : spec).commandLine().getParseResult();
          if (!parsed.hasMatchedOption("--env")) {
            sessionOptions.environment = null;
          }
          if (!parsed.hasMatchedOption("--runbook")) {
            runbookOptions.runbook = null;
          }
          // --set given now adds to the configuration's set: values in force here, as the start kept both.
          Map<String, String> givenSet = new LinkedHashMap<>();
          if (!sessionOptions.set.isEmpty()) {
            ConfigDefaults.load(context).set(name -> false).forEach((k, v) -> givenSet.put(k, v.value()));
            givenSet.putAll(sessionOptions.set);
          }
          Resumption.check(found, new Resumption.Given(runbookOptions.file(context),
              Optional.ofNullable(sessionOptions.environment), givenSet, sessionOptions.resolve, full,
              parsed.hasMatchedOption("--ca-file") ? caFile() : Optional.empty()));
          Start start = found.start();
          // Paths from another machine (a run fetched from git) may not exist here: then the defaults apply.
          if (runbookOptions.file(context).isEmpty() && start.runbook() != null
              && java.nio.file.Files.isRegularFile(Path.of(start.runbook()))) {
            runbookOptions.runbook = Path.of(start.runbook());
          }
          if (sessionOptions.environment == null) {
            sessionOptions.environment = found.environment();
            resumedChoice = Optional.ofNullable(start.environmentChosen());
          }
          if (!parsed.hasMatchedOption("--ca-file") && start.caFile() != null
              && java.nio.file.Files.isRegularFile(Path.of(start.caFile()))) {
            caFile = Path.of(start.caFile());
          }
          if (sessionOptions.set.isEmpty()) {
            sessionOptions.set.putAll(start.set());
          }
          if (sessionOptions.resolve.isEmpty()) {
            sessionOptions.resolve = start.resolve();
          }
          full = full || start.full();
          if (sessionOptions.workdir == null && start.workdir() != null
              && java.nio.file.Files.isDirectory(Path.of(start.workdir()))) {
            sessionOptions.workdir = Path.of(start.workdir());
          }
          if (repo == null && java.nio.file.Files.isDirectory(Path.of(found.repo()))) {
            repo = Path.of(found.repo());
          }
        });
  }

  private Style style() {
    return reportOptions.json() ? new Style(false) : output.style(context);
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

  /** Where the walk and the summary are shown: standard output, or standard error under --format json. */
  PrintWriter display() {
    return reportOptions.json() ? context.err() : context.out();
  }
}
