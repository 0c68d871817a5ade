package dev.maint.record;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Commits a run's log row and record file to the cadence's branch with jgit. The commit is built
 * in memory from the branch's tree (or the default branch's, for a new branch) and the branch ref
 * is moved with a compare-and-swap, so a branch that moved meanwhile is never overwritten.
 *
 * <p>When the branch is checked out in the repository's work tree, the two files are brought up
 * to date in the work tree and the index too, as {@code git merge --ff-only} would; that needs
 * both paths free of uncommitted edits. Nothing else of the operator's work tree or index is
 * changed, staged or discarded. A branch checked out in another worktree is refused, as git does.
 */
public final class GitRecorder {
  /**
   * What to commit.
   *
   * @param branch short branch name, e.g. {@code maintenance/2026-11}
   * @param logFile path of the Markdown log relative to the repository root
   * @param columns the log table's columns
   * @param row the Markdown row to append, redacted
   * @param recordPath path of the new record file relative to the repository root
   * @param recordJson the record file's content, redacted
   * @param message the full commit message
   * @param author the operator, with the author time
   * @param committed the committer time
   */
  public record Entry(
      String branch, String logFile, List<String> columns, String row, String recordPath, String recordJson,
      String message, PersonIdent author, Instant committed) {
    /** An entry committed now (by the system clock): a commit re-applied onto a moved branch. */
    public Entry(String branch, String logFile, List<String> columns, String row, String recordPath, String recordJson,
        String message, PersonIdent author) {
      this(branch, logFile, columns, row, recordPath, recordJson, message, author, Instant.now());
    }

    public Entry {
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(logFile, "logFile");
      columns = List.copyOf(columns);
      Objects.requireNonNull(row, "row");
      Objects.requireNonNull(recordPath, "recordPath");
      Objects.requireNonNull(recordJson, "recordJson");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(committed, "committed");
    }
  }

  /**
   * The commit made.
   *
   * @param commitId full hex id
   * @param branch short branch name
   * @param createdBranch whether the branch was created from the default branch
   * @param workTreeUpdated whether the branch is checked out and its work tree was updated
   */
  public record Committed(String commitId, String branch, boolean createdBranch, boolean workTreeUpdated) {}

  private GitRecorder() {}

  /**
   * Appends the entry's row to the log and adds its record file on the entry's branch, and
   * commits.
   *
   * @param repoDir a directory inside a git repository (a bare repository works too)
   * @throws RecordException when {@code repoDir} is not in a git repository, the branch name is
   *     invalid, the branch is checked out elsewhere or has uncommitted edits to the log or the
   *     record path, there is no default branch to start it from, or it moved while committing
   */
  public static Committed commit(Path repoDir, Entry entry) {
    // Another maint of this clone may commit to the branch between reading it and moving it (two
    // operators walking one run): the entry is then made again on top of what it committed.
    for (int attempt = 1; ; attempt++) {
      try {
        return commitOnce(repoDir, entry);
      } catch (Branches.Moved moved) {
        if (attempt >= GitPusher.ATTEMPTS) {
          throw moved;
        }
      }
    }
  }

