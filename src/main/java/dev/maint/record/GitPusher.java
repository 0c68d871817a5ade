package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Pushes a maintenance branch through the {@code git} command, so the operator's own credentials
 * apply (jgit cannot use ssh agents or credential helpers portably). It never forces: when the
 * remote branch moved on, it fetches it, re-applies the local maint commits on top (appending a
 * row never conflicts and each record file is new) and pushes again, at most {@link #ATTEMPTS}
 * times. On any other failure the local commit stays and the error says how to push later.
 */
public final class GitPusher {
  /** Pushes tried before giving up on a remote that keeps moving. */
  public static final int ATTEMPTS = 5;

  /**
   * A successful push.
   *
   * @param remote the remote as given, credentials hidden
   * @param branch short branch name
   * @param commitId the pushed tip, full hex id
   * @param attempts pushes it took, 1 when the remote had not moved
   * @param reapplied local commits re-applied on top of the remote's, over all attempts
   */
  public record Pushed(String remote, String branch, String commitId, int attempts, int reapplied) {}

  private GitPusher() {}

  /**
   * Checks before a walk that the remote is known: a configured remote name, or a URL or path.
   *
   * @throws RecordException when it is neither
   */
  public static void preflight(Path repoDir, String remote) {
    refuseMalformed(remote);
    try (Repository repo = GitRecorder.open(repoDir)) {
      boolean named = repo.getRemoteNames().contains(remote);
      boolean location = remote.contains(":") || remote.contains("/");
      if (!named && !location) {
        throw new RecordException("no remote named '" + remote + "' in " + repo.getDirectory()
            + " (have: " + String.join(", ", repo.getRemoteNames().stream().sorted().toList())
            + "); give --push a remote name or URL");
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses, before anything runs, a remote that is no remote name, URL or path: one that is empty,
   * starts with {@code -} (git would take it for an option, as {@code --receive-pack=CMD}), or
   * holds a control character or a line break.
   *
   * @param remote the remote as given ({@code --push}, {@code --fetch}, or {@code push:} in
   *     {@code .maint.yaml})
   * @throws RecordException (exit 2) naming what is wrong, in one line
   */
  public static void refuseMalformed(String remote) {
    String why = remote.isBlank() ? "it is empty"
        : remote.startsWith("-") ? "it starts with '-', as an option does"
        : remote.codePoints().anyMatch(c -> Character.isISOControl(c)) ? "it holds a control character"
        : null;
    if (why != null) {
      throw new RecordException("not a remote name, URL or path: " + dev.maint.text.ShellWords.quote(
          dev.maint.text.OneLine.escape(GitCommand.hideCredentials(remote))) + " (" + why + ")");
    }
  }

  /**
   * Pushes the local branch to the same name on the remote.
   *
   * @param env the environment git runs with
   * @param mayPrompt whether git may ask for credentials on the terminal
   * @throws RecordException when the push is refused for a reason other than the remote moving,
   *     the remote cannot be reached, the branch has local commits maint did not make, or the
   *     remote kept moving for {@link #ATTEMPTS} pushes; the local branch keeps the entry
   */
  public static Pushed push(Path repoDir, String branch, String given, Map<String, String> env, boolean mayPrompt) {
    return push(repoDir, branch, given, env, mayPrompt, List.of());
  }

  /**
   * Pushes the local branch as {@link #push(Path, String, String, Map, boolean)} does; the command
   * a failure suggests pushes {@code alsoLater} too (a run's ref, {@code refs/maint/runs/ID}, so
   * that the other clones see the run), every word quoted for a POSIX shell.
   */
  public static Pushed push(Path repoDir, String branch, String given, Map<String, String> env, boolean mayPrompt,
      List<String> alsoLater) {
    String refName = Constants.R_HEADS + branch;
    String shown = GitCommand.hideCredentials(given);
    String withCredentials = expandEnvironment(given, env);
    Optional<GitCommand.Credentials> credentials = GitCommand.Credentials.of(withCredentials);
    // Credentials never reach git's command line (ps shows it to every local user): see GitCommand.
    String remote = credentials.map(GitCommand.Credentials::url).orElse(withCredentials);
    StringBuilder command = new StringBuilder("git push ").append(dev.maint.text.ShellWords.quote(shown)).append(' ')
        .append(dev.maint.text.ShellWords.quote(branch));
    alsoLater.forEach(ref -> command.append(' ').append(dev.maint.text.ShellWords.quote(ref)));
    String later = "; the entry stays committed on " + branch + " — push it later with: " + command;
    int reapplied = 0;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Repository repo = GitRecorder.open(repoDir)) {
        GitCommand git = new GitCommand(repo.getDirectory().toPath(), env, mayPrompt);
        credentials.ifPresent(git::withCredentials);
        Ref local = SoundRefs.exact(repo, refName);
        if (local == null) {
          throw new RecordException("no branch " + branch + " to push");
        }
        GitCommand.Output pushed = git.run("push", "--porcelain", "--", remote, refName + ":" + refName);
        if (pushed.exitCode() == 0) {
          return new Pushed(shown, branch, local.getObjectId().name(), attempt, reapplied);
        }
        Optional<String> rejected = pushed.out().lines().filter(l -> l.startsWith("!")).findFirst();
        if (rejected.isEmpty()) {
          throw new RecordException("push to " + shown + " failed: " + pushed.problem() + later);
        }
        Optional<ObjectId> remoteTip = fetch(git, remote, refName);
        try (RevWalk walk = new RevWalk(repo)) {
          RevCommit localTip = walk.parseCommit(local.getObjectId());
          if (remoteTip.isEmpty() || walk.isMergedInto(walk.parseCommit(remoteTip.get()), localTip)) {
            throw new RecordException("push to " + shown + " was rejected: "
                + GitCommand.hideCredentials(reason(rejected.get())) + later);
          }
          reapplied += reapply(repo, walk, refName, localTip, remoteTip.get(), later);
        }
      } catch (IOException e) {
        throw new RecordException("git: " + e.getMessage() + later, e);
      }
    }
    throw new RecordException("the remote " + shown + " kept moving: gave up after " + ATTEMPTS + " pushes" + later);
  }

  /**
   * The remote with each {@code ${env:NAME}} replaced by that environment variable, so a password
   * can be given as {@code --push 'https://user:${env:TOKEN}@host/repo.git'}, off maint's own
   * command line.
   *
   * @throws RecordException when such a variable is not set
   */
  static String expandEnvironment(String remote, Map<String, String> env) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}").matcher(remote);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw new RecordException("--push: environment variable " + m.group(1) + " is not set");
      }
      // Percent-encoded as a URL's user information needs (RFC 3986, 3.2.1); decoded again for git.
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
          java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The remote branch's tip, fetched; empty when it cannot be fetched (e.g. it does not exist). */
  private static Optional<ObjectId> fetch(GitCommand git, String remote, String refName) {
    if (git.run("fetch", "--no-tags", "--quiet", "--", remote, refName).exitCode() != 0) {
      return Optional.empty();
    }
    GitCommand.Output tip = git.run("rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}");
    return tip.exitCode() == 0 ? Optional.of(ObjectId.fromString(tip.out().strip())) : Optional.empty();
  }

  /**
   * Rebuilds the local commits missing from the remote on top of the remote's tip, each from its
   * record, and moves the local branch there. A commit whose record the remote already has, as it
   * is, is dropped (it landed before); a newer record of the same run replaces the remote's.
   *
   * @return how many commits were re-applied
   */
  private static int reapply(Repository repo, RevWalk walk, String refName, RevCommit localTip, ObjectId remoteTip,
      String later) throws IOException {
    List<ObjectId> mine = new ArrayList<>();
    try (RevWalk missing = new RevWalk(repo)) {
      missing.sort(RevSort.TOPO);
      missing.sort(RevSort.REVERSE, true);
      missing.markStart(missing.parseCommit(localTip));
      missing.markUninteresting(missing.parseCommit(remoteTip));
      missing.forEach(c -> mine.add(c.copy()));
    }
    RevCommit tip = walk.parseCommit(remoteTip);
    int count = 0;
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      for (ObjectId id : mine) {
        GitRecorder.Entry entry = entryOf(walk, walk.parseCommit(id), Repository.shortenRefName(refName), later);
        // The same record landed before; another one at that path (the same run, continued since,
        // perhaps on another clone) is newer and replaces it, with its log row.
        Optional<String> there = Trees.readText(walk.getObjectReader(), tip.getTree(), entry.recordPath());
        if (there.isPresent() && there.get().equals(entry.recordJson())) {
          continue;
        }
        tip = walk.parseCommit(Trees.commitOnto(repo, inserter, walk, tip, entry));
        count++;
      }
    }
    Branches.move(repo, refName, localTip, tip, walk);
    return count;
  }

  /** The entry a maint commit made, read back from its {@code Maint-Record} trailer and record. */
  private static GitRecorder.Entry entryOf(RevWalk walk, RevCommit c, String branch, String later) throws IOException {
    walk.parseBody(c);
    List<String> paths = c.getFooterLines(LogEntry.RECORD_TRAILER);
    Optional<byte[]> json = paths.size() != 1 || c.getParentCount() != 1 ? Optional.empty()
        : Trees.readBytes(walk.getObjectReader(), c.getTree(), paths.get(0));
    if (json.isEmpty()) {
      throw new RecordException("cannot re-apply commit " + c.abbreviate(7).name() + " on " + branch
          + ": maint did not make it; integrate the remote branch yourself (git pull --rebase)" + later);
    }
    RunRecord record = RecordJson.read(json.get(), branch + ":" + paths.get(0));
    return new GitRecorder.Entry(branch, record.log().file(), record.log().columns(), record.log().row(),
        paths.get(0), new String(json.get(), StandardCharsets.UTF_8), c.getFullMessage(), c.getAuthorIdent());
  }

  /** The reason of a porcelain push line {@code !\tSRC:DST\t[rejected] (fetch first)}. */
  private static String reason(String line) {
    String[] parts = line.split("\t");
    return parts.length >= 3 ? parts[2].strip() : line.strip();
  }
}
