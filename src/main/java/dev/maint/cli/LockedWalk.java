package dev.maint.cli;

import dev.maint.exec.SessionLock;
import dev.maint.exec.SessionStore;
import dev.maint.ui.ConsoleRenderer;
import java.nio.file.Path;

/**
 * Runs a planned walk under the session lock of its cadence and repository: walks it ({@link
 * WalkRunner}), then finishes it ({@link WalkFinish}).
 */
final class LockedWalk {
  private LockedWalk() {}

  /**
   * Walks {@code plan}.
   *
   * @return the exit code (see {@link dev.maint.ExitCode})
   * @throws dev.maint.MaintException when another walk holds the lock, a session cannot be opened
   *     or the run cannot be recorded
   */
  static int run(CliContext context, WalkPlan plan) {
    Path stateDir = SessionStore.defaultStateDir(context.env());
    SessionStore store = new SessionStore(stateDir);
    WalkPlan.Output output = plan.output();
    ConsoleRenderer labels = new ConsoleRenderer(output.display(), output.style(), output.verbosity());
    // A dry run changes nothing and is not a session: it needs no lock and leaves no session file.
    try (SessionLock lock = plan.dryRun() ? null
        : SessionLock.acquire(stateDir, plan.cadence().id(), plan.repoDir(), RepoOption.lockKey(plan.repoDir()),
            context.clock().instant())) {
      WalkRunner.Walked walked = new WalkRunner(context, plan, store, labels).walk();
      return new WalkFinish(plan, store, labels).finish(walked.session(), walked.recording());
    }
  }
}
