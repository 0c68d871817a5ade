package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.IndexDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/** Which commit a new branch starts from, where a branch is checked out, and moving it safely. */
final class Branches {
  private Branches() {}

  /**
   * The tip of the repository's default branch: {@code origin/HEAD} when known, else the branch
   * named by {@code init.defaultBranch}, {@code main} or {@code master}, else the branch HEAD is on.
   *
   * @param branch the branch to be created, for the message
   * @throws RecordException when none of them has a commit (an empty repository, or a detached
   *     HEAD with none of those branches)
   */
  static ObjectId defaultBase(Repository repo, String branch) throws IOException {
    Set<String> candidates = new LinkedHashSet<>();
    candidates.add(Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + Constants.HEAD);
    String configured = repo.getConfig().getString(ConfigConstants.CONFIG_INIT_SECTION, null,
        ConfigConstants.CONFIG_KEY_DEFAULT_BRANCH);
    if (configured != null && !configured.isBlank()) {
      candidates.add(Constants.R_HEADS + configured.strip());
    }
    candidates.add(Constants.R_HEADS + "main");
    candidates.add(Constants.R_HEADS + Constants.MASTER);
    Ref head = repo.exactRef(Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      candidates.add(head.getTarget().getName());
    }
    for (String name : candidates) {
      Ref ref = repo.exactRef(name);
      if (ref != null && ref.getObjectId() != null) {
        return ref.getObjectId();
      }
    }
    String why = head != null && head.isSymbolic()
        ? "the repository has no commits yet (" + Repository.shortenRefName(head.getTarget().getName()) + " is unborn)"
        : "HEAD is detached and there is no main or master branch to start from";
    throw new RecordException("cannot create branch " + branch + ": " + why
        + "; make a first commit on the default branch, or create " + branch + " yourself");
  }

  /**
   * The other worktree of this repository that has {@code refName} checked out, if any.
   */
  static Optional<String> checkedOutElsewhere(Repository repo, String refName) throws IOException {
    Path common = repo.getCommonDirectory().toPath();
    Path own = repo.getDirectory().toPath();
    List<Path> gitDirs = new ArrayList<>();
    gitDirs.add(common);
    Path linked = common.resolve("worktrees");
    if (Files.isDirectory(linked)) {
      try (Stream<Path> dirs = Files.list(linked)) {
        dirs.filter(Files::isDirectory).sorted().forEach(gitDirs::add);
      }
    }
    for (Path dir : gitDirs) {
      if (dir.equals(own) || !Files.isRegularFile(dir.resolve(Constants.HEAD))) {
        continue;
      }
      String head = Files.readString(dir.resolve(Constants.HEAD), StandardCharsets.UTF_8).strip();
      boolean bareMain = dir.equals(common) && repo.getConfig().getBoolean("core", null, "bare", false);
      if (head.equals("ref: " + refName) && !bareMain) {
        return Optional.of(worktreeOf(dir, common));
      }
    }
    return Optional.empty();
  }

  private static String worktreeOf(Path gitDir, Path common) throws IOException {
    if (gitDir.equals(common)) {
      return String.valueOf(common.getParent());
    }
    Path pointer = gitDir.resolve("gitdir");
    if (!Files.isRegularFile(pointer)) {
      return gitDir.toString();
    }
    Path dotGit = Path.of(Files.readString(pointer, StandardCharsets.UTF_8).strip());
    return String.valueOf(dotGit.getParent());
  }

  /** Those of {@code paths} with uncommitted changes: staged, modified, deleted or untracked. */
  static List<String> uncommitted(Repository repo, List<String> paths) throws IOException {
    IndexDiff diff = new IndexDiff(repo, Constants.HEAD, new FileTreeIterator(repo));
    diff.setFilter(PathFilterGroup.createFromStrings(paths));
    diff.diff();
    Set<String> dirty = new LinkedHashSet<>();
    for (Set<String> s : List.of(diff.getAdded(), diff.getChanged(), diff.getRemoved(), diff.getMissing(),
        diff.getModified(), diff.getUntracked(), diff.getConflicting())) {
      dirty.addAll(s);
    }
    return paths.stream().filter(dirty::contains).toList();
  }

