package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Reads the refs maint writes to (log branches, run refs) telling a damaged ref from a missing
 * one. jgit reads a loose ref file it cannot parse as no ref at all; maint would then start the
 * branch afresh and the rows committed on it would drop off silently.
 */
final class SoundRefs {
  private SoundRefs() {}

  /**
   * The ref {@code name} (full, {@code refs/...}), or null when it does not exist.
   *
   * @throws RecordException (exit 2) naming the ref and the repository when a loose file or a
   *     packed-refs line for it exists but cannot be read as a ref, or when it names a missing
   *     object or one that is not a commit
   */
  static Ref exact(Repository repo, String name) throws IOException {
    Ref ref = repo.exactRef(name);
    if (ref == null) {
      if (Files.isRegularFile(common(repo).resolve(name)) || packed(repo, name)) {
        throw damaged(repo, name, "not a commit id");
      }
      return null;
    }
    ObjectId id = ref.getObjectId();
    if (id == null) {
      throw damaged(repo, name, "it names no object");
    }
    if (!repo.getObjectDatabase().has(id)) {
      throw damaged(repo, name, "it names " + id.name() + ", which is not in the repository");
    }
    int type;
    try (ObjectReader reader = repo.newObjectReader()) {
      type = reader.open(id).getType();
    }
    if (type != Constants.OBJ_COMMIT) {
      throw damaged(repo, name, "it names a " + Constants.typeString(type) + ", not a commit");
    }
    return ref;
  }

  private static Path common(Repository repo) {
    return repo.getCommonDirectory().toPath();
  }

  /** Whether packed-refs has a line for {@code name} (jgit found none it could read). */
  private static boolean packed(Repository repo, String name) throws IOException {
    Path file = common(repo).resolve(Constants.PACKED_REFS);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .anyMatch(line -> !line.startsWith("#") && !line.startsWith("^") && line.strip().endsWith(" " + name));
  }

  private static RecordException damaged(Repository repo, String name, String why) {
    Path shown = repo.isBare() ? repo.getDirectory().toPath() : repo.getWorkTree().toPath();
    return new RecordException(shown + ": ref " + name + " is damaged (" + why
        + "): repair or delete it with git update-ref");
  }
}
