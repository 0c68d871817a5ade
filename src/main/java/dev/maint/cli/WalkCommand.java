package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.config.Config;
import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.SessionStore;
import dev.maint.record.GitPusher;
import dev.maint.record.Operator;
import dev.maint.record.RecordException;
import dev.maint.record.RemoteCalls;
import dev.maint.report.Reports;
import dev.maint.run.Procedure;
import dev.maint.run.Resumption;
import dev.maint.run.Run;
import dev.maint.run.RunPlan;
import dev.maint.run.RunRequest;
import dev.maint.run.RunSync;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.Style;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
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
 * into a {@link RunPlan}; {@link WalkView} walks it as a {@link Run} and shows it.
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

  @Option(names = "--no-commit", description = "Do not commit a log entry, nor push anything (also with push: in .maint.yaml):"
      + " the session stays in the state folder (see --record-dir to keep the record).")
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

  @Option(names = "--session", paramLabel = "ID", converter = ResumeChoice.Id.class,
      description = "Resume the unfinished session with this id (maint sessions lists them), where there are several;"
          + " implies --resume.")
  String session;

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
    return walk(what, Map.of());
  }

  /**
   * Walks {@code what} with this command's options and {@code set}, variables the command sets as
   * if given with {@code --set} (rollback's {@code --service}).
   */
  Integer walk(Procedure what, Map<String, String> set) {
    SignalOptions.AfterWalk afterWalk = signalOptions.afterWalk(context);
    // Opened at most once: the question which session to resume and the walk share one terminal,
    // so no key typed ahead is lost between them.
    Optional<ResumeChoice.OnceTerminal> once = context.terminal().map(ResumeChoice.OnceTerminal::new);
    CliContext walking = once.isEmpty() ? context : new CliContext(context.in(), context.out(),
        context.err(), context.env(), context.clock(), context.cwd(), Optional.of(once.get()),
        context.outIsTerminal(), context.systemSignals(), context.config());
    // A remote that is slow to answer is named while maint waits for it, before the walk and after.
    try (RemoteCalls.Scope told = RemoteCalls.tell(line -> {
      display().println(line);
      display().flush();
    })) {
      RunPlan plan;
      try {
        plan = plan(what, set, walking);
      } catch (RuntimeException e) {
        once.ifPresent(ResumeChoice.OnceTerminal::closeIfOpened);
        throw e;
      }
      // The one place a walk's end reaches alerting: after the run is recorded, whatever its outcome.
      return afterWalk.signal(plan, WalkView.walk(walking, plan, display(), style(), output.style(context).colour(),
          output.verbosity(), reportOptions.json()));
    }
  }

  /** How the run is carried out, as {@code --dry-run} and {@code --non-interactive} choose it ({@link RunPlan.Mode#of}). */
  RunPlan.Mode mode() {
    return RunPlan.Mode.of(selectionOptions.dryRun, nonInteractive);
  }

  /** Whether {@code --resume} (or {@code --session ID}, which implies it) was given. */
  boolean resume() {
    return sessionChoice.resume || session != null;
  }

  /**
   * Checks the options and resolves them into the plan of a run; nothing is opened or started yet.
   * A resume walks with what {@link Resumption#resume} takes from the session.
   */
  private RunPlan plan(Procedure what, Map<String, String> set, CliContext walking) {
    // First: a state folder named wrongly stops the walk before any remote is asked or file read.
    Path stateDir = SessionStore.defaultStateDir(context.env());
    if (session != null && sessionChoice.restart) {
      throw MaintException.usage("--session resumes a session: drop --restart, or --session to start over");
    }
    if (push != null && noCommit && walked().commandLine().getParseResult().hasMatchedOption("--push")) {
      throw MaintException.usage("--push needs a commit to push: drop --no-commit");
    }
    // push: in .maint.yaml is a default: --no-commit walks with the local session only, pushing nothing.
    Optional<String> remote = noCommit ? Optional.empty() : Optional.ofNullable(push);
    // Before anything is fetched or walked: git would take '--receive-pack=...' for an option.
    remote.ifPresent(r -> refuseMalformed("--push", r));
    RunPlan.Mode mode = mode();
    Optional<RunRequest> resumed = Optional.empty();
    Optional<String> chosen = Optional.empty();
    if (resume() && mode.keepsSession()) {
      // The runs on the repository's refs (and the remote's first), so a run another operator
      // began can be continued here, also from another state folder on this clone.
      Path here = RepoOption.resolve(context, repo);
      SessionStore store = new SessionStore(stateDir);
      RunSync.pull(store, here, remote, context.env(), !mode.unattended(),
          Operator.resolve(Optional.ofNullable(operator), here)).forEach(display()::println);
      Optional<Path> repoKey = Optional.ofNullable(repo).map(r -> RepoOption.lockKey(RepoOption.resolve(context, r)));
      Optional<SessionStore.StoredSession> found = chosen(what, store, Resumption.candidates(store, what.command(),
          repoKey, RepoOption.lockKey(RepoOption.resolve(context, null)), walkedNow()), walking);
      chosen = found.map(SessionStore.StoredSession::id);
      if (found.isPresent()) {
        Map<String, String> configSet = new LinkedHashMap<>();
        context.config().get().set(name -> false).forEach((k, v) -> configSet.put(k, v.value()));
        resumed = Optional.of(Resumption.resume(found.get(), request(true, set), configSet));
        Resumption.runbookNote(found.get(), resumed.get()).ifPresent(display()::println);
      }
    }
    RunRequest request = resumed.orElseGet(() -> request(false, set));
    Runbook runbook = runbookOptions.load(context, request.runbook());
    if (resume() && mode.keepsSession() && resumed.isEmpty()) {
      refuseNothingToResume(what, runbook, request);
    }
    RunPlan.Builder plan = RunPlan.builder(what, runbook, selectionOptions.selection()).request(request).mode(mode);
    Variables variables = sessionOptions.variables(runbook, context, request.environment(), request.set());
    warnShortSecrets(variables);
    // Checked now, so a mistyped --resolve, --workdir or app_dir stops before any session exists.
    plan.variables(variables, sessionOptions.probeContext(context, request.resolve(), request.workdir()));
    Path repoDir = RepoOption.resolve(context, request.repo().orElse(null));
    PersonIdent who = Operator.resolve(Optional.ofNullable(operator), repoDir);
    if (!mode.unattended() && context.terminal().isEmpty()) {
      throw MaintException.usage(
          "standard input is not a terminal: use --non-interactive to run unattended");
    }
    Reports reports = reportOptions.reports(context);
    reports.preflight();
    return plan.values(sessionOptions.values(null, request.set()), sessionOptions.setFile)
        .configSet(sessionOptions.configSet(), setFrom(request, set))
        .operator(who)
        .opening(SessionOpener.Mode.of(resume(), sessionChoice.restart)).session(chosen)
        .requireReasons(!noReason).yes(yes).outsideWindow(outsideWindow).failOnWarn(failOn.warn())
        .repository(repoDir, RepoOption.lockKey(repoDir))
        .stateDir(stateDir)
        .commit(!noCommit).push(remote)
        .recordDir(Optional.ofNullable(recordDir).map(d -> context.cwd().resolve(d).normalize()))
        .world(context.clock(), context.env())
        .output(reports, reportOptions.logDirectory(context), selectionOptions.describe())
        .build();
  }

  /**
   * The session a resume continues among {@code candidates} (newest first): the one {@code --session}
   * names, the only one, or, of several, the one the operator chooses at a question; an unattended
   * walk refuses to guess.
   *
   * @return empty when there is none
   * @throws MaintException (exit 2) when {@code --session} names none of them, or an unattended walk finds several
   */
  private Optional<SessionStore.StoredSession> chosen(Procedure what, SessionStore store,
      List<SessionStore.StoredSession> candidates, CliContext walking) {
    String where = candidates.isEmpty() || repo != null ? RepoOption.resolve(context, repo).toString()
        : candidates.get(0).repo();
    if (session != null) {
      return Optional.of(Resumption.pick(store, candidates, session, what.command(), where));
    }
    if (candidates.size() <= 1) {
      return candidates.stream().findFirst();
    }
    Function<SessionStore.StoredSession, String> describe =
        s -> ResumeChoice.describe(s, runbookOf(s), what);
    if (mode().unattended() || walking.terminal().isEmpty()) {
      Resumption.refuseSeveral(candidates, what.command(), where, describe);
    }
    return Optional.of(ResumeChoice.ask(walking.terminal().get(), what.command(), where, candidates, describe));
  }

  /** The runbook {@code s} is shown with: the one given, else its own when here, else the embedded one; empty when none loads. */
  private Optional<Runbook> runbookOf(SessionStore.StoredSession s) {
    try {
      Optional<Path> own = Optional.ofNullable(s.start().runbook()).map(Path::of).filter(Files::isRegularFile);
      Optional<Path> given = walked().commandLine().getParseResult().hasMatchedOption("--runbook")
          ? runbookOptions.file(context) : Optional.empty();
      return Optional.of(runbookOptions.load(context, given.or(() -> own)));
    } catch (RuntimeException e) {
      // Only a description: the session is named without its sections, its time in UTC.
      return Optional.empty();
    }
  }

  /** Whether a session with nothing recorded yet is a run someone walks now (its claims hold). */
  private Predicate<SessionStore.StoredSession> walkedNow() {
    Instant now = context.clock().instant();
    return s -> RunSync.walkedNow(Path.of(s.repo()), s.id(), now);
  }

  /**
   * Refuses a {@code --resume} that has no session to continue before the selection is checked
   * against the runbook: that {@code --only 2} names no step of the embedded runbook would hide
   * that there is nothing to resume. A damaged session file that may be the session is left to the
   * session's opening, which names it.
   *
   * @throws MaintException (usage) when the repository has no unfinished session of the cadence
   */
  private void refuseNothingToResume(Procedure what, Runbook runbook, RunRequest request) {
    Path repoDir = RepoOption.resolve(context, request.repo().orElse(null));
    String cadence = what.cadence(runbook).id();
    SessionStore store = new SessionStore(SessionStore.defaultStateDir(context.env()));
    if (store.findOpen(runbook.id(), cadence, repoDir, walkedNow()).isEmpty()
        && store.damaged().stream().noneMatch(d -> d.mayBelongTo(cadence, repoDir))) {
      throw MaintException.usage("no unfinished " + cadence + " session to resume for " + repoDir);
    }
  }

  /**
   * Refuses a remote that is no remote name, URL or path (see {@link GitPusher#refuseMalformed}).
   *
   * @throws MaintException (usage) naming {@code option}
   */
  static void refuseMalformed(String option, String remote) {
    try {
      GitPusher.refuseMalformed(remote);
    } catch (RecordException e) {
      throw MaintException.usage(option + ": " + e.getMessage());
    }
  }

  /**
   * The options as given. With {@code onlyTyped}, those a configuration file or {@code MAINT_*}
   * supplied are left out ({@code --env}, {@code --runbook} but for {@code MAINT_RUNBOOK}, {@code
   * --ca-file}): they are defaults, and on resume the session's own values win over them.
   *
   * @param set variables the command sets besides {@code --set}, which {@code --set} does not change
   * @throws MaintException (usage) when {@code --ca-file} names no readable file
   */
  private RunRequest request(boolean onlyTyped, Map<String, String> set) {
    picocli.CommandLine.ParseResult parsed = walked().commandLine().getParseResult();
    boolean envTyped = parsed.hasMatchedOption("--env");
    // MAINT_RUNBOOK counts as given: it names the runbook as --runbook does.
    Optional<Path> runbookFile = onlyTyped && !parsed.hasMatchedOption("--runbook")
        ? RunbookOptions.fromEnvironment(context) : runbookOptions.file(context);
    Optional<String> environment = onlyTyped && !envTyped ? Optional.empty()
        : Optional.ofNullable(sessionOptions.environment);
    return RunRequest.builder()
        .runbook(runbookFile)
        .environment(environment, environment.flatMap(e -> environmentChosen(e, envTyped)))
        .set(given(set)).resolve(sessionOptions.resolve).full(full).workdir(sessionOptions.workdir(context))
        .caFile(onlyTyped && !parsed.hasMatchedOption("--ca-file") ? Optional.empty() : caFile())
        .repo(Optional.ofNullable(repo))
        .build();
  }

  /**
   * Where each configured variable the walk runs with was set ({@code FILE:LINE:COLUMN}): not for
   * one typed with {@code --set}, and on resume not for one whose value the session kept differs
   * from the configuration's here (the session's stands).
   */
  private Map<String, String> setFrom(RunRequest request, Map<String, String> set) {
    Map<String, String> from = new LinkedHashMap<>(sessionOptions.setFrom(given(set)));
    Map<String, String> configured = sessionOptions.configSet();
    from.keySet().removeIf(name -> request.set().containsKey(name)
        && !request.set().get(name).equals(configured.get(name)));
    return from;
  }

  /** {@code --set}, then {@code set}. */
  private Map<String, String> given(Map<String, String> set) {
    Map<String, String> all = new LinkedHashMap<>(sessionOptions.set);
    all.putAll(set);
    return all;
  }

  /** The command walked: picocli injects the mixee only into a mixin, and a cadence's command is its own. */
  private CommandSpec walked() {
    return mixee != null ? mixee : spec;
  }

  /**
   * {@code --ca-file}, absolute.
   *
   * @throws MaintException (usage) when it names no readable file of certificates, before anything starts
   */
  private Optional<Path> caFile() {
    Optional<Path> ca = Optional.ofNullable(caFile).map(f -> context.cwd().resolve(f).toAbsolutePath().normalize());
    CheckCommand.checkCaFile(context, Optional.ofNullable(caFile).map(Path::toString));
    return ca;
  }

  /**
   * Where {@code environment} was chosen: {@code --env} on the command line, else the configuration
   * ({@code environment MAINT_ENV} or {@code FILE:LINE:COLUMN}).
   */
  private Optional<String> environmentChosen(String environment, boolean typed) {
    if (typed) {
      return Optional.of("--env");
    }
    return context.config().get().get("env").filter(s -> s.value().equals(environment))
        .map(Config.Setting::source).or(() -> Optional.of("--env"));
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
