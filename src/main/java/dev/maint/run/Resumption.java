package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Start;
import dev.maint.record.GitRecorder;
import dev.maint.text.OneLine;
import dev.maint.text.ShellWords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code maint CADENCE --resume} continues when the session remembers how it was started
 * ({@link Start}): the unfinished session of that command, found by the repository's identity
 * from any folder, and whether the options given contradict how it was started. Options not given
 * take the session's values; options given must match them. Selection options are not compared:
 * they choose the steps of each walk anew.
 */
public final class Resumption {
  private Resumption() {}

  /**
   * The unfinished session {@code maint COMMAND --resume} continues: one walked by {@code command}
   * with something recorded; in the repository {@code --repo} names when it is given, else the
   * current folder's repository's when it is in one (never another repository's), else the only one
   * there is.
   *
   * @param repoKey the identity (common git folder) of the repository {@code --repo} names, if given
   * @param here the identity of the current folder's repository (or the folder itself)
   * @return empty when no session remembers being started so (the caller goes on as without)
   * @throws MaintException (exit 2) when sessions of several repositories qualify and none is here;
   *     or when the repository's has none but a damaged session file may be its session
   */
  public static Optional<SessionStore.StoredSession> find(SessionStore store, String command,
      Optional<Path> repoKey, Path here) {
    return find(store, command, repoKey, here, s -> false);
  }

  /**
   * As {@link #find(SessionStore, String, Optional, Path)}; a session with nothing recorded yet that
   * {@code walkedNow} accepts (a run another operator walks now, see {@link RunSync#walkedNow}) is
   * found too. Of several in the repository, the newest.
   */
  public static Optional<SessionStore.StoredSession> find(SessionStore store, String command,
      Optional<Path> repoKey, Path here, java.util.function.Predicate<SessionStore.StoredSession> walkedNow) {
    return candidates(store, command, repoKey, here, walkedNow).stream().findFirst();
  }

  /**
   * Every unfinished session {@code maint COMMAND --resume} may continue, newest first: those walked
   * by {@code command} with something recorded (or that {@code walkedNow} accepts); of the repository
   * {@code --repo} names when it is given, else of the current folder's repository when it is in
   * one (never another repository's), else of the only repository that has any. Several in one
   * repository are for the operator to choose from ({@link #pick}, {@link #several}).
   *
   * @param repoKey the identity (common git folder) of the repository {@code --repo} names, if given
   * @param here the identity of the current folder's repository (or the folder itself)
   * @return empty when none qualifies
   * @throws MaintException (exit 2) when sessions of several repositories qualify and none is here;
   *     or when the repository's has none but a damaged session file may be its session
   */
  public static List<SessionStore.StoredSession> candidates(SessionStore store, String command,
      Optional<Path> repoKey, Path here, java.util.function.Predicate<SessionStore.StoredSession> walkedNow) {
    List<SessionStore.StoredSession> open = store.list().stream()
        .filter(s -> s.state().equals("open") && s.start() != null && command.equals(s.start().command())
            && (!s.steps().isEmpty() || s.running() != null || walkedNow.test(s)))
        .sorted(NEWEST_FIRST)
        .toList();
    // Inside a repository a resume continues a session of that repository only, never one of
    // another repository the state folder happens to hold.
    Optional<Path> target = repoKey.or(() -> GitRecorder.commonDir(here).map(c -> here));
    if (target.isPresent()) {
      List<SessionStore.StoredSession> found = open.stream()
          .filter(s -> s.start().repoKey().equals(target.get().toString())).toList();
      if (found.isEmpty()) {
        refuseDamaged(store, command, target.get());
      }
      return found;
    }
    if (open.stream().map(s -> s.start().repoKey()).distinct().count() <= 1) {
      return open;
    }
    throw MaintException.usage("unfinished " + command + " sessions in several repositories: choose one with "
        + String.join(" or ", open.stream().map(s -> "--repo " + ShellWords.quote(s.repo())).distinct().toList()));
  }

