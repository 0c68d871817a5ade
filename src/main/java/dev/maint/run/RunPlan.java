package dev.maint.run;

import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.Start;
import dev.maint.exec.Walker;
import dev.maint.probe.ProbeContext;
import dev.maint.report.Reports;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   */
  public record Options(
      Mode mode, SessionOpener.Mode opening, boolean requireReasons, boolean yes,
      boolean outsideWindow, boolean failOnWarn) {
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
   * @param gitInteractive whether git may ask for credentials on the terminal (not with {@code
   *     --non-interactive})
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

  /** How the run is carried out. */
  public Mode mode() {
    return options.mode();
  }

  /**
   * How to continue the session later, for the messages that say so: a command that works when
   * pasted into a shell in any folder, as the session remembers how it was started. Secret
   * {@code --set} values are never kept, so they are named for the operator to give again.
   */
  public String resumeCommand() {
    StringBuilder c = new StringBuilder("maint ").append(procedure.command()).append(" --resume --repo ")
        .append(ShellWords.quote(where.repoDir().toString()));
    for (String secret : start.secretSet()) {
      c.append(" --set ").append(secret).append("=...");
    }
    return c.toString();
  }
}
