package dev.maint.exec;

import dev.maint.runbook.Cadence;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the session on disk as it is walked: the whole session when the walk begins ({@link
 * #save}; the run saves it whole again when it records it), and in between one journal line per
 * answer and per note (synced), and per started step with its command's process id and start time
 * (not synced), see {@link SessionStore#append}. So a crash, a closed terminal or {@code kill -9} loses nothing recorded,
 * the running step comes back as {@code interrupted}, a command left running can be stopped by the
 * walk that resumes the session, and what a step costs on disk does not grow with the session.
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
    String id = step.step().id();
    store.append(session.id(), SessionStore.JournalLine.running(new SessionStore.Running(id, null, null),
        session.pendingNote(id)), false);
  }

  @Override
  public void commandStarted(Cadence.PlacedStep step, ProcessHandle command) {
    String id = step.step().id();
    store.append(session.id(), SessionStore.JournalLine.running(new SessionStore.Running(id, command.pid(),
        command.info().startInstant().orElse(null)), session.pendingNote(id)), false);
  }

  @Override
  public void noted(String stepId) {
    // A note on an answered step changes its result; on another it waits for the answer.
    store.append(session.id(), session.result(stepId).map(r -> SessionStore.JournalLine.result(r, session.walker(stepId)))
        .orElseGet(() -> SessionStore.JournalLine.note(stepId, session.pendingNote(stepId))), true);
  }

  @Override
  public void output(String line, boolean stderr) {}

  @Override
  public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {
    store.append(session.id(), SessionStore.JournalLine.result(result, session.walker(result.stepId())), true);
  }

  @Override
  public void message(String text) {}
}