  /**
   * Moves the branch from {@code expected} to {@code target} with a compare-and-swap. When the
   * branch is checked out here, the work tree and index are first checked to take the change
   * without conflict and then updated like a fast-forward; other paths keep their changes.
   *
   * @param expected the commit the branch must be at; null when it must not exist yet
   * @return whether the branch is checked out and its work tree was updated
   * @throws RecordException when the branch moved meanwhile or the work tree has conflicting
   *     changes; then nothing was changed
   */
  static boolean move(Repository repo, String refName, RevCommit expected, ObjectId target, RevWalk walk)
      throws IOException {
    boolean checkedOut = expected != null && !repo.isBare() && refName.equals(repo.getFullBranch());
    if (!checkedOut) {
      update(repo, refName, expected, target, walk);
      return false;
    }
    DirCache index = repo.lockDirCache();
    try {
      DirCacheCheckout checkout = new DirCacheCheckout(
          repo, expected.getTree(), index, walk.parseCommit(target).getTree());
      checkout.setFailOnConflict(true);
      checkout.preScanTwoTrees();
      if (!checkout.getConflicts().isEmpty()) {
        throw new RecordException(String.join(", ", checkout.getConflicts()) + " has uncommitted changes in "
            + repo.getWorkTree() + " that the new commit on " + Repository.shortenRefName(refName)
            + " would overwrite; commit or stash them, then run again");
      }
      update(repo, refName, expected, target, walk);
      checkout.checkout();
      return true;
    } finally {
      index.unlock();
    }
  }

  /** How long a commit waits for a ref lock another process holds, as git's core.filesRefLockTimeout. */
  static final java.time.Duration LOCK_WAIT = java.time.Duration.ofSeconds(10);

  private static void update(Repository repo, String refName, ObjectId expected, ObjectId target, RevWalk walk)
      throws IOException {
    long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
    while (true) {
      try {
        updateOnce(repo, refName, expected, target, walk);
        return;
      } catch (LockedException locked) {
        if (System.nanoTime() > deadline) {
          // Still locked: a lock no live process holds, and old enough, was left by a dead one.
          GitLocks.clearStale(locked.lock, java.time.Instant.now());
          updateOnce(repo, refName, expected, target, walk);
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RecordException("interrupted while waiting for the lock " + locked.lock);
        }
      }
    }
  }

  /**
   * The branch was not where the commit expected it: another {@code maint} of this clone (an
   * operator walking other sections of the same run, say) committed meanwhile.
   */
  static final class Moved extends RecordException {
    private static final long serialVersionUID = 1L;

    Moved(String message) {
      super(message);
    }
  }

  /** The ref's lock file was there when the update tried to take it. */
  private static final class LockedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient java.nio.file.Path lock;

    LockedException(java.nio.file.Path lock) {
      super(lock.toString(), null, false, false);
      this.lock = lock;
    }
  }

  private static void updateOnce(Repository repo, String refName, ObjectId expected, ObjectId target, RevWalk walk)
      throws IOException {
    RefUpdate update = repo.updateRef(refName);
    update.setNewObjectId(target);
    update.setExpectedOldObjectId(expected == null ? ObjectId.zeroId() : expected);
    // Re-applied commits replace unpublished local ones, so the move need not be a fast-forward;
    // the compare-and-swap on the expected id is what keeps anyone else's commit from being lost.
    update.setForceUpdate(true);
    update.setRefLogMessage("maint: log entry", false);
    RefUpdate.Result result = update.update(walk);
    java.nio.file.Path lock = repo.getCommonDirectory().toPath().resolve(refName + ".lock");
    if (result == RefUpdate.Result.LOCK_FAILURE && java.nio.file.Files.exists(lock)) {
      throw new LockedException(lock);
    }
    switch (result) {
      case NEW, FAST_FORWARD, FORCED -> { }
      case LOCK_FAILURE -> throw new Moved("could not update branch " + Repository.shortenRefName(refName)
          + " (" + result + "); it may have moved meanwhile — run again");
      default -> throw new RecordException("could not update branch " + Repository.shortenRefName(refName)
          + " (" + result + "); it may have moved meanwhile — run again");
    }
  }
}
