package dev.maint.run;

import dev.maint.exec.Session;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Start;
import dev.maint.record.GitRecorder;
import dev.maint.record.RunRecord;
import dev.maint.record.RunRefs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Keeps the runs of a repository's git refs ({@link RunRefs}) and the state folder's sessions in
 * step. The state folder is a cache: a walk goes on offline with it, and the runs travel through
 * git, so an operator on another clone can continue one.
 */
public final class RunSync {
  private RunSync() {}

  /**
   * Fetches the runs from {@code remote} (when given) and adopts every open run of the repository
   * into the state folder: a run this folder does not have is copied in, one it has gets the
   * answers it lacks. Of two answers to one step, the one given later (UTC) stands; equal times
   * go to the operator whose name sorts last, so every clone decides alike. Two copies of one
   * answer (same time and operator: its notes changed since) keep this folder's copy.
   *
   * @param repoDir this clone's top folder
   * @param remote the remote to fetch from, if any
   * @return what to tell the operator, possibly nothing
   */
  public static List<String> pull(SessionStore store, Path repoDir, Optional<String> remote,
      Map<String, String> env, boolean interactive, PersonIdent who) {
    List<String> said = new ArrayList<>();
    if (!GitRecorder.isRepository(repoDir)) {
      return said;
    }
    if (remote.isPresent() && !RunRefs.fetch(repoDir, remote.get(), env, interactive, who)) {
      said.add("The runs on " + RunRefs.shown(remote.get()) + " cannot be fetched now: going on with those of this clone;"
          + " they are exchanged on the next walk with --push.");
    }
    // A run whose ref cannot be read is not offered: said, so the operator knows a run may be missing.
    RunRefs.damaged(repoDir).forEach(d -> said.add("The run ref " + dev.maint.text.OneLine.escape(d.ref())
        + " is damaged (" + dev.maint.text.OneLine.escape(d.reason()) + "): its run is not offered."));
    String key = GitRecorder.commonDir(repoDir).orElse(repoDir).toString();
    String repo = repoDir.toAbsolutePath().normalize().toString();
    for (RunRefs.Stored run : RunRefs.list(repoDir)) {
      Optional<SessionStore.StoredSession> fromGit = SessionStore.parse(run.session());
      if (fromGit.isEmpty()) {
        continue;
      }
      Optional<SessionStore.StoredSession> local = store.read(run.id());
      if (!fromGit.get().state().equals("open")) {
        // Recorded on another clone, with every answer of this folder's copy: that copy is closed
        // too, so it is neither offered nor recorded a second time.
        // So is one abandoned there (by --restart on another clone) when this copy holds no answer
        // the ref lacks.
        if (local.isPresent() && local.get().state().equals("open") && holdsAll(run, fromGit.get(), local.get())) {
          store.adopt(local.get().withState(fromGit.get().state()));
        }
        continue;
      }
      if (local.isPresent() && !local.get().state().equals("open")) {
        continue;
      }
      // This folder's answers first: of two copies of one answer (same step, time and operator),
      // the first stands, and the local copy is the newer one (a note added to an interrupted
      // step after the run was last put on its ref, say), which the ref's must not undo.
      List<SessionStore.StoredStep> answers = new ArrayList<>();
      local.ifPresent(l -> answers.addAll(l.steps()));
      answers.addAll(fromGit.get().steps());
      run.answers().forEach(a -> SessionStore.parseStep(a).ifPresent(answers::add));
      List<SessionStore.StoredStep> merged = latest(answers);
      SessionStore.StoredSession base = local.orElse(fromGit.get());
      if (local.isPresent() && local.get().steps().equals(merged)) {
        continue;
      }
      Start s = base.start();
      Start here = s == null ? null : s.withRepoKey(key);
      store.adopt(SessionStore.with(base, merged, repo, here));
    }
    return said;
  }

  /** Whether the run's ref holds every answer of {@code local} (same step, same time). */
  private static boolean holdsAll(RunRefs.Stored run, SessionStore.StoredSession onRef,
      SessionStore.StoredSession local) {
    List<SessionStore.StoredStep> there = new ArrayList<>(onRef.steps());
    run.answers().forEach(a -> SessionStore.parseStep(a).ifPresent(there::add));
    return local.steps().stream().allMatch(mine -> there.stream()
        .anyMatch(a -> a.id().equals(mine.id()) && a.started().equals(mine.started())));
  }

