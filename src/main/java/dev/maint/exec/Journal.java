package dev.maint.exec;

import dev.maint.runbook.Cadence;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Saves the session after every step and every note, and marks the step that is running (with its command's
 * process id and start time), so that a crash, a closed terminal or {@code kill -9} loses nothing
 * recorded, the running step comes back as {@code interrupted}, and a command left running can be
 * stopped by the walk that resumes the session.
 */
public final class Journal implements WalkListener {
  private final SessionStore store;
  private final Session session;
  private final Path repo;
  private final String settings;

  /**
   * @param repo the repository the session's log entry goes to (part of its identity)
   * @param settings digest of the session's {@code --set} values, see {@link
   *     SessionStore.StoredSession#settings}
   */
  public Journal(SessionStore store, Session session, Path repo, String settings) {
    this.store = store;
    this.session = session;
    this.repo = repo;
    this.settings = settings;
  }

  /** Saves the session as it is now, open for resuming. */
  public void save() {
    store.save(session, repo, settings, null, false);
  }

  @Override
  public void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous, String commandLine) {}

  @Override
  public void stepStarted(Cadence.PlacedStep step) {
    store.save(session, repo, settings, new SessionStore.Running(step.step().id(), null, null), false);
  }

  @Override
  public void commandStarted(Cadence.PlacedStep step, ProcessHandle command) {
    store.save(session, repo, settings, new SessionStore.Running(step.step().id(), command.pid(),
        command.info().startInstant().orElse(null)), false);
  }

  @Override
  public void noted(String stepId) {
    save();
  }

  @Override
  public void output(String line, boolean stderr) {}

  @Override
  public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {
    save();
  }

  @Override
  public void message(String text) {}
}
