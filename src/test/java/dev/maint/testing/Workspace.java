package dev.maint.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What a walk test needs in its temporary folder: an {@code ops} git repository with one commit
 * on {@code main}, for the maintenance log, and an {@code app} directory for commands to run in.
 *
 * @param root the test's temporary folder
 * @param repo the git repository receiving log entries
 * @param app the working directory of commands
 * @param git runs git in {@code repo}
 */
public record Workspace(Path root, Path repo, Path app, Git git) {
  /** 2026-11-29 09:00 UTC, a Sunday in ISO week 48 (10:00 in Brussels). */
  public static final Clock NOV_29 = Clock.fixed(Instant.parse("2026-11-29T09:00:00Z"), ZoneOffset.UTC);

  /** Creates the repository and the application directory under {@code root}. */
  public static Workspace create(Path root) throws IOException {
    Path repo = root.resolve("ops");
    Path app = Files.createDirectories(root.resolve("app"));
    return new Workspace(root, repo, app, Git.initWithCommit(repo));
  }
}
