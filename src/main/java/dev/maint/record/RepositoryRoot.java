package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The root of the git repository containing a folder, exactly as {@link GitRecorder#root} gives
 * it, found without jgit for the ordinary layouts: a {@code .git} folder with a valid {@code HEAD}
 * whose {@code config} sets neither {@code core.worktree} nor {@code core.bare}, nor includes
 * another file; and a work tree linked to such a repository by {@code git worktree add} (a {@code
 * .git} file naming {@code worktrees/NAME} in its git folder, with no configuration of its own).
 * Anything else (a submodule's {@code .git} file, a bare repository, a reftable, {@code
 * core.worktree}, {@code extensions.worktreeConfig}) is left to jgit.
 *
 * <p>Why: {@code list}, {@code validate} and {@code check} read the project's configuration file
 * from the repository root but touch no repository; jgit's file-system layer starts slf4j and
 * logback (about 10 ms and 120 classes of every such start). This class uses no jgit type, so
 * loading it loads none.
 */
public final class RepositoryRoot {
  private static final Optional<Optional<Path>> UNDECIDED = Optional.empty();
  private static final Pattern BARE_FALSE = Pattern.compile("\\s*bare\\s*=\\s*(false|no|off|0)\\s*([#;].*)?");
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}");
  /** A repository's own config is a few hundred bytes; a larger one is left to jgit. */
  private static final long MAX_CONFIG_BYTES = 64 * 1024;

  private RepositoryRoot() {}

  /**
   * The top folder of the work tree (or the git folder of a bare repository) containing {@code
   * dir}, with symbolic links resolved; as {@link GitRecorder#root}.
   *
   * @return empty when {@code dir} does not exist or lies in no git repository
   */
  public static Optional<Path> of(Path dir) {
    Optional<Optional<Path>> plain = plain(dir);
    return plain.isPresent() ? plain.get() : GitRecorder.root(dir);
  }

  /**
   * The answer for the layouts decided without jgit; empty (undecided) for the others. Walks up
   * from {@code dir} as jgit's {@code findGitDir} does: at each folder, first its {@code .git},
   * then the folder itself as a bare repository.
   */
  static Optional<Optional<Path>> plain(Path dir) {
    Path current;
    try {
      current = dir.toRealPath();
    } catch (IOException | SecurityException e) {
      return Optional.of(Optional.empty());
    }
    for (Path folder = current; folder != null; folder = folder.getParent()) {
      Path dotGit = folder.resolve(".git");
      if (Files.isDirectory(dotGit)) {
        return ordinary(dotGit) ? Optional.of(Optional.of(folder)) : UNDECIDED;
      }
      if (Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
        return linked(folder, dotGit) ? Optional.of(Optional.of(folder)) : UNDECIDED;
      }
      if (Files.exists(dotGit, LinkOption.NOFOLLOW_LINKS)
          || Files.exists(folder.resolve("objects")) && Files.exists(folder.resolve("refs"))) {
        return UNDECIDED;
      }
    }
    return Optional.of(Optional.empty());
  }

  /**
   * Whether {@code dotGit}, a file, makes {@code folder} a work tree linked to an ordinary
   * repository, for certain: it names ({@code gitdir: PATH}, relative to {@code folder} or
   * absolute) a folder {@code worktrees/NAME} of that repository's git folder, with a valid {@code
   * HEAD}, a {@code commondir} leading back to the git folder, and no {@code config.worktree}.
   */
  private static boolean linked(Path folder, Path dotGit) {
    try {
      if (Files.size(dotGit) > MAX_CONFIG_BYTES) {
        return false;
      }
      String line = firstLine(Files.readString(dotGit, StandardCharsets.UTF_8));
      if (!line.startsWith("gitdir: ") || line.length() == "gitdir: ".length()) {
        return false;
      }
      Path gitDir = folder.resolve(line.substring("gitdir: ".length())).toRealPath();
      if (!Files.isRegularFile(gitDir.resolve("commondir")) || Files.exists(gitDir.resolve("config.worktree"))
          || !validHead(gitDir)) {
        return false;
      }
      Path common = gitDir.resolve(firstLine(Files.readString(gitDir.resolve("commondir"), StandardCharsets.UTF_8)))
          .toRealPath();
      return common.resolve("worktrees").equals(gitDir.getParent()) && ordinary(common);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean validHead(Path gitDir) throws IOException {
    String head = firstLine(Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8));
    return head.startsWith("ref: refs/") || OBJECT_ID.matcher(head).matches();
  }

  /** Whether {@code dotGit} is a repository whose work tree is its parent folder, for certain. */
  private static boolean ordinary(Path dotGit) {
    if (!Files.exists(dotGit.resolve("objects")) || !Files.exists(dotGit.resolve("refs"))
        || Files.exists(dotGit.resolve("reftable")) || Files.exists(dotGit.resolve("commondir"))) {
      return false;
    }
    try {
      if (!validHead(dotGit)) {
        return false;
      }
      Path config = dotGit.resolve("config");
      String text;
      try {
        if (Files.size(config) > MAX_CONFIG_BYTES) {
          return false;
        }
        text = Files.readString(config, StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        return true;
      }
      for (String line : text.toLowerCase(Locale.ROOT).split("\n", -1)) {
        if (line.contains("worktree") || line.contains("include")
            || line.contains("bare") && !BARE_FALSE.matcher(line.strip()).matches()) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String firstLine(String text) {
    int lf = text.indexOf('\n');
    String line = lf < 0 ? text : text.substring(0, lf);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
