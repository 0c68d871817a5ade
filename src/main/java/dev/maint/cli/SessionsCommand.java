package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.exec.SessionLock;
import dev.maint.exec.SessionStore;
import dev.maint.record.Operator;
import dev.maint.record.RunRefs;
import dev.maint.report.SessionsView;
import dev.maint.run.RunSync;
import dev.maint.runbook.Runbook;
import dev.maint.text.LocalMinute;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
        + "Start times are in each session's runbook's time zone, named (e.g. 2026-11-29 10:00 CET), as maint log shows them. --format json: docs/report-format.md.")
public final class SessionsCommand implements Callable<Integer> {
  @Option(names = "--all", description = "Also list finished and abandoned sessions.")
  boolean all;

  @Option(names = "--fetch", arity = "0..1", fallbackValue = "origin", paramLabel = "REMOTE",
      description = "First fetch the runs of REMOTE (default origin), to list those begun or claimed on other clones;"
          + " push: REMOTE in .maint.yaml fetches from it unasked.")
  String fetch;

  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  SessionsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    // Before a remote is asked: a state folder named wrongly lists nothing worth waiting for.
    Path stateDir = SessionStore.defaultStateDir(context.env());
    Runbook loaded = runbookOptions.load(context);
    Path repoDir = RepoOption.resolve(context, null);
    // The runs travel on their refs, which a plain 'git fetch' does not bring: with a remote
    // configured, its runs and their claims are fetched first, so the list shows what others walk.
    Optional<String> remote = Optional.ofNullable(fetch)
        .or(() -> context.config().get().get("push").map(dev.maint.config.Config.Setting::value));
    remote.ifPresent(r -> WalkCommand.refuseMalformed(fetch != null ? "--fetch" : "push", r));
    try (dev.maint.record.RemoteCalls.Scope told = dev.maint.record.RemoteCalls.tell(line -> {
      context.err().println(line);
      context.err().flush();
    })) {
      remote.flatMap(r -> RunSync.fetch(repoDir, r, context.env(), merger(repoDir))).ifPresent(context.err()::println);
    }
    Instant now = context.clock().instant();
    SessionStore store = new SessionStore(stateDir);
    List<SessionsView.Entry> entries = new ArrayList<>();
    for (SessionStore.StoredSession s : store.list()) {
      // A run another clone recorded (or abandoned with --restart) meanwhile is closed, whatever
      // this folder's copy says.
      String state = s.state().equals("open")
          ? RunSync.stateOnRef(Path.of(s.repo()), s.id()).filter(st -> !st.equals("open")).orElse(s.state())
          : s.state();
      boolean open = state.equals("open");
      boolean recorded = !s.steps().isEmpty() || s.running() != null;
      // The lock tells a walk going on now from one a killed or crashed maint left behind. A walk
      // saves its empty session before its first step, so an empty one started before the holder
      // took the lock was left by a maint killed that early, not the holder's.
      Optional<SessionLock.Holder> live = open
          ? SessionLock.holder(stateDir, s.cadence(), RepoOption.lockKey(Path.of(s.repo())))
              .filter(h -> recorded || !Instant.parse(s.started()).isBefore(h.since()))
          : Optional.empty();
      // An empty session nobody is walking has nothing to resume (it is not offered either); one
      // walked now is listed, as the lock refuses a second walk meanwhile, or its claims (held on
      // another clone) refuse the sections they hold.
      List<SessionsView.Claim> held = open ? claims(Path.of(s.repo()), s.id(), now) : List.of();
      if (!all && !(open && (recorded || live.isPresent() || !held.isEmpty()))) {
        continue;
      }
      ZoneId zone = s.zone(loaded.id(), loaded.timezone());
      Set<String> answered = open ? RunSync.answered(s, Path.of(s.repo())) : Set.of();
      entries.add(new SessionsView.Entry(s.id(), s.cadence(), state, s.started(),
          LocalMinute.of(Instant.parse(s.started()), zone), s.operator(),
          open ? answered.size() : s.steps().size(), open ? s.at(answered).orElse(null) : null,
          open && s.running() != null && live.isEmpty(), s.repo(),
          live.map(h -> new SessionsView.Running(h.pid(), h.host(), h.since().toString(), LocalMinute.of(h.since(), zone)))
              .orElse(null),
          null, held));
    }
    // Runs that travel with the branch (refs/maint/runs/ID), begun on another clone and not yet
    // continued here: 'maint CADENCE --resume' takes them over.
    Set<String> here = new HashSet<>(store.list().stream().map(SessionStore.StoredSession::id).toList());
    List<SessionsView.Damaged> damaged = new ArrayList<>();
    for (RunRefs.Stored run : RunRefs.list(repoDir)) {
      Optional<SessionStore.StoredSession> found = SessionStore.parse(run.session());
      if (found.isEmpty()) {
        // Listed, never passed over: it may be a run begun elsewhere with steps already done.
        damaged.add(new SessionsView.Damaged(RunRefs.PREFIX + run.id(), "its session.json is not a session maint can"
            + " read", null, repoDir.toString()));
        continue;
      }
      if (here.contains(run.id()) || !(all || found.get().state().equals("open"))) {
        continue;
      }
      SessionStore.StoredSession s = found.get();
      List<SessionsView.Claim> held = s.state().equals("open") ? claims(repoDir, s.id(), now) : List.of();
      // A run killed before its first answer, whose claims lapsed, has nothing to resume: not offered.
      if (!all && RunSync.latestCount(s, run) == 0 && s.running() == null && held.isEmpty()) {
        continue;
      }
      // Where the run stands by its answers; whether a command of the other clone is running now
      // is not known here (its claims say what is held).
      Set<String> answered = RunSync.latestAnswered(s, run);
      boolean open = s.state().equals("open");
      entries.add(new SessionsView.Entry(s.id(), s.cadence(), s.state(), s.started(),
          LocalMinute.of(Instant.parse(s.started()), s.zone(loaded.id(), loaded.timezone())), s.operator(),
          answered.size(), open ? s.withRunning(null, null, null).at(answered).orElse(null) : null, false, null,
          null, RunRefs.PREFIX + s.id(), held));
    }
    store.damaged().stream().map(d -> new SessionsView.Damaged(d.file().toString(), d.reason(),
        d.cadence().orElse(null), d.repo().orElse(null))).forEach(damaged::add);
    RunRefs.damaged(repoDir).forEach(d -> damaged.add(new SessionsView.Damaged(d.ref(), d.reason(), null,
        repoDir.toString())));
    if (format.json()) {
      SessionsView.json(context.out(), all, entries, damaged);
    } else {
      SessionsView.text(context.out(), all, entries, damaged);
    }
    return ExitCode.OK;
  }

  /** Who a merge of fetched runs is committed as: git's user, else maint itself (listing needs no operator). */
  private static org.eclipse.jgit.lib.PersonIdent merger(Path repoDir) {
    try {
      return Operator.resolve(Optional.empty(), repoDir);
    } catch (dev.maint.MaintException e) {
      return new org.eclipse.jgit.lib.PersonIdent("maint", "");
    }
  }

  /** The claims that hold now on run {@code id} in {@code repo}; none when it cannot be read. */
  private static List<SessionsView.Claim> claims(Path repo, String id, Instant now) {
    try {
      return RunSync.liveClaims(repo, id, now).stream().map(c -> new SessionsView.Claim(c.kind(), c.target(),
          c.operator(), c.host(), c.pid(), c.since(), c.expires())).toList();
    } catch (dev.maint.record.RecordException e) {
      // A repository moved or gone since the session was saved: the session is still listed.
      return List.of();
    }
  }
}