  /** Newest start first; equal starts by id, so every listing and question orders them alike. */
  private static final java.util.Comparator<SessionStore.StoredSession> NEWEST_FIRST = java.util.Comparator
      .comparing((SessionStore.StoredSession s) -> java.time.Instant.parse(s.started())).reversed()
      .thenComparing(SessionStore.StoredSession::id);

  /**
   * The session {@code --session ID} names among {@code candidates}.
   *
   * @param where the repository the resume is for, as the refusal names it
   * @throws MaintException (exit 2, one line) when {@code id} is none of them: its file set aside as
   *     damaged (named, with what is wrong), or no unfinished session of {@code command} there
   */
  public static SessionStore.StoredSession pick(SessionStore store, List<SessionStore.StoredSession> candidates,
      String id, String command, String where) {
    for (SessionStore.StoredSession s : candidates) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    for (SessionStore.Damaged d : store.damaged()) {
      if (d.file().getFileName().toString().startsWith(id + ".json")) {
        throw MaintException.usage("session " + OneLine.escape(id) + " cannot be resumed: its session file "
            + OneLine.escape(d.file().toString()) + " is damaged (" + OneLine.escape(d.reason())
            + "): look at it (maint sessions lists it; it is kept where it is)");
      }
    }
    String others = candidates.isEmpty() ? "there is none"
        : "there " + (candidates.size() == 1 ? "is " : "are ") + String.join(", ",
            candidates.stream().map(s -> OneLine.escape(s.id())).toList());
    throw MaintException.usage("no unfinished " + command + " session " + OneLine.escape(id) + " to resume for "
        + where + " (" + others + "; maint sessions lists them)");
  }

  /**
   * Refuses an unattended {@code --resume} that finds several unfinished sessions: it will not
   * guess which, and names each with {@code describe}'s words and the option that picks one.
   *
   * @throws MaintException (exit 2, one line) always
   */
  public static void refuseSeveral(List<SessionStore.StoredSession> candidates, String command, String where,
      java.util.function.Function<SessionStore.StoredSession, String> describe) {
    throw MaintException.usage(candidates.size() + " unfinished " + command + " sessions to resume for " + where
        + ": " + String.join("; ", candidates.stream().map(describe).toList())
        + ": choose one with --session ID");
  }

  /**
   * Refuses a resume in the repository {@code key} (its common git folder) whose session file may
   * be one the state folder set aside as damaged: of that repository (or of one that cannot be
   * read) and of the cadence {@code command} walks (or of one that cannot be read).
   *
   * @throws MaintException (exit 2) naming the damaged file and what is wrong with it
   */
  private static void refuseDamaged(SessionStore store, String command, Path key) {
    String cadence = command.substring(command.lastIndexOf(' ') + 1);
    for (SessionStore.Damaged d : store.damaged()) {
      boolean sameCadence = d.cadence().map(cadence::equals).orElse(true);
      boolean sameRepo = d.repo().map(r -> GitRecorder.commonDir(Path.of(r)).map(key::equals)
          .orElse(Path.of(r).equals(key))).orElse(true);
      if (sameCadence && sameRepo) {
        throw MaintException.usage("no unfinished " + command + " session to resume here: its session file "
            + OneLine.escape(d.file().toString()) + " is damaged (" + OneLine.escape(d.reason()) + "; "
            + OneLine.escape(d.scope()) + "): look at it (maint sessions lists it; it is kept where it is),"
            + " then start over with --restart");
      }
    }
  }