  private static Committed commitOnce(Path repoDir, Entry entry) {
    try (Repository repo = open(repoDir)) {
      String refName = Constants.R_HEADS + entry.branch();
      Optional<ObjectId> base = check(repo, entry.branch(), List.of(entry.logFile(), entry.recordPath()));
      Ref existing = SoundRefs.exact(repo, refName);
      try (ObjectInserter inserter = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
        RevCommit parent = walk.parseCommit(existing != null ? existing.getObjectId() : base.orElseThrow());
        ObjectId commitId = Trees.commitOnto(repo, inserter, walk, parent, entry);
        boolean checkedOut = Branches.move(repo, refName, existing == null ? null : parent, commitId, walk);
        return new Committed(commitId.name(), entry.branch(), existing == null, checkedOut);
      } catch (IOException e) {
        throw new RecordException("git: cannot commit to " + repo.getDirectory() + ": " + reason(e), e);
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
  }

  /**
   * Checks before a walk that the entry can be committed later, so an operator does not walk a
   * cadence for hours to learn at the end that the log cannot be written.
   *
   * @param paths the log file and the record path, which must have no uncommitted edits when the
   *     branch is checked out
   * <p>It also creates and deletes a file in the repository's object and ref folders: a
   * read-only mount or a full disk shows there, and would otherwise only show in the commit.
   *
   * @return notes for the operator (a stale lock removed)
   * @throws RecordException for the same reasons {@link #commit} would, when the object or ref
   *     folder cannot be written (the message names the folder), when less than {@link
   *     #RECORD_SPACE} bytes are free there, or when a lock the commit needs is held or fresh
   */
  public static List<String> preflight(Path repoDir, String branch, List<String> paths) {
    try (Repository repo = open(repoDir)) {
      check(repo, branch, paths);
      Path common = repo.getCommonDirectory().toPath();
      writable(common.resolve(Constants.OBJECTS));
      writable(common.resolve(Constants.R_REFS));
      space(common.resolve(Constants.OBJECTS));
      // The locks the commit will take: a stale one (a maint killed during a commit) would make
      // the commit fail after every step was walked, and every resume after it.
      List<Path> locks = new java.util.ArrayList<>(List.of(
          common.resolve(Constants.R_HEADS + branch + ".lock"), common.resolve(Constants.PACKED_REFS + ".lock")));
      if (!repo.isBare() && (Constants.R_HEADS + branch).equals(repo.getFullBranch())) {
        locks.add(repo.getIndexFile().toPath().resolveSibling(repo.getIndexFile().getName() + ".lock"));
      }
      return GitLocks.clearAndTry(locks, java.time.Instant.now());
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
  }

  /** Bytes a commit of the log row and the record needs at most, with room to spare. */
  static final long RECORD_SPACE = 1L << 20;

  /** Checks the file system holding {@code dir} has {@link #RECORD_SPACE} bytes free. */
  private static void space(Path dir) {
    long free;
    try {
      free = Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return;
    }
    if (free < RECORD_SPACE) {
      throw new RecordException("not enough free space to record the walk: " + free + " bytes free for " + dir
          + ", at least " + RECORD_SPACE + " needed; free some space, then run again");
    }
  }

  /**
   * Checks that the branch can take a commit; returns where a new branch would start (empty when
   * the branch exists).
   */
  private static Optional<ObjectId> check(Repository repo, String branch, List<String> paths) throws IOException {
    String refName = Constants.R_HEADS + branch;
    if (!Repository.isValidRefName(refName)) {
      throw new RecordException("invalid branch name '" + branch + "'");
    }
    Optional<String> elsewhere = Branches.checkedOutElsewhere(repo, refName);
    if (elsewhere.isPresent()) {
      throw new RecordException("branch " + branch + " is checked out in another worktree, " + elsewhere.get()
          + "; check out another branch there, or run maint in that worktree");
    }
    boolean checkedOut = !repo.isBare() && refName.equals(repo.getFullBranch());
    Ref existing = SoundRefs.exact(repo, refName);
    if (existing == null && checkedOut) {
      throw new RecordException("branch " + branch + " is checked out in " + repo.getWorkTree()
          + " but has no commits yet; commit something on it first, or check out another branch");
    }
    if (checkedOut) {
      List<String> dirty = Branches.uncommitted(repo, paths);
      if (!dirty.isEmpty()) {
        throw new RecordException(String.join(" and ", dirty) + " has uncommitted changes in " + repo.getWorkTree()
            + " (branch " + branch + " is checked out); commit or stash them, then run again");
      }
      return Optional.empty();
    }
    return existing != null ? Optional.empty() : Optional.of(Branches.defaultBase(repo, branch));
  }

  /**
   * Refuses, before anything is taken in it (the walk lock lives in the git folder too), a
   * repository whose common git folder {@code gitDir} cannot be written for another reason than
   * permissions (a read-only file system, a full disk): then the
   * operator learns that the repository cannot be written, not that a lock cannot be taken. A
   * folder this account may not write is left to the walk lock, whose refusal explains that every
   * account walking the repository shares it. Nothing is checked when {@code gitDir} is no git
   * folder; {@link #preflight} says why later.
   *
   * @throws RecordException (exit 2) naming the object folder, as {@link #preflight} does
   */
  public static void refuseReadOnly(Path gitDir) {
    Path objects = gitDir.resolve(Constants.OBJECTS);
    if (!Files.isDirectory(objects)) {
      return;
    }
    try {
      // FileStore.isReadOnly misses a bind mount remounted read-only: trying to write tells.
      Files.delete(Files.createTempFile(objects, ".maint-preflight-", ".tmp"));
    } catch (java.nio.file.AccessDeniedException left) {
      // This account may not write here: the walk lock's refusal says so, and why.
    } catch (IOException e) {
      throw new RecordException("cannot write to the git repository: " + objects + " (" + reason(e)
          + "); the log entry could not be committed after the walk, so nothing was walked", e);
    }
  }

  private static void writable(Path dir) {
    try {
      Files.delete(Files.createTempFile(dir, ".maint-preflight-", ".tmp"));
    } catch (IOException e) {
      throw new RecordException("cannot write to the git repository: " + dir + " (" + reason(e)
          + "); the log entry could not be committed after the walk, so nothing was walked", e);
    }
  }

  /** What went wrong, as the file system said it, without Java's exception class names. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
  }

  /** Whether {@code dir} lies inside a git repository (or is a bare one). */
  public static boolean isRepository(Path dir) {
    return new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile()).getGitDir() != null;
  }

  /**
   * The root of the repository containing {@code dir}: the top folder of its work tree, or the git
   * folder of a bare repository, with symbolic links resolved. Every way of naming one repository
   * (a subfolder, a symbolic link) gives the same root, so it keys what is kept per work tree: the
   * session files. The session lock is per repository ({@link #commonDir}).
   *
   * @return empty when {@code dir} does not exist or lies in no git repository, or the repository
   *     cannot be read (opening it later says why)
   */
  public static Optional<Path> root(Path dir) {
    try {
      Optional<FileRepositoryBuilder> found = locate(dir);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      FileRepositoryBuilder b = found.get();
      return Optional.of((b.isBare() ? b.getGitDir() : b.getWorkTree()).toPath().toRealPath());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The git folder the work trees of the repository containing {@code dir} share, with symbolic
   * links resolved: {@code .git} of the main work tree also for a linked one ({@code git worktree
   * add}, whose own {@code .git} file leads to {@code .git/worktrees/NAME}), the folder itself for a
   * bare repository. Unlike {@link #root}, which differs per work tree, it names the repository and
   * the branches every work tree commits to, so it keys the session lock.
   *
   * @return empty when {@code dir} does not exist or lies in no git repository, or the repository
   *     cannot be read
   */
  public static Optional<Path> commonDir(Path dir) {
    try {
      Optional<FileRepositoryBuilder> found = locate(dir);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      File common = found.get().getGitCommonDir();
      return Optional.of((common != null ? common : found.get().getGitDir()).toPath().toRealPath());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The git folder, work tree and common folder of the repository containing {@code dir}, as jgit
   * works them out from {@code .git}, a {@code .git} file, {@code commondir} and the repository's
   * own {@code config} ({@code core.bare}, {@code core.worktree}), without opening the repository:
   * opening it reads the user's and the system's git configuration, and jgit finds the latter by
   * starting {@code git --version} and {@code git config --system}, two processes that would cost
   * every {@code maint list} tens of milliseconds.
   */
  private static Optional<FileRepositoryBuilder> locate(Path dir) throws IOException {
    // Resolved first, as git does with its working directory: a link into another repository leads there.
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toRealPath().toFile());
    if (builder.getGitDir() == null) {
      return Optional.empty();
    }
    return Optional.of(builder.setup());
  }

  /**
   * Opens the repository containing {@code dir}.
   *
   * @throws RecordException when there is none
   */
  static Repository open(Path dir) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new RecordException(
          "not a git repository: " + dir.toAbsolutePath() + " (use --repo DIR to name the repository for the log)");
    }
    try {
      return builder.setMustExist(true).build();
    } catch (RepositoryNotFoundException e) {
      throw new RecordException("not a git repository: " + dir.toAbsolutePath(), e);
    }
  }

  /** The identity with the time set to now, for a committer. */
  static PersonIdent now(PersonIdent who) {
    return new PersonIdent(who, Instant.now());
  }
}
