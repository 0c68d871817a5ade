package dev.maint.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test with its own temporary folder holding the operator's repository {@code ops} (one commit
 * on {@code main}) and the test runbook, so nothing leaks between tests.
 */
public abstract class RepoTest {
  @TempDir protected Path tmp;
  protected Path repo;
  protected Walks walks;
  protected Git git;

  @BeforeEach
  void createRepository() throws IOException {
    repo = tmp.resolve("ops");
    git = Git.initWithCommit(repo);
    walks = new Walks(tmp);
  }
}
