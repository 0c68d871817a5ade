package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Builds commits from trees in memory and reads files out of them; never touches a work tree. */
final class Trees {
  private Trees() {}

  /**
   * A commit on top of {@code parent} whose tree is the parent's with the entry's row appended to
   * the log and its record file added. The commit's objects are inserted; no ref moves.
   *
   * @return the new commit's id
   */
  static ObjectId commitOnto(Repository repo, ObjectInserter inserter, RevWalk walk, RevCommit parent,
      GitRecorder.Entry entry) throws IOException {
    ObjectReader reader = walk.getObjectReader();
    String log = readText(reader, parent.getTree(), entry.logFile()).orElse(null);
    String updated = MarkdownLog.append(log, entry.columns(), entry.row());
    Map<String, ObjectId> blobs = new LinkedHashMap<>();
    blobs.put(entry.logFile(), inserter.insert(Constants.OBJ_BLOB, updated.getBytes(StandardCharsets.UTF_8)));
    blobs.put(entry.recordPath(), inserter.insert(Constants.OBJ_BLOB, entry.recordJson().getBytes(StandardCharsets.UTF_8)));
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(treeWith(reader, inserter, parent.getTree(), blobs));
    commit.setParentId(parent);
    commit.setAuthor(entry.author());
    commit.setCommitter(new PersonIdent(entry.author(), entry.committed()));
    commit.setMessage(entry.message());
    ObjectId id = inserter.insert(commit);
    inserter.flush();
    return id;
  }

  /** The text of the file at {@code path} in the tree; empty when there is none. */
  static Optional<String> readText(ObjectReader reader, RevTree tree, String path) throws IOException {
    return readBytes(reader, tree, path).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** The bytes of the file at {@code path} in the tree; empty when there is none. */
  static Optional<byte[]> readBytes(ObjectReader reader, RevTree tree, String path) throws IOException {
    try (TreeWalk tw = TreeWalk.forPath(reader, path, tree)) {
      if (tw == null || !tw.getFileMode(0).equals(FileMode.REGULAR_FILE)) {
        return Optional.empty();
      }
      return Optional.of(reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes());
    }
  }

  /**
   * Writes {@code base} (or an empty tree when null) with the blobs put at their paths, as regular
   * files; the tree's id is returned, nothing else in the repository changes.
   */
  static ObjectId treeWith(ObjectReader reader, ObjectInserter inserter, RevTree base,
      Map<String, ObjectId> blobs) throws IOException {
    DirCache index = DirCache.newInCore();
    DirCacheBuilder builder = index.builder();
    if (base != null) {
      builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, base);
    }
    builder.finish();
    DirCacheEditor editor = index.editor();
    blobs.forEach((path, blob) -> editor.add(new DirCacheEditor.PathEdit(path) {
      @Override
      public void apply(DirCacheEntry e) {
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(blob);
      }
    }));
    editor.finish();
    return index.writeTree(inserter);
  }
}
