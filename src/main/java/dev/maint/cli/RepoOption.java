package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.record.GitRecorder;
import dev.maint.record.RepositoryRoot;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves a command's {@code --repo DIR} option, shared by the walks, {@code due} and {@code log}. */
final class RepoOption {
  private RepoOption() {}

  /**
   * The repository {@code --repo} (or, without it, the current folder) names: the root of the git
   * repository it lies in (see {@link GitRecorder#root}), so that a walk started from a subfolder
   * or through a symbolic link takes the same lock and finds the same sessions as one started at
   * the top. A folder in no git repository is returned as given, resolved against the current
   * folder, for the commands to report or use as before.
   *
   * @param repo the option's value, or null when it was not given
   * @throws MaintException (usage) when {@code --repo} names no folder
   */
  static Path resolve(CliContext context, Path repo) {
    Path dir = context.cwd().resolve(repo == null ? Path.of(".") : repo).normalize();
    if (repo != null && !Files.isDirectory(dir)) {
      throw MaintException.usage("--repo " + repo + ": " + (Files.exists(dir)
          ? "not a directory" : "no such directory"));
    }
    return RepositoryRoot.of(dir).orElse(dir);
  }

  /**
   * What the session lock of a walk in {@code repoDir} is keyed on: the repository's common git
   * folder (see {@link GitRecorder#commonDir}), so that walks in two work trees of one repository,
   * which commit to the same branches, exclude each other. A folder in no git repository keys
   * itself.
   *
   * @param repoDir a folder as {@link #resolve} returns it
   */
  static Path lockKey(Path repoDir) {
    return GitRecorder.commonDir(repoDir).orElse(repoDir);
  }
}
