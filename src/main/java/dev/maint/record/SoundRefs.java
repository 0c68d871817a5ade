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
    Read read = read(repo, name);
    if (read.damage() != null) {
      throw damaged(repo, name, read.damage());
    }
    return read.ref();
  }

  /**
   * What is wrong with the ref {@code name} (full, {@code refs/...}), as {@link #exact} would
   * say it in parentheses; null when it is sound or does not exist.
   */
  static String damage(Repository repo, String name) throws IOException {
    return read(repo, name).damage();
  }

  /**
   * The ref {@code name} (full, {@code refs/...}) when it is sound; null when it is missing or
   * damaged ({@link #damage} says how), for a listing that reports damaged refs on its own.
   */
  static Ref soundOrNull(Repository repo, String name) throws IOException {
    return read(repo, name).ref();
  }

  /** What to do about a damaged ref, after what is wrong with it. */
  static final String REPAIR = "repair or delete it with git update-ref";

  /** A ref as read: the ref (null when missing or damaged), or what is wrong with it. */
  private record Read(Ref ref, String damage) {}

  private static Read read(Repository repo, String name) throws IOException {
    Ref ref;
    try {
      ref = repo.exactRef(name);
    } catch (IllegalArgumentException notARefName) {
      // A file under refs/ whose name git would never give a ref (a listing finds it as a file).
      return new Read(null, "not a valid ref name");
    }
    if (ref == null) {
      if (Files.isRegularFile(common(repo).resolve(name)) || packed(repo, name)) {
        return new Read(null, "not a commit id");
      }
      return new Read(null, null);
    }
    ObjectId id = ref.getObjectId();
    if (id == null) {
      return new Read(null, "it names no object");
    }
    if (!repo.getObjectDatabase().has(id)) {
      return new Read(null, "it names " + id.name() + ", which is not in the repository");
    }
    int type;
    try (ObjectReader reader = repo.newObjectReader()) {
      type = reader.open(id).getType();
    }
    if (type != Constants.OBJ_COMMIT) {
      return new Read(null, "it names a " + Constants.typeString(type) + ", not a commit");
    }
    return new Read(ref, null);
  }

  /**
   * The names of every ref under {@code prefix} ({@code refs/...}/) that git keeps, sound or not:
   * jgit's listing leaves out a loose file it cannot read, so the loose files and the packed-refs
   * lines are read as well.
   */
  static java.util.SortedSet<String> names(Repository repo, String prefix) throws IOException {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    repo.getRefDatabase().getRefsByPrefix(prefix).forEach(r -> names.add(r.getName()));
    Path loose = common(repo).resolve(prefix);
    if (Files.isDirectory(loose)) {
      try (java.util.stream.Stream<Path> files = Files.walk(loose)) {
        files.filter(Files::isRegularFile).forEach(f -> names.add(prefix
            + loose.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
      }
    }
    Path packed = common(repo).resolve(Constants.PACKED_REFS);
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        int space = line.indexOf(' ');
        if (!line.startsWith("#") && !line.startsWith("^") && space >= 0 && line.startsWith(prefix, space + 1)) {
          names.add(line.substring(space + 1).strip());
        }
      }
    }
    return names;
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
    return new RecordException(shown + ": ref " + dev.maint.text.OneLine.escape(name) + " is damaged (" + why + "): "
        + REPAIR);
  }
}