  /**
   * What a resume of {@code found} walks with: each option given, checked against how the session
   * was started ({@link #check}), else the session's value. Paths the session keeps that do not
   * exist here (a run fetched from another machine) are left out, so the defaults apply to them.
   *
   * @param given the options given on the command line (a configuration's defaults left out: on
   *     resume the session's own values win over them, as another folder may read other files);
   *     the runbook also when {@code MAINT_RUNBOOK} names it
   * @param configSet the configuration files' {@code set:} values in force here, by name: a {@code
   *     --set} given on resume adds to them, as the session's start kept both
   * @return the request the resumed run is planned from; the environment's choice is where it was
   *     chosen when the session began, unless {@code --env} is given
   * @throws MaintException (exit 2) as {@link #check}
   */
  public static RunRequest resume(SessionStore.StoredSession found, RunRequest given, Map<String, String> configSet) {
    check(found, given, configSet);
    Start start = found.start();
    RunRequest.Builder walked = given.toBuilder();
    if (given.runbook().isEmpty()) {
      Optional<Path> kept = existing(start.runbook(), Files::isRegularFile);
      if (start.runbook() != null && kept.isEmpty()) {
        // Walking another runbook (the embedded one, say) would only fail later with a misleading
        // selection error, or walk other steps under the same id.
        throw MaintException.usage("session " + OneLine.escape(found.id()) + " began with --runbook "
            + OneLine.escape(start.runbook()) + ", which is not here (no such file): resume it with --runbook FILE,"
            + " a copy of that runbook (sha256 " + shortDigest(found.runbookSha256()) + ")"
            + ", or start over with --restart");
      }
      walked.runbook(kept);
    }
    if (given.environment().isEmpty()) {
      walked.environment(Optional.of(found.environment()), Optional.ofNullable(start.environmentChosen()));
    }
    if (given.caFile().isEmpty()) {
      walked.caFile(existing(start.caFile(), Files::isRegularFile));
    }
    if (given.set().isEmpty()) {
      walked.set(start.set());
    }
    if (given.resolve().isEmpty()) {
      walked.resolve(start.resolve());
    }
    if (given.workdir().isEmpty()) {
      walked.workdir(existing(start.workdir(), Files::isDirectory));
    }
    if (given.repo().isEmpty()) {
      walked.repo(existing(found.repo(), Files::isDirectory));
    }
    return walked.full(given.full() || start.full()).build();
  }

  /**
   * Whether {@code file} holds the runbook {@code found} began with, byte for byte (its SHA-256 is
   * the session's {@code runbookSha256}): a copy in another folder or on another clone is the same
   * runbook.
   */
  static boolean sameRunbook(Path file, SessionStore.StoredSession found) {
    try {
      return found.runbookSha256() != null
          && dev.maint.text.Sha256.hex(Files.readAllBytes(file)).equals(found.runbookSha256());
    } catch (java.io.IOException | RuntimeException unreadable) {
      // Loading it says what is wrong with it; here it is only not the same.
      return false;
    }
  }

  /**
   * What to tell the operator when a resume walks another file than the one the session began with,
   * holding the same runbook: which file is used.
   */
  public static Optional<String> runbookNote(SessionStore.StoredSession found, RunRequest walked) {
    Start start = found.start();
    if (start == null || start.runbook() == null || walked.runbook().isEmpty()
        || walked.runbook().get().toString().equals(start.runbook())) {
      return Optional.empty();
    }
    return Optional.of("Resuming with the runbook " + walked.runbook().get() + ": the same runbook (sha256 "
        + shortDigest(found.runbookSha256()) + ") session " + OneLine.escape(found.id()) + " began with as "
        + OneLine.escape(start.runbook()) + ".");
  }

  /** The first 12 hex digits of a SHA-256, as the opening lines show a runbook's. */
  private static String shortDigest(String sha256) {
    return sha256 == null || sha256.isBlank() ? "unknown" : OneLine.escape(sha256.substring(0, Math.min(12, sha256.length())));
  }

  /** {@code path} when it is kept and {@code exists} here. */
  private static Optional<Path> existing(String path, java.util.function.Predicate<Path> exists) {
    return Optional.ofNullable(path).map(Path::of).filter(exists);
  }

