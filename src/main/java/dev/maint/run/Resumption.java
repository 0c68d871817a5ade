package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Start;
import dev.maint.text.OneLine;
import java.nio.file.Path;
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
  /**
   * The options of a resume as given on the command line.
   *
   * @param runbook the runbook file, absolute; empty when neither {@code --runbook} nor {@code
   *     MAINT_RUNBOOK} names one
   * @param environment {@code --env}, if given
   * @param set {@code --set} values given, by name (empty when none)
   * @param resolve {@code --resolve} values given (empty when none)
   * @param full whether {@code --full} was given
   * @param caFile {@code --ca-file} given on the command line, absolute; empty when not given
   */
  public record Given(
      Optional<Path> runbook, Optional<String> environment, Map<String, String> set, List<String> resolve,
      boolean full, Optional<Path> caFile) {
    public Given {
      set = Map.copyOf(set);
      resolve = List.copyOf(resolve);
    }
  }

  private Resumption() {}

  /**
   * The unfinished session {@code maint COMMAND --resume} continues: one walked by {@code command}
   * with something recorded; in the repository {@code --repo} names when it is given, else the
   * current folder's repository's, else the only one there is.
   *
   * @param repoKey the identity (common git folder) of the repository {@code --repo} names, if given
   * @param here the identity of the current folder's repository (or the folder itself)
   * @return empty when no session remembers being started so (the caller goes on as without)
   * @throws MaintException (exit 2) when sessions of several repositories qualify and none is here
   */
  public static Optional<SessionStore.StoredSession> find(SessionStore store, String command,
      Optional<Path> repoKey, Path here) {
    List<SessionStore.StoredSession> open = store.list().stream()
        .filter(s -> s.state().equals("open") && s.start() != null && command.equals(s.start().command())
            && (!s.steps().isEmpty() || s.running() != null))
        .toList();
    if (repoKey.isPresent()) {
      return open.stream().filter(s -> s.start().repoKey().equals(repoKey.get().toString())).findFirst();
    }
    Optional<SessionStore.StoredSession> local = open.stream()
        .filter(s -> s.start().repoKey().equals(here.toString())).findFirst();
    if (local.isPresent() || open.size() <= 1) {
      return local.or(() -> open.stream().findFirst());
    }
    throw MaintException.usage("unfinished " + command + " sessions in several repositories: choose one with "
        + String.join(" or ", open.stream().map(s -> "--repo " + ShellWords.quote(s.repo())).distinct().toList()));
  }

  /**
   * Refuses options that contradict how {@code found} was started, naming the difference.
   *
   * @throws MaintException (exit 2) on the first difference found: runbook, environment, a {@code
   *     --set} value, {@code --resolve}, {@code --full}, {@code --ca-file}; or when the session began with secret
   *     {@code --set} values and none are given again
   */
  public static void check(SessionStore.StoredSession found, Given given) {
    Start start = found.start();
    String session = "session " + OneLine.escape(found.id());
    String restart = ", or start over with --restart";
    Optional<String> runbook = Optional.ofNullable(start.runbook());
    if (given.runbook().isPresent() && !given.runbook().map(Path::toString).equals(runbook)) {
      throw MaintException.usage(session + " began with " + runbook.map(r -> "--runbook " + OneLine.escape(r))
          .orElse("the embedded runbook") + ", not --runbook " + given.runbook().get() + ": resume it with "
          + runbook.map(r -> "--runbook " + ShellWords.quote(r)).orElse("no --runbook") + restart);
    }
    if (given.environment().isPresent() && !given.environment().get().equals(found.environment())) {
      throw MaintException.usage(session + " runs in environment '" + OneLine.escape(found.environment())
          + "': resume it with --env " + OneLine.escape(found.environment()) + " or without --env, not --env " + given.environment().get() + restart);
    }
    if (!given.set().isEmpty()) {
      for (Map.Entry<String, String> kept : start.set().entrySet()) {
        String now = given.set().get(kept.getKey());
        if (!Objects.equals(now, kept.getValue())) {
          throw MaintException.usage(session + " began with other --set values: " + OneLine.escape(kept.getKey())
              + "=" + OneLine.escape(kept.getValue()) + ", not " + (now == null ? "none" : kept.getKey() + "=" + now)
              + ": repeat them to resume it (or give no --set)" + restart);
        }
      }
      for (String name : given.set().keySet()) {
        if (!start.set().containsKey(name) && !start.secretSet().contains(name)) {
          throw MaintException.usage(session + " began with other --set values: " + name + " was not set"
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
