package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Commits a maintenance-log entry straight to a branch with jgit: the new commit is built from
 * the branch's tree in memory and the branch ref is moved with a compare-and-swap. The working
 * tree, the index and HEAD are never touched, so the operator's uncommitted work is safe.
 */
public final class GitRecorder {
  /**
   * What to commit.
   *
   * @param branch short branch name, e.g. {@code maintenance/2026-11}
   * @param logFile path of the Markdown log relative to the repository root
   * @param columns the log table's columns
   * @param row the Markdown row to append
   * @param message the full commit message
   * @param author the operator
   * @param marker text unique to this session's row; an existing row holding it is replaced
   */
  public record Entry(
      String branch, String logFile, java.util.List<String> columns, String row, String message,
      PersonIdent author, String marker) {}

  /**
   * The commit made.
   *
   * @param commitId full hex id
   * @param branch short branch name
   * @param createdBranch whether the branch was created from the default branch
   */
  public record Committed(String commitId, String branch, boolean createdBranch) {}

  private GitRecorder() {}

  /**
   * Appends the entry's row to the log on the entry's branch and commits it.
   *
   * @param repoDir a directory inside a non-bare git repository
   * @throws RecordException when {@code repoDir} is not in a git repository, the branch is the one
   *     checked out, the branch name is invalid, or the branch moved while committing
   */
  public static Committed commit(Path repoDir, Entry entry) {
    try (Repository repo = open(repoDir)) {
      String refName = Constants.R_HEADS + entry.branch();
      if (!Repository.isValidRefName(refName)) {
        throw new RecordException("invalid branch name '" + entry.branch() + "'");
      }
      String checkedOut = repo.getFullBranch();
      if (refName.equals(checkedOut)) {
        throw new RecordException(checkedOutMessage(entry.branch(), repo));
      }
      Ref existing = repo.exactRef(refName);
      Optional<ObjectId> parent =
          existing != null ? Optional.of(existing.getObjectId()) : defaultBranchTip(repo);
      try (ObjectInserter inserter = repo.newObjectInserter();
          ObjectReader reader = repo.newObjectReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit parentCommit = parent.isPresent() ? walk.parseCommit(parent.get()) : null;
        String current = parentCommit == null ? null : readFile(reader, parentCommit, entry.logFile());
        String updated = MarkdownLog.append(current, entry.columns(), entry.row(), entry.marker());
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, updated.getBytes(StandardCharsets.UTF_8));
        ObjectId tree = treeWith(reader, inserter, parentCommit, entry.logFile(), blob);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        if (parentCommit != null) {
          commit.setParentId(parentCommit);
        }
        commit.setAuthor(entry.author());
        commit.setCommitter(entry.author());
        commit.setMessage(entry.message());
        ObjectId commitId = inserter.insert(commit);
        inserter.flush();
        RefUpdate update = repo.updateRef(refName);
        update.setNewObjectId(commitId);
        update.setExpectedOldObjectId(existing == null ? ObjectId.zeroId() : existing.getObjectId());
        update.setRefLogMessage("maint: log entry", false);
        RefUpdate.Result result = update.update(walk);
        switch (result) {
          case NEW, FAST_FORWARD, FORCED -> {
            return new Committed(commitId.name(), entry.branch(), existing == null);
          }
          default -> throw new RecordException(
              "could not update branch " + entry.branch() + " (" + result + "); it may have moved meanwhile — run again");
        }
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
  }

  /**
   * Checks before a walk that the entry can be committed later, so an operator does not walk a
   * cadence for hours to learn at the end that the log cannot be written.
   *
   * @throws RecordException for the same reasons {@link #commit} would
   */
  public static void preflight(Path repoDir, String branch) {
    try (Repository repo = open(repoDir)) {
      String refName = Constants.R_HEADS + branch;
      if (!Repository.isValidRefName(refName)) {
        throw new RecordException("invalid branch name '" + branch + "'");
      }
      if (refName.equals(repo.getFullBranch())) {
        throw new RecordException(checkedOutMessage(branch, repo));
      }
    } catch (IOException e) {
      throw new RecordException("git: " + e.getMessage(), e);
    }
  }

  private static String checkedOutMessage(String branch, Repository repo) {
    return "branch " + branch + " is checked out in " + repo.getWorkTree()
        + "; check out another branch so maint can commit the log entry without touching your working tree";
  }

  private static Repository open(Path dir) throws IOException {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new RecordException(
          "not a git repository: " + dir.toAbsolutePath() + " (use --repo DIR to name the repository for the log)");
    }
    try {
      Repository repo = builder.setMustExist(true).build();
      if (repo.isBare()) {
        repo.close();
        throw new RecordException("bare repository at " + dir.toAbsolutePath() + "; give --repo a checkout");
      }
      return repo;
    } catch (RepositoryNotFoundException e) {
      throw new RecordException("not a git repository: " + dir.toAbsolutePath(), e);
    }
  }

  /**
   * The default branch: the remote's HEAD when known, else main or master, else the branch HEAD
   * points at. Empty for a repository without commits.
   */
  static Optional<ObjectId> defaultBranchTip(Repository repo) throws IOException {
    for (String name :
        new String[] {"refs/remotes/origin/HEAD", "refs/heads/main", "refs/heads/master", Constants.HEAD}) {
      Ref ref = repo.exactRef(name);
      if (ref != null && ref.getObjectId() != null) {
        return Optional.of(ref.getObjectId());
      }
    }
    return Optional.empty();
  }

  private static String readFile(ObjectReader reader, RevCommit commit, String path) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, path, commit.getTree())) {
      if (tw == null) {
        return null;
      }
      return new String(reader.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ObjectId treeWith(
      ObjectReader reader, ObjectInserter inserter, RevCommit parent, String path, ObjectId blob)
      throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    if (parent != null) {
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
    }
    DirCacheEntry e = new DirCacheEntry(path);
    e.setFileMode(FileMode.REGULAR_FILE);
    e.setObjectId(blob);
    // DirCacheBuilder.finish sorts, and a path already present from the parent is replaced below.
    DirCache fresh = DirCache.newInCore();
    DirCacheBuilder out = fresh.builder();
    builder.finish();
    for (int i = 0; i < index.getEntryCount(); i++) {
      DirCacheEntry old = index.getEntry(i);
      if (!old.getPathString().equals(path)) {
        out.add(old);
      }
    }
    out.add(e);
    out.finish();
    return fresh.writeTree(inserter);
  }
}
