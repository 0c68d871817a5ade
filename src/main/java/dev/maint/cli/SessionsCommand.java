package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.exec.SessionStore;
import dev.maint.text.LocalMinute;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code maint sessions}: the saved sessions that can be resumed, their start times in the
 * runbook's time zone as {@code maint log} shows them.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
    description = "List unfinished sessions (resume one by running its cadence, emergency or rollback again with --resume and the same --repo, --env and --set). "
        + "Sessions are kept in $MAINT_STATE_DIR, else $XDG_STATE_HOME/maint, else ~/.local/state/maint. "
        + "Start times are in the runbook's time zone, named (e.g. 2026-11-29 10:00 CET), as maint log shows them.")
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
    ZoneId zone = runbookOptions.load(context).timezone();
    SessionStore store = new SessionStore(SessionStore.defaultStateDir(context.env()));
    // A session with nothing recorded has nothing to resume (it is not offered either).
    List<SessionStore.StoredSession> sessions = store.list().stream()
        .filter(s -> all || (s.state().equals("open") && (!s.steps().isEmpty() || s.running() != null))).toList();
    PrintWriter out = context.out();
    if (sessions.isEmpty()) {
      out.println(all ? "No saved sessions." : "No unfinished sessions.");
    }
    for (SessionStore.StoredSession s : sessions) {
      out.println(s.id() + "  " + s.cadence() + "  " + s.state() + "  started "
          + LocalMinute.of(Instant.parse(s.started()), zone) + "  by "
          + s.operator() + "  " + s.steps().size() + (s.steps().size() == 1 ? " step" : " steps") + " recorded"
          + (s.running() != null ? ", interrupted at " + s.running() : "") + "  repo " + s.repo());
    }
    out.flush();
    return ExitCode.OK;
  }
}