  /**
   * The state of run {@code id} on its ref in {@code repoDir} ({@code open}, {@code finished},
   * {@code abandoned}); empty when it has no ref there or the repository cannot be read.
   */
  public static Optional<String> stateOnRef(Path repoDir, String id) {
    try {
      if (!GitRecorder.isRepository(repoDir)) {
        return Optional.empty();
      }
      return RunRefs.find(repoDir, id).flatMap(run -> SessionStore.parse(run.session()))
          .map(SessionStore.StoredSession::state);
    } catch (dev.maint.record.RecordException e) {
      return Optional.empty();
    }
  }

  /**
   * The claims on run {@code id} that hold at {@code now} (sections being walked, steps whose
   * command runs), as the ref in {@code repoDir} has them; empty when the run has no ref. Their
   * text came from other machines: escape it before showing it.
   *
   * @throws dev.maint.record.RecordException when the repository cannot be read
   */
  public static List<RunRefs.Claim> liveClaims(Path repoDir, String id, java.time.Instant now) {
    return GitRecorder.isRepository(repoDir) ? RunClaims.live(repoDir, id, now) : List.of();
  }

  /**
   * Whether run {@code id} is being walked at {@code now} by some operator, as its ref in {@code
   * repoDir} tells: a claim on it holds (see {@link RunClaims#live}). A run with nothing recorded is
   * offered to resume (to join it with other sections, or be told who holds them) only then; one
   * whose claims lapsed (its walk was killed before its first answer) has nothing to resume.
   */
  public static boolean walkedNow(Path repoDir, String id, java.time.Instant now) {
    try {
      return GitRecorder.isRepository(repoDir) && !RunClaims.live(repoDir, id, now).isEmpty();
    } catch (dev.maint.record.RecordException e) {
      return false;
    }
  }

  /**
   * Fetches the runs of {@code remote} into the repository's run refs (see {@link RunRefs#fetch}),
   * changing nothing in the state folder.
   *
   * @return what to tell the operator when the remote cannot be reached; empty when fetched
   */
  public static Optional<String> fetch(Path repoDir, String remote, Map<String, String> env, PersonIdent who) {
    if (!GitRecorder.isRepository(repoDir) || RunRefs.fetch(repoDir, remote, env, false, who)) {
      return Optional.empty();
    }
    return Optional.of("The runs on " + RunRefs.shown(remote) + " cannot be fetched now: showing those of this clone.");
  }

  /** How many steps of {@code run} have an answer: in its session file or in its answer files. */
  public static int latestCount(SessionStore.StoredSession session, RunRefs.Stored run) {
    return latestAnswered(session, run).size();
  }

  /** The ids of the steps of {@code run} with an answer: in its session file or in its answer files. */
  public static Set<String> latestAnswered(SessionStore.StoredSession session, RunRefs.Stored run) {
    List<SessionStore.StoredStep> answers = new ArrayList<>(session.steps());
    run.answers().forEach(a -> SessionStore.parseStep(a).ifPresent(answers::add));
    return ids(latest(answers));
  }

  /**
   * How many steps of the state folder's {@code session} have an answer, with those its run's ref
   * in {@code repoDir} holds (given on other clones and fetched); the session's own count when the
   * run has no ref there or the repository cannot be read.
   */
  public static int recordedCount(SessionStore.StoredSession session, Path repoDir) {
    return answered(session, repoDir).size();
  }

  /**
   * The ids of the steps of the state folder's {@code session} with an answer, with those its run's
   * ref in {@code repoDir} holds, as {@link #recordedCount} counts them.
   */
  public static Set<String> answered(SessionStore.StoredSession session, Path repoDir) {
    try {
      if (!GitRecorder.isRepository(repoDir)) {
        return ids(session.steps());
      }
      return RunRefs.find(repoDir, session.id()).map(run -> latestAnswered(session, run))
          .orElseGet(() -> ids(session.steps()));
    } catch (dev.maint.record.RecordException e) {
      return ids(session.steps());
    }
  }

  private static Set<String> ids(List<SessionStore.StoredStep> steps) {
    Set<String> ids = new LinkedHashSet<>();
    steps.forEach(st -> ids.add(st.id()));
    return ids;
  }

  /** Answers in the order in which they stand: by UTC time, then by operator. */
  private static final Comparator<SessionStore.StoredStep> STANDING = Comparator
      .comparing((SessionStore.StoredStep a) -> java.time.Instant.parse(a.started()))
      .thenComparing(a -> a.walker(""));

