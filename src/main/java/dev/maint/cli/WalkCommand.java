package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Journal;
import dev.maint.exec.Prompter;
import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.SessionLock;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.SessionStore;
import dev.maint.exec.StepRunner;
import dev.maint.exec.WalkListener;
import dev.maint.exec.Walker;
import dev.maint.exec.WindowGate;
import dev.maint.log.RunLog;
import dev.maint.probe.ProbeContext;
import dev.maint.record.BranchName;
import dev.maint.record.CarryForward;
import dev.maint.record.Operator;
import dev.maint.record.RecordException;
import dev.maint.record.RecordPath;
import dev.maint.record.RunRecord;
import dev.maint.record.RunRecorder;
import dev.maint.report.ReportFormat;
import dev.maint.report.Reports;
import dev.maint.report.RunReport;
import dev.maint.report.SummaryTable;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.schedule.Deadline;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Style;
import dev.maint.ui.TerminalPrompter;
import dev.maint.ui.Verbosity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
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
  private Procedure procedure;
  private Optional<Deadline> deadline = Optional.empty();

  WalkCommand(CliContext context, String cadenceId) {
    this.context = context;
    this.cadenceId = cadenceId;
  }

  /** The walk options and machinery, mixed into {@code emergency} and {@code rollback}. */
  WalkCommand(CliContext context) {
    this(context, null);
  }

  /**
   * What records the session: its recorder, and the previous run's open items to carry forward.
   *
   * @param recorder writes the record and commits the log entry
   * @param previous the previous run of the cadence, if any
   * @param open what it left open
   */
  private record Recording(RunRecorder recorder, Optional<RunRecord> previous, List<RunRecord.CarriedItem> open) {}

  /**
   * What one walk needs besides the display.
   *
   * @param steps the selected steps, in walking order
   */
  private record Walk(
      Session session, List<Cadence.PlacedStep> steps, Variables variables, ProbeContext probes,
      Redactor redactor, Runbook runbook, Interruption interruption, SessionStore store, Path repoDir) {}

  @Override
  public Integer call() {
    return walk(Procedure.cadence(cadenceId));
  }

  /** Walks {@code what} with this command's options: a cadence, an emergency response or a rollback. */
  Integer walk(Procedure what) {
    this.procedure = what;
    boolean failOnWarn = failOn.warn();
    if (resume && restart) {
      throw MaintException.usage("--resume and --restart exclude each other");
    }
    if (push != null && noCommit) {
      throw MaintException.usage("--push needs a commit to push: drop --no-commit");
    }
    // A dry run changes nothing, so it commits no log entry either.
    noCommit |= selectionOptions.dryRun;
    Runbook runbook = runbookOptions.load(context);
    Cadence cadence = procedure.cadence(runbook);
    List<Cadence.PlacedStep> selected = lightCycle(runbook, cadence, selectionOptions.selection().apply(cadence));
    if (selected.isEmpty()) {
      throw MaintException.usage("no step of " + cadence.id() + " is selected: check --only, --skip and --start-at");
    }
    Variables variables = sessionOptions.variables(runbook, context);
    List<Cadence.PlacedStep> steps = shown(selected, variables);
    // Checked now, so a mistyped --resolve, --workdir or app_dir stops before any session exists.
    ProbeContext probes = sessionOptions.probeContext(context);
    new StepRunner(probes, variables).checkWorkdirs(steps.stream().map(Cadence.PlacedStep::step)
        .filter(s -> !selectionOptions.dryRun || Walker.runsInDryRun(s)).toList());
    Path repoDir = context.cwd().resolve(repo == null ? Path.of(".") : repo).normalize();
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    boolean unattended = nonInteractive || selectionOptions.dryRun;
    if (!unattended && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Reports reports = reportOptions.reports(context);
    reports.preflight();
    Path stateDir = SessionStore.defaultStateDir(context.env());
    SessionStore store = new SessionStore(stateDir);
    Style style = reportOptions.json() ? new Style(false) : output.style(context);
    PrintWriter out = display();
    ConsoleRenderer labels = new ConsoleRenderer(out, style, output.verbosity());
    boolean dryRun = selectionOptions.dryRun;
    // A dry run changes nothing and is not a session: it needs no lock and leaves no session file.
    try (SessionLock lock = dryRun ? null : SessionLock.acquire(stateDir, cadence.id(), repoDir, context.clock().instant())) {
      Redactor redactor = new Redactor(variables::secrets);
      Interruption interruption = new Interruption();
      Session session;
      Recording recording;
      if (unattended) {
        session = dryRun ? SessionOpener.fresh(request(runbook, cadence, steps, variables, who, repoDir))
            : openSession(store, runbook, cadence, steps, variables, who, repoDir, Optional.empty());
        keepDeadline(runbook, session, Optional.empty());
        recording = recording(runbook, cadence, session, who, repoDir);
        recording.previous().ifPresent(p -> labels.openItems(p, recording.open()));
        walkUnattended(new Walk(session, steps, variables, probes, redactor, runbook, interruption, store, repoDir),
            labels, reports, cadence, failOnWarn);
      } else {
        Session[] walked = new Session[1];
        Recording[] recorded = new Recording[1];
        walkWithTerminal(cadence, steps, variables, probes, redactor, interruption, runbook, store,
            who, repoDir, reports, failOnWarn, walked, recorded);
        session = walked[0];
        recording = recorded[0];
      }
      SummaryTable.print(out, session, labels::statusName, output.quiet);
      if (!session.results().isEmpty()) {
        RunRecorder.Written written = record(recording, session, redactor);
        written.recordFile().ifPresent(f -> out.println("Record written to " + f));
        written.committed().ifPresent(c -> out.println("Log entry committed to " + c.branch() + " as " + c.commitId()
            + (c.createdBranch() ? " (new branch)" : "") + (c.workTreeUpdated() ? " (work tree updated)" : "")));
        out.flush();
      }
      // Finished only once recorded: a failed commit leaves the session open, to be resumed and
      // recorded again, rather than lost.
      if (!dryRun && !session.quit() && !session.interrupted()) {
        store.save(session, repoDir, sessionOptions.settingsDigest(runbook), null, true);
      }
      if (!session.results().isEmpty()) {
        // A re-applied entry is a new commit: the one named above is no longer on the branch.
        recording.recorder().push().ifPresent(p -> out.println("Pushed " + p.branch() + " to " + p.remote()
            + (p.reapplied() > 0 ? " (the remote had moved on: re-applied on top of it; the entry is now commit "
                + p.commitId() + ")" : "")));
      }
      if ((session.quit() || session.interrupted()) && !selectionOptions.dryRun && !session.results().isEmpty()) {
        out.println("Session " + session.id() + " is saved; continue it with: maint " + procedure.command()
            + " --resume (with the same --runbook, --env and --set options)");
      }
      out.flush();
      return session.exitCode(failOnWarn);
    }
  }

  /**
   * Records the session; when that fails the session stays open (it is saved as finished only
   * once recorded), and the message says how to record it later.
   */
  private RunRecorder.Written record(Recording recording, Session session, Redactor redactor) {
    try {
      return recording.recorder().record(session, redactor, recording.previous(), session.acknowledged(),
          recording.open());
    } catch (RecordException e) {
      if (selectionOptions.dryRun) {
        throw e;
      }
      throw new RecordException(e.getMessage() + "; session " + session.id() + " stays open: once that is fixed,"
          + " record it with: maint " + procedure.command() + " --resume (with the same --runbook, --env and --set"
          + " options)", e);
    }
  }

  /**
   * The steps with {@code ${name}} filled in in their titles and details, for the screen, the
   * reports and the run log; secrets show as {@code ***}.
   */
  private static List<Cadence.PlacedStep> shown(List<Cadence.PlacedStep> steps, Variables variables) {
    Redactor redactor = new Redactor(variables::secrets);
    return steps.stream().map(p -> new Cadence.PlacedStep(p.section(), p.step().withText(
        redactor.redact(variables.display(p.step().title())), redactor.redact(variables.display(p.step().details())))))
        .toList();
  }

  /** The procedure's deadline, if it has one, kept in the session so that a resumed walk keeps it too. */
  private void keepDeadline(Runbook runbook, Session session, Optional<Prompter> prompter) {
    deadline = procedure.deadline(runbook, session, prompter);
    deadline.ifPresent(d -> session.deadline(d.at()));
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

  /**
   * Walks inside the run log, then writes the reports (and the JSON report to standard output
   * under --format json).
   */
  private void walkAndReport(Walk walk, ConsoleRenderer renderer, Reports reports, Cadence cadence,
      boolean failOnWarn, java.util.function.Consumer<Walker> how) {
    Session session = walk.session();
    Journal journal = new Journal(walk.store(), session, walk.repoDir(), sessionOptions.settingsDigest(walk.runbook()));
    try (RunLog log = RunLog.open(reportOptions.logDirectory(context), session, walk.redactor())) {
      log.started(session, walk.runbook().source(), selectionOptions.describe(), selectionOptions.dryRun);
      // A dry run is not a session to resume later: it is not journaled.
      List<WalkListener> listeners = selectionOptions.dryRun
          ? List.of(log.around(renderer)) : List.of(log.around(renderer), journal);
      if (!selectionOptions.dryRun) {
        journal.save();
      }
      StepRunner runner = new StepRunner(walk.probes(), walk.variables());
      deadline.ifPresent(d -> renderer.banner(() -> d.status(context.clock().instant(), walk.runbook().timezone())));
      how.accept(new Walker(session, walk.steps(), runner, WalkListener.fanOut(listeners), walk.redactor(),
          walk.interruption(), context.clock(), walk.runbook().timezone(),
          new Walker.Options(!noReason, selectionOptions.dryRun, yes))
          .windows(WindowGate.of(walk.runbook(), outsideWindow)));
      if (!selectionOptions.dryRun) {
        journal.save();
      }
      int exitCode = session.exitCode(failOnWarn);
      log.ended(session, exitCode);
      RunReport report = RunReport.of(walk.runbook(), cadence, walk.steps(), session, exitCode, failOnWarn,
          selectionOptions.dryRun);
      List<Path> written = reports.write(report);
      written.forEach(log::wrote);
      if (output.verbosity() == Verbosity.VERBOSE) {
        written.forEach(p -> display().println("Report written to " + p));
        display().println("Run log: " + log.file());
      }
      if (reportOptions.json()) {
        context.out().print(Reports.text(ReportFormat.JSON, report));
        context.out().flush();
      }
    }
  }

  /**
   * The recorder for this session, checked before the walk so that an operator does not walk for
   * hours to learn at the end that the log cannot be written. The branch and record path come
   * from the session's start date and id, so a resumed session keeps both.
   */
  private Recording recording(Runbook runbook, Cadence cadence, Session session, PersonIdent who, Path repoDir) {
    LocalDate started = session.started().atZone(runbook.timezone()).toLocalDate();
    String branch = BranchName.of(cadence.branch(), started);
    RunRecorder recorder = new RunRecorder(runbook, cadence, new RunRecorder.Plan(
        repoDir, branch, RecordPath.of(runbook.log().records(), started, cadence.id(), session.id()), !noCommit,
        Optional.ofNullable(push), Optional.ofNullable(recordDir).map(d -> context.cwd().resolve(d).normalize()),
        who, context.env(), !nonInteractive));
    recorder.preflight();
    Optional<RunRecord> previous = recorder.previousRun(session.id());
    return new Recording(deadline.map(recorder::withDeadline).orElse(recorder), previous,
        previous.map(CarryForward::open).orElse(List.of()));
  }

  /**
   * The session to walk, new or resumed (see {@link SessionOpener}); what the opener has to say
   * is shown on the display.
   *
   * @param prompter asks whether to resume when neither --resume nor --restart was given
   */
  private Session openSession(SessionStore store, Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> steps,
      Variables variables, PersonIdent who, Path repoDir, Optional<Prompter> prompter) {
    SessionOpener.Mode mode = resume ? SessionOpener.Mode.RESUME
        : restart ? SessionOpener.Mode.RESTART : SessionOpener.Mode.ASK;
    SessionOpener.Opened opened = SessionOpener.open(store, request(runbook, cadence, steps, variables, who, repoDir),
        mode, prompter);
    opened.messages().forEach(display()::println);
    return opened.session();
  }

  private SessionOpener.Request request(Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> steps,
      Variables variables, PersonIdent who, Path repoDir) {
    return new SessionOpener.Request(runbook, cadence.id(), steps.stream().map(p -> p.step().id()).toList(),
        cadence.steps().stream().map(p -> p.step().id()).toList(),
        variables.environment(), Operator.format(who), repoDir, sessionOptions.settingsDigest(runbook),
        context.clock().instant());
  }

  private void walkUnattended(Walk walk, ConsoleRenderer renderer, Reports reports, Cadence cadence,
      boolean failOnWarn) {
    Object intHandler = null;
    Object termHandler = null;
    Object hupHandler = null;
    if (context.systemSignals()) {
      intHandler = Signals.register("INT", walk.interruption()::terminate);
      termHandler = Signals.register("TERM", walk.interruption()::terminate);
      hupHandler = registerHangup(walk.interruption());
    }
    try {
      walkAndReport(walk, renderer, reports, cadence, failOnWarn, Walker::walkUnattended);
    } finally {
      Signals.unregister("INT", intHandler);
      Signals.unregister("TERM", termHandler);
      Signals.unregister("HUP", hupHandler);
    }
  }

  /**
   * A closed terminal or a dropped ssh connection (SIGHUP) ends the walk like SIGTERM: the JVM's
   * own handler would exit at once and leave the running command behind. Under {@code nohup} the
   * signal stays ignored (the JVM does not replace an ignored SIGHUP).
   */
  private static Object registerHangup(Interruption interruption) {
    return Signals.register("HUP", interruption::terminate);
  }

  /**
   * Opens the terminal, the session (asking whether to resume) and its recording, shows what the
   * previous run left open, and walks with the operator.
   *
   * @param walked receives the session
   * @param recorded receives its recording
   */
  private void walkWithTerminal(Cadence cadence, List<Cadence.PlacedStep> steps, Variables variables,
      ProbeContext probes, Redactor redactor, Interruption interruption, Runbook runbook, SessionStore store,
      PersonIdent who, Path repoDir, Reports reports, boolean failOnWarn, Session[] walked, Recording[] recorded) {
    try (Terminal terminal = context.terminal().get().get()) {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      Object termHandler = context.systemSignals() ? Signals.register("TERM", interruption::terminate) : null;
      Object hupHandler = context.systemSignals() ? registerHangup(interruption) : null;
      try {
        TerminalPrompter prompter = new TerminalPrompter(terminal, interruption);
        Session session;
        try {
          session = openSession(store, runbook, cadence, steps, variables, who, repoDir, Optional.of(prompter));
          keepDeadline(runbook, session, Optional.of(prompter));
        } catch (Prompter.PromptInterruptedException e) {
          throw new MaintException(ExitCode.INTERRUPTED, "interrupted before the walk began; nothing was recorded");
        }
        walked[0] = session;
        Recording recording = recording(runbook, cadence, session, who, repoDir);
        recorded[0] = recording;
        boolean colour = output.style(context).colour() && !Terminal.TYPE_DUMB.equals(terminal.getType());
        ConsoleRenderer renderer = new ConsoleRenderer(terminal.writer(), new Style(colour), output.verbosity());
        recording.previous().ifPresent(p -> renderer.openItems(p, recording.open()));
        if (!recording.open().isEmpty() && session.acknowledged()) {
          renderer.message("(acknowledged when this session began)");
        } else if (!recording.open().isEmpty()) {
          try {
            if (prompter.acknowledge("Press Enter to acknowledge them and start the walk: ")) {
              session.acknowledge();
            }
          } catch (Prompter.PromptInterruptedException e) {
            throw new MaintException(ExitCode.INTERRUPTED, "interrupted before the walk began; nothing was recorded");
          }
        }
        walkAndReport(new Walk(session, steps, variables, probes, redactor, runbook, interruption, store, repoDir),
            renderer, reports, cadence, failOnWarn, w -> w.walkInteractive(prompter));
      } finally {
        Signals.unregister("TERM", termHandler);
        Signals.unregister("HUP", hupHandler);
        terminal.writer().flush();
      }
    } catch (java.io.IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot open the terminal: " + e.getMessage(), e);
    }
  }
}
