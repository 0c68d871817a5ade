package dev.maint.cli;

import dev.maint.exec.Redactor;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.Walker;
import dev.maint.probe.ProbeContext;
import dev.maint.report.Reports;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.ui.Style;
import dev.maint.ui.Verbosity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Everything one walk needs, resolved from the command's options before the walk begins: what to
 * walk, against what, and how; the walk machinery ({@link LockedWalk}) reads nothing else.
 *
 * @param procedure what is walked: a cadence, an emergency response or a rollback
 * @param runbook the loaded runbook
 * @param cadence the procedure's steps, as a cadence
 * @param steps the selected steps, in walking order, with their text filled in ({@link Redactor#shown})
 * @param variables the variables of the selected environment and {@code --set}
 * @param probes what probes run against ({@code --resolve}, {@code --workdir})
 * @param redactor masks the secrets in everything shown or written
 * @param repoDir the repository that receives the log entry
 * @param operator who runs the session
 * @param settings digest of the {@code --set} values the session runs with
 * @param options how the walk goes
 * @param commit what becomes of the record
 * @param output what is shown and written besides the record
 */
record WalkPlan(
    Procedure procedure, Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> steps, Variables variables,
    ProbeContext probes, Redactor redactor, Path repoDir, PersonIdent operator, String settings, Options options,
    Commit commit, Output output) {
  WalkPlan {
    steps = List.copyOf(steps);
  }

  /**
   * How the walk goes.
   *
   * @param unattended {@code --non-interactive} or {@code --dry-run}: no terminal, no questions
   * @param mode what to do with an unfinished session ({@code --resume}, {@code --restart})
   * @param walker reasons ({@code --no-reason}), {@code --dry-run} and {@code --yes}
   * @param outsideWindow {@code --outside-window}
   * @param failOnWarn {@code --fail-on warn}
   */
  record Options(
      boolean unattended, SessionOpener.Mode mode, Walker.Options walker, boolean outsideWindow, boolean failOnWarn) {}

  /**
   * What becomes of the record.
   *
   * @param commit whether to commit the log entry (not with {@code --no-commit} or {@code --dry-run})
   * @param push the remote to push to ({@code --push}), if any
   * @param recordDir where to also write the record file ({@code --record-dir}, resolved), if any
   * @param interactive whether git may ask for credentials on the terminal (not with {@code
   *     --non-interactive})
   */
  record Commit(boolean commit, Optional<String> push, Optional<Path> recordDir, boolean interactive) {}

  /**
   * What is shown and written besides the record.
   *
   * @param display where the walk and the summary are shown (standard error under {@code --format json})
   * @param style the display's style
   * @param colour whether colour is allowed on the operator's terminal
   * @param verbosity {@code -q}, {@code -v}
   * @param json {@code --format json}: the JSON report goes to standard output
   * @param reports the {@code --report} files, checked writable
   * @param logDir the run log's directory
   * @param selection the selection options as given, for the run log
   */
  record Output(
      PrintWriter display, Style style, boolean colour, Verbosity verbosity, boolean json, Reports reports,
      Path logDir, String selection) {}

  /** {@code --dry-run}: nothing changes, nothing is journaled, locked or committed. */
  boolean dryRun() {
    return options.walker().dryRun();
  }

  /** How to continue the session later, for the messages that say so. */
  String resumeCommand() {
    return "maint " + procedure.command() + " --resume (with the same --runbook, --env and --set options)";
  }
}
