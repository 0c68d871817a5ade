package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.exec.SessionLock;
import dev.maint.exec.SessionStore;
import dev.maint.record.RunRefs;
import dev.maint.run.RunSync;
import dev.maint.runbook.Runbook;
import dev.maint.text.LocalMinute;
import dev.maint.text.OneLine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code maint sessions}: the saved sessions that can be resumed, their start times in each
 * session's own runbook's time zone, as {@code maint log} and the resume question show them.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "List unfinished sessions (resume one by running its cadence, emergency or rollback again with --resume, from any folder: a session remembers how it was started). "
        + "Sessions are kept in $MAINT_STATE_DIR, else $XDG_STATE_HOME/maint, else ~/.local/state/maint. "
        + "Start times are in each session's runbook's time zone, named (e.g. 2026-11-29 10:00 CET), as maint log shows them.")
public final class SessionsCommand implements Callable<Integer> {
  @Option(names = "--all", description = "Also list finished and abandoned sessions.")
  boolean all;

  @Mixin RunbookOptions runbookOptions;

  private final CliContext context;

  SessionsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook loaded = runbookOptions.load(context);
    Path stateDir = SessionStore.defaultStateDir(context.env());
    SessionStore store = new SessionStore(stateDir);
    PrintWriter out = context.out();
    boolean none = true;
    for (SessionStore.StoredSession s : store.list()) {
      boolean open = s.state().equals("open");
      boolean recorded = !s.steps().isEmpty() || s.running() != null;
      // The lock tells a walk going on now from one a killed or crashed maint left behind. A walk
      // saves its empty session before its first step, so an empty one started before the holder
      // took the lock was left by a maint killed that early, not the holder's.
      Optional<SessionLock.Holder> live = open
          ? SessionLock.holder(stateDir, s.cadence(), RepoOption.lockKey(Path.of(s.repo())))
              .filter(h -> recorded || !Instant.parse(s.started()).isBefore(h.since()))
          : Optional.empty();
      // An empty session nobody is walking has nothing to resume (it is not offered either); one
      // walked now is listed, as the lock refuses a second walk meanwhile.
      if (!all && !(open && (recorded || live.isPresent()))) {
        continue;
      }
      none = false;
      ZoneId zone = s.zone(loaded.id(), loaded.timezone());
      String state = live.map(h -> "running now (pid " + h.pid() + " on " + h.host() + ", since "
          + LocalMinute.of(h.since(), zone) + ")").orElse(s.state());
      String at = s.running() == null ? "" : live.isPresent() ? ", at " + s.running() : ", interrupted at " + s.running();
      out.println(shown(s.id()) + "  " + shown(s.cadence()) + "  " + shown(state) + "  started "
          + LocalMinute.of(Instant.parse(s.started()), zone) + "  by "
          + shown(s.operator()) + "  " + s.steps().size() + (s.steps().size() == 1 ? " step" : " steps") + " recorded"
          + shown(at) + "  repo " + shown(s.repo()));
    }
    // Runs that travel with the branch (refs/maint/runs/ID), begun on another clone and not yet
    // continued here: 'maint CADENCE --resume' takes them over.
    java.util.Set<String> here = new java.util.HashSet<>(store.list().stream().map(SessionStore.StoredSession::id).toList());
    for (RunRefs.Stored run : RunRefs.list(RepoOption.resolve(context, null))) {
      Optional<SessionStore.StoredSession> found = SessionStore.parse(run.session());
      if (found.isEmpty() || here.contains(run.id()) || !(all || found.get().state().equals("open"))) {
        continue;
      }
      none = false;
      SessionStore.StoredSession s = found.get();
      int answers = RunSync.latestCount(s, run);
      out.println(shown(s.id()) + "  " + shown(s.cadence()) + "  " + shown(s.state()) + " in git (" + RunRefs.PREFIX
          + shown(s.id()) + ")  started "
          + LocalMinute.of(Instant.parse(s.started()), s.zone(loaded.id(), loaded.timezone())) + "  by "
          + shown(s.operator()) + "  " + answers + (answers == 1 ? " step" : " steps") + " recorded");
    }
    for (SessionStore.Damaged d : store.damaged()) {
      none = false;
      out.println("damaged  " + shown(d.file().toString()) + "  " + shown(d.reason()) + " (" + shown(d.scope())
          + "; kept; not resumed)");
    }
    if (none) {
      out.println(all ? "No saved sessions." : "No unfinished sessions.");
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * Text read from a session file (or a run fetched from another clone, or a parse error quoting
   * one) on one line, with control and bidirectional characters shown rather than obeyed: it is
   * anyone's text, and a terminal would act on it.
   */
  private static String shown(String text) {
    return OneLine.escape(text);
  }
}