  /**
   * Refuses options that contradict how {@code found} was started, naming the difference.
   *
   * @param given as {@link #resume}
   * @param configSet as {@link #resume}
   * @throws MaintException (exit 2) on the first difference found: runbook, environment, a {@code
   *     --set} value, {@code --resolve}, {@code --full}, {@code --ca-file}; or when the session began
   *     with secret {@code --set} values and none are given again
   */
  public static void check(SessionStore.StoredSession found, RunRequest given, Map<String, String> configSet) {
    Start start = found.start();
    // A --set given now adds to the configuration's values in force here, as the start kept both.
    Map<String, String> inForce = new LinkedHashMap<>();
    if (!given.set().isEmpty()) {
      inForce.putAll(configSet);
      inForce.putAll(given.set());
    }
    String session = "session " + OneLine.escape(found.id());
    String restart = ", or start over with --restart";
    Optional<String> runbook = Optional.ofNullable(start.runbook());
    if (given.runbook().isPresent() && !given.runbook().map(Path::toString).equals(runbook)
        && !sameRunbook(given.runbook().get(), found)) {
      throw MaintException.usage(session + " began with " + runbook.map(r -> "--runbook " + OneLine.escape(r))
          .orElse("the embedded runbook") + ", not --runbook " + given.runbook().get() + ": resume it with "
          + runbook.map(r -> "--runbook " + ShellWords.quote(r)).orElse("no --runbook") + restart);
    }
    if (given.environment().isPresent() && !given.environment().get().equals(found.environment())) {
      throw MaintException.usage(session + " runs in environment '" + OneLine.escape(found.environment())
          + "': resume it with --env " + OneLine.escape(found.environment()) + " or without --env, not --env " + given.environment().get() + restart);
    }
    if (!inForce.isEmpty()) {
      for (Map.Entry<String, String> kept : start.set().entrySet()) {
        String now = inForce.get(kept.getKey());
        if (!Objects.equals(now, kept.getValue())) {
          throw MaintException.usage(session + " began with other --set values: " + OneLine.escape(kept.getKey())
              + "=" + OneLine.quoted(kept.getValue()) + ", not "
              + (now == null ? "none" : OneLine.escape(kept.getKey()) + "=" + OneLine.quoted(now))
              + ": repeat them to resume it (or give no --set)" + restart);
        }
      }
      for (String name : inForce.keySet()) {
        if (!start.set().containsKey(name) && !start.secretSet().contains(name)) {
          throw MaintException.usage(session + " began with other --set values: " + OneLine.escape(name) + " was not set"
              + ": repeat them to resume it (or give no --set)" + restart);
        }
      }
    } else if (!start.secretSet().isEmpty()) {
      throw MaintException.usage(session + " began with --set for the secret variable"
          + (start.secretSet().size() == 1 ? " " : "s ") + OneLine.escape(String.join(", ", start.secretSet()))
          + ", whose values are never kept: give " + (start.secretSet().size() == 1 ? "it" : "them")
          + " again with --set to resume it");
    }
    if (!given.resolve().isEmpty() && !given.resolve().equals(start.resolve())) {
      throw MaintException.usage(session + " began with "
          + (start.resolve().isEmpty() ? "no --resolve" : "--resolve " + OneLine.escape(String.join(" --resolve ", start.resolve())))
          + ", not --resolve " + String.join(" --resolve ", given.resolve()) + ": resume it without --resolve" + restart);
    }
    if (given.full() && !start.full()) {
      throw MaintException.usage(session + " began without --full: resume it without --full" + restart);
    }
    Optional<String> ca = Optional.ofNullable(start.caFile());
    if (given.caFile().isPresent() && !given.caFile().map(Path::toString).equals(ca)) {
      throw MaintException.usage(session + " began with " + ca.map(c -> "--ca-file " + OneLine.escape(c))
          .orElse("no --ca-file") + ", not --ca-file " + given.caFile().get() + ": resume it without --ca-file"
          + restart);
    }
  }
}
