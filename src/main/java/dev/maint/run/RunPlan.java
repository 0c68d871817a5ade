package dev.maint.run;

import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.Start;
import dev.maint.exec.StepRunner;
import dev.maint.exec.StepSelection;
import dev.maint.exec.Walker;
import dev.maint.probe.ProbeContext;
import dev.maint.report.Reports;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.text.ShellWords;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Everything one run needs, resolved from the command's options before it begins: what to walk,
 * against what, and how. A {@link Run} reads nothing else; nothing in it changes during the run.
 *
 * @param procedure what is walked: a cadence, an emergency response or a rollback
 * @param runbook the loaded runbook
 * @param cadence the procedure's steps, as a cadence
 * @param selected the steps {@code --only}, {@code --skip} and {@code --start-at} select, in walking
 *     order, with their text filled in ({@link Redactor#shown}); the run keeps those of its cycle
 * @param variables the variables of the selected environment and {@code --set}
 * @param probes what probes run against ({@code --resolve}, {@code --workdir})
 * @param redactor masks the secrets in everything shown or written
 * @param operator who runs the session
 * @param settings digest of the {@code --set} values the session runs with
 * @param start how the run was started, kept with a new session so that a resume continues it as it was
 * @param options how the walk goes
 * @param where where the run keeps its state and its record
 * @param output what is written besides the record
 * @param touches what the run changes of the runbook's values and addresses, and where its runbook
 *     and environment come from, for the lines a walk opens with ({@link Opening}) and its record
 */
public record RunPlan(
    Procedure procedure, Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> selected, Variables variables,
    ProbeContext probes, Redactor redactor, PersonIdent operator, String settings, Start start, Options options, Where where,
    Output output, Touches touches) {
  public RunPlan {
    selected = List.copyOf(selected);
    // Decided once: a run whose mode keeps no session (a dry run) commits nothing either, so the
    // run asks where.commit() alone whether anything goes to git.
    if (where.commit() && !options.mode().keepsSession()) {
      throw new IllegalArgumentException("a " + options.mode() + " run commits nothing");
    }
  }

  /** How the run is carried out, chosen once for the whole run. */
  public enum Mode {
    /** With the operator at the terminal. */
    INTERACTIVE,
    /** {@code --non-interactive}: automated steps run, manual steps are recorded as manual. */
    UNATTENDED,
    /**
     * {@code --dry-run}: unattended, only probes and read-only commands run; nothing is journaled,
     * locked or committed.
     */
    DRY_RUN;

    /** Whether no one is asked anything. */
    public boolean unattended() {
      return this != INTERACTIVE;
    }

    /**
     * The mode the options choose: {@code --dry-run} before {@code --non-interactive}, else interactive.
     * The one place a run's mode is decided; everything after reads it from the plan.
     */
    public static Mode of(boolean dryRun, boolean unattended) {
      return dryRun ? DRY_RUN : unattended ? UNATTENDED : INTERACTIVE;
    }

    /** Whether this is a dry run. */
    public boolean dryRun() {
      return this == DRY_RUN;
    }

    /**
     * Whether the run keeps a session: locked, journaled, saved to be resumed and carried on its
     * ref. A dry run changes nothing, so it keeps none, resumes none and commits nothing.
     */
    public boolean keepsSession() {
      return this != DRY_RUN;
    }

    /**
     * Whether the walk carries {@code step} out in this mode: a dry run only probes and read-only
     * commands ({@link Walker#runsInDryRun}).
     */
    public boolean carriesOut(dev.maint.runbook.Step step) {
      return this != DRY_RUN || Walker.runsInDryRun(step);
    }
  }

  /**
   * How the walk goes.
   *
   * @param mode interactive, unattended or dry run
   * @param opening what to do with an unfinished session ({@code --resume}, {@code --restart})
   * @param requireReasons whether skipping or failing needs a reason (not with {@code --no-reason})
   * @param yes {@code --yes}
   * @param outsideWindow {@code --outside-window}
   * @param failOnWarn {@code --fail-on warn}
   * @param session the id of the unfinished session a resume continues, when it was decided before
   *     the plan (by {@code --session ID}, the operator's choice, or the only one there is)
   */
  public record Options(
      Mode mode, SessionOpener.Mode opening, boolean requireReasons, boolean yes,
      boolean outsideWindow, boolean failOnWarn, Optional<String> session) {
    /** The walker's options. */
    Walker.Options walker() {
      return new Walker.Options(requireReasons, mode.dryRun(), yes);
    }
  }

  /**
   * Where the run keeps its state and its record.
   *
   * @param repoDir the repository that receives the log entry (its top folder)
   * @param lockKey what the session lock is keyed on: the repository's common git folder
   * @param stateDir the state folder (sessions, locks)
   * @param commit whether to commit the log entry (not with {@code --no-commit} or {@code --dry-run})
   * @param push the remote to push to ({@code --push}), if any
   * @param recordDir where to also write the record file ({@code --record-dir}, resolved), if any
   * @param gitInteractive whether git may ask for credentials on the terminal: only in an
   *     interactive run
   * @param clock the clock the run's times come from
   * @param env the environment git runs with
   */
  public record Where(
      Path repoDir, Path lockKey, Path stateDir, boolean commit, Optional<String> push, Optional<Path> recordDir,
      boolean gitInteractive, Clock clock, Map<String, String> env) {
    public Where {
      env = Map.copyOf(env);
    }
  }

  /**
   * What is written besides the record.
   *
   * @param reports the {@code --report} files, checked writable
   * @param logDir the run log's directory
   * @param selection the selection options as given, for the run log
   */
  public record Output(Reports reports, Path logDir, String selection) {}

  /**
   * Where the runbook and the environment come from, and what the run changes of what the runbook
   * says for that environment.
   *
   * @param runbookFile the runbook file, absolute; empty for the runbook embedded in maint
   * @param environmentChosen where the environment was chosen ({@code --env}, {@code environment
   *     MAINT_ENV}, a configuration file's {@code FILE:LINE:COLUMN}); empty when it is the runbook's
   *     {@code default_environment}
   * @param overrides the variables set (secrets as {@code ***}), {@code --resolve} and {@code
   *     --ca-file}; the probes trust {@code --ca-file} besides the system store
   * @param setFrom where each variable of {@code overrides} was set when not on the command line
   */
  public record Touches(
      Optional<Path> runbookFile, Optional<String> environmentChosen, dev.maint.record.RunRecord.Overrides overrides,
      Map<String, String> setFrom) {
    public Touches {
      setFrom = Map.copyOf(setFrom);
    }

    /** The embedded runbook in its default environment, nothing overridden. */
    public static Touches none() {
      return new Touches(Optional.empty(), Optional.empty(), dev.maint.record.RunRecord.Overrides.NONE, Map.of());
    }

    /** {@code --ca-file}: trusted by the probes whose step names no {@code ca_file}, besides the system store. */
    public Optional<Path> caFile() {
      return overrides.caFile().isEmpty() ? Optional.empty() : Optional.of(Path.of(overrides.caFile()));
    }
  }

  /**
   * Starts the plan of walking {@code procedure} in {@code runbook}: its cadence and the steps
   * {@code selection} takes of it, checked now, so a wrong selection stops before anything else
   * is read.
   *
   * @throws dev.maint.MaintException (usage) when the runbook has no such procedure, or the
   *     selection names an unknown step or selects none
   */
  public static Builder builder(Procedure procedure, Runbook runbook, StepSelection selection) {
    return new Builder(procedure, runbook, selection);
  }

  /**
   * Resolves the options of a walk into its {@link RunPlan}, checking each part as it is given, in
   * the order a command gives them, so that the first mistake stops before any session exists.
   * Decides what the run keeps of how it was started ({@link Start}), what it changed of the
   * runbook's values ({@link Touches}) and whether anything is committed.
   */
  public static final class Builder {
    private final Procedure procedure;
    private final Runbook runbook;
    private final Cadence cadence;
    private final List<Cadence.PlacedStep> chosen;
    private RunRequest request = RunRequest.builder().build();
    private Mode mode = Mode.INTERACTIVE;
    private Variables variables;
    private ProbeContext probes;
    private Redactor redactor;
    private List<Cadence.PlacedStep> selected;
    private Map<String, String> values = Map.of();
    private Map<String, String> fromFiles = Map.of();
    private Map<String, String> configSet = Map.of();
    private Map<String, String> setFrom = Map.of();
    private PersonIdent operator;
    private SessionOpener.Mode opening = SessionOpener.Mode.ASK;
    private Optional<String> session = Optional.empty();
    private boolean requireReasons = true;
    private boolean yes;
    private boolean outsideWindow;
    private boolean failOnWarn;
    private Path repoDir;
    private Path lockKey;
    private Path stateDir;
    private boolean commit = true;
    private Optional<String> push = Optional.empty();
    private Optional<Path> recordDir = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private Map<String, String> env = Map.of();
    private Reports reports = new Reports(List.of(), Optional.empty());
    private Path logDir;
    private String selection = "";

    private Builder(Procedure procedure, Runbook runbook, StepSelection selection) {
      this.procedure = procedure;
      this.runbook = runbook;
      this.cadence = procedure.cadence(runbook);
      this.chosen = selection.apply(cadence);
      if (chosen.isEmpty()) {
        throw dev.maint.MaintException.usage(
            "no step of " + cadence.id() + " is selected: check --only, --skip and --start-at");
      }
    }

    /** What the walk runs against and records to ({@link Resumption#resume} for a resumed session). */
    public Builder request(RunRequest walked) {
      this.request = walked;
      return this;
    }

    /** The mode ({@link Mode#of}); give it before {@link #variables}, which checks what the mode carries out. */
    public Builder mode(Mode chosenMode) {
      this.mode = chosenMode;
      return this;
    }

    /**
     * The variables of the environment and what the probes run against; fills in the selected
     * steps' text and checks the working directory of every local command the mode carries out.
     *
     * @throws dev.maint.MaintException (usage) naming a step whose working directory is no directory
     */
    public Builder variables(Variables chosenVariables, ProbeContext probeContext) {
      this.variables = chosenVariables;
      this.probes = probeContext;
      this.redactor = new Redactor(chosenVariables::secrets);
      this.selected = redactor.shown(chosen, chosenVariables);
      new StepRunner(probeContext, chosenVariables).checkWorkdirs(selected.stream().map(Cadence.PlacedStep::step)
          .filter(mode::carriesOut).toList());
      return this;
    }

    /**
     * Every variable set for the run, as given (the configuration files' {@code set:}, {@code
     * --set} and {@code --set-file}), and those set from files ({@code --set-file}, masked like
     * secrets) with the file each was read from, as given ({@code -} for standard input).
     */
    public Builder values(Map<String, String> all, Map<String, String> setFromFiles) {
      this.values = all;
      this.fromFiles = Map.copyOf(setFromFiles);
      return this;
    }

    /**
     * The configuration files' {@code set:} values in force, kept with the session as if given with
     * {@code --set} (they hold no secret: a secret's value there is an {@code ${env:NAME}}
     * reference), and where each of those not given on the command line was set.
     */
    public Builder configSet(Map<String, String> values, Map<String, String> sources) {
      this.configSet = values;
      this.setFrom = sources;
      return this;
    }

    /** Who runs the session. */
    public Builder operator(PersonIdent who) {
      this.operator = who;
      return this;
    }

    /** What to do with an unfinished session ({@code --resume}, {@code --restart}). */
    public Builder opening(SessionOpener.Mode what) {
      this.opening = what;
      return this;
    }

    /** The id of the unfinished session a resume continues (see {@link Options#session}), if decided. */
    public Builder session(Optional<String> id) {
      this.session = id;
      return this;
    }

    /** Whether skipping or failing needs a reason (not with {@code --no-reason}). */
    public Builder requireReasons(boolean required) {
      this.requireReasons = required;
      return this;
    }

    /** {@code --yes}. */
    public Builder yes(boolean given) {
      this.yes = given;
      return this;
    }

    /** {@code --outside-window}. */
    public Builder outsideWindow(boolean given) {
      this.outsideWindow = given;
      return this;
    }

    /** {@code --fail-on warn}. */
    public Builder failOnWarn(boolean given) {
      this.failOnWarn = given;
      return this;
    }

    /**
     * The repository that receives the record (its top folder) and what the session lock is
     * keyed on (its common git folder).
     */
    public Builder repository(Path top, Path key) {
      this.repoDir = top;
      this.lockKey = key;
      return this;
    }

    /** The state folder (sessions, locks). */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /** Whether the log entry is wanted in git (not with {@code --no-commit}); a dry run commits nothing anyway. */
    public Builder commit(boolean wanted) {
      this.commit = wanted;
      return this;
    }

    /** The remote to push to ({@code --push}), if any. */
    public Builder push(Optional<String> remote) {
      this.push = remote;
      return this;
    }

    /** Where to also write the record file ({@code --record-dir}, resolved), if any. */
    public Builder recordDir(Optional<Path> dir) {
      this.recordDir = dir;
      return this;
    }

    /** The clock the run's times come from, and the environment git runs with. */
    public Builder world(Clock runClock, Map<String, String> runEnv) {
      this.clock = runClock;
      this.env = runEnv;
      return this;
    }

    /** The {@code --report} files (checked writable), the run log's directory and the selection as given. */
    public Builder output(Reports files, Path logDirectory, String selectionGiven) {
      this.reports = files;
      this.logDir = logDirectory;
      this.selection = selectionGiven;
      return this;
    }

    /**
     * The plan.
     *
     * @throws IllegalStateException when the variables, the operator, the repository, the state
     *     folder or the log folder were not given
     */
    public RunPlan build() {
      if (variables == null || operator == null || repoDir == null || stateDir == null || logDir == null) {
        throw new IllegalStateException("a plan needs its variables, operator, repository, state and log folders");
      }
      return new RunPlan(procedure, runbook, cadence, selected, variables, probes, redactor, operator,
          settingsDigest(), start(),
          new Options(mode, opening, requireReasons, yes, outsideWindow, failOnWarn, session),
          // git may ask for credentials only where someone is there to answer.
          new Where(repoDir, lockKey, stateDir, commit && mode.keepsSession(), push, recordDir, !mode.unattended(),
              clock, env),
          new Output(reports, logDir, selection), touches());
    }

    private boolean secret(String name) {
      return fromFiles.containsKey(name)
          || runbook.variables().containsKey(name) && runbook.variables().get(name).secret();
    }

    /**
     * Hex SHA-256 of the variables set, sorted by name, so a resumed session runs with the values
     * it began with. Values of secrets are left out (only their names count): an unsalted hash of
     * a short secret could be reversed, and a rotated secret is no reason to refuse a resume.
     */
    private String settingsDigest() {
      StringBuilder all = new StringBuilder();
      new TreeMap<>(values).forEach((k, v) -> all.append(k).append('=').append(secret(k) ? "" : v).append('\0'));
      return dev.maint.text.Sha256.hex(all.toString());
    }

    /**
     * How the run was started, for a resume to continue it so: the configuration's values as if
     * given with {@code --set} (a resume from a folder outside the repository reads no project
     * file and must still walk with them), and secret variables given with {@code --set} by name
     * only.
     */
    private Start start() {
      Map<String, String> plainSet = new LinkedHashMap<>(configSet);
      List<String> secretSet = new ArrayList<>();
      request.set().forEach((name, value) -> {
        if (runbook.variables().containsKey(name) && runbook.variables().get(name).secret()) {
          plainSet.remove(name);
          secretSet.add(name);
        } else {
          plainSet.put(name, value);
        }
      });
      return new Start(procedure.command(), request.runbook().map(Path::toString).orElse(null), plainSet, secretSet,
          request.resolve(), request.full(), request.workdir().map(Path::toString).orElse(null), lockKey.toString(),
          request.caFile().map(Path::toString).orElse(null), request.environmentChosen().orElse(null));
    }

    /**
     * What the run changes of the runbook's values, as a record keeps it: a {@code --set-file}
     * variable by the file it was read from (the path is no secret, the value may be), a secret's
     * value as {@value Redactor#MASK}, any other value with the secrets it holds masked.
     */
    private Touches touches() {
      Map<String, String> shown = new LinkedHashMap<>();
      Map<String, String> files = new LinkedHashMap<>();
      values.forEach((name, value) -> {
        if (fromFiles.containsKey(name)) {
          files.put(name, fromFiles.get(name));
        } else {
          shown.put(name, secret(name) ? Redactor.MASK : redactor.redact(value));
        }
      });
      return new Touches(request.runbook(), request.environmentChosen(), new dev.maint.record.RunRecord.Overrides(
          shown, request.resolve(), request.caFile().map(Path::toString).orElse(""), files), setFrom);
    }
  }

  /** How the run is carried out. */
  public Mode mode() {
    return options.mode();
  }

  /**
   * How to continue the session later, for the messages that say so: a command that works when
   * pasted into a shell in any folder, as the session remembers how it was started. Secret
   * {@code --set} values are never kept, so they are named for the operator to give again. It names
   * the session, so it continues this one where several runs are open.
   *
   * @param sessionId the session's id ({@code SessionStore.isId} holds)
   */
  public String resumeCommand(String sessionId) {
    // A session does not remember --no-commit: without it, the
    // pasted command would want a repository, which a walk that commits nothing may not be in.
    StringBuilder c = new StringBuilder("maint ").append(procedure.command()).append(" --resume")
        .append(where.commit() ? "" : " --no-commit").append(" --repo ")
        .append(ShellWords.quote(where.repoDir().toString())).append(" --session ").append(sessionId);
    for (String secret : start.secretSet()) {
      c.append(" --set ").append(secret).append("=...");
    }
    return c.toString();
  }
}