  /** Per step, the answer that stands: the latest, ties to the operator whose name sorts last. */
  static List<SessionStore.StoredStep> latest(List<SessionStore.StoredStep> answers) {
    Map<String, SessionStore.StoredStep> standing = new LinkedHashMap<>();
    for (SessionStore.StoredStep a : answers) {
      standing.merge(a.id(), a, (x, y) -> STANDING.compare(x, y) >= 0 ? x : y);
    }
    return List.copyOf(standing.values());
  }

  /** What tells two answers apart: the step, when, and whose walk gave it. */
  private static String key(SessionStore.StoredStep a, String fallback) {
    return a.id() + "\0" + java.time.Instant.parse(a.started()) + "\0" + a.walker(fallback);
  }

  /**
   * Every answer the run has: those on its ref ({@code session.json}'s steps and the answer files)
   * and the session's own, each once.
   */
  private static List<SessionStore.StoredStep> answers(Session session, Path repoDir) {
    Map<String, SessionStore.StoredStep> all = new LinkedHashMap<>();
    for (RunRefs.Stored run : RunRefs.list(repoDir)) {
      if (run.id().equals(session.id())) {
        List<SessionStore.StoredStep> onRef = new ArrayList<>();
        SessionStore.parse(run.session()).ifPresent(s -> onRef.addAll(s.steps()));
        run.answers().forEach(a -> SessionStore.parseStep(a).ifPresent(onRef::add));
        onRef.forEach(a -> all.putIfAbsent(key(a, session.operator()), a));
      }
    }
    for (dev.maint.exec.StepResult r : session.results()) {
      SessionStore.StoredStep mine = SessionStore.stored(r, session.walker(r.stepId()));
      all.putIfAbsent(key(mine, session.operator()), mine);
    }
    return List.copyOf(all.values());
  }

  /**
   * Brings into {@code session} the answers that stand on its run's ref (given meanwhile by another
   * operator walking the same run, and fetched), each kept with the operator who gave it.
   *
   * @return whether the session changed
   */
  public static boolean mergeInto(Session session, Path repoDir) {
    if (!GitRecorder.isRepository(repoDir)) {
      return false;
    }
    boolean changed = false;
    for (SessionStore.StoredStep standing : latest(answers(session, repoDir))) {
      Optional<dev.maint.exec.StepResult> mine = session.result(standing.id());
      boolean same = mine.isPresent() && key(SessionStore.stored(mine.get(), session.walker(standing.id())),
          session.operator()).equals(key(standing, session.operator()));
      if (!same) {
        session.record(SessionStore.result(standing), standing.walker(session.operator()));
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The steps of {@code session}'s run that more than one operator answered, with every answer
   * (oldest first) and which stands (see {@link #latest}).
   */
  public static List<RunRecord.Conflict> conflicts(Session session, Path repoDir) {
    if (!GitRecorder.isRepository(repoDir)) {
      return List.of();
    }
    Map<String, List<SessionStore.StoredStep>> byStep = new LinkedHashMap<>();
    for (SessionStore.StoredStep a : answers(session, repoDir)) {
      byStep.computeIfAbsent(a.id(), k -> new ArrayList<>()).add(a);
    }
    List<RunRecord.Conflict> conflicts = new ArrayList<>();
    for (String step : session.order()) {
      List<SessionStore.StoredStep> given = byStep.getOrDefault(step, List.of());
      if (given.stream().map(a -> a.walker(session.operator())).distinct().count() < 2) {
        continue;
      }
      List<SessionStore.StoredStep> sorted = given.stream().sorted(STANDING).toList();
      SessionStore.StoredStep stands = sorted.get(sorted.size() - 1);
      conflicts.add(new RunRecord.Conflict(step, sorted.stream().map(a -> new RunRecord.Conflict.Answer(
          a.walker(session.operator()), a.by(), java.time.Instant.parse(a.started()).toString(), a.status(),
          a.reason(), a == stands)).toList()));
    }
    return conflicts;
  }

  /**
   * Commits the session's current state to its run ref: {@code session.json} and one file per
   * answer.
   *
   * @param who the operator committing
   */
  public static void save(SessionStore store, String id, Path repoDir, PersonIdent who) {
    if (!GitRecorder.isRepository(repoDir)) {
      return;
    }
    store.read(id).ifPresent(s -> RunRefs.save(repoDir, id, SessionStore.bytes(s),
        s.steps().stream().map(st -> new RunRefs.Answer(st.id(), st.started(), st.walker(s.operator()),
            SessionStore.bytes(st))).toList(), who));
  }
}
