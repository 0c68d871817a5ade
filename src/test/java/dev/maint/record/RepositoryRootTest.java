package dev.maint.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository root found without jgit is the one jgit finds, and every layout it is not sure
 * of is left to jgit.
 */
class RepositoryRootTest {
  @TempDir Path tmp;

  private static void assertSameAsJgit(Path dir) {
    assertThat(RepositoryRoot.of(dir)).isEqualTo(GitRecorder.root(dir));
  }

  @Test
  void anOrdinaryCloneIsFoundWithoutJgitFromItsTopASubfolderAndALink() throws IOException {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();
    Path sub = Files.createDirectories(repo.resolve("a/b"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), sub);

    for (Path dir : new Path[] {repo, sub, link}) {
      assertThat(RepositoryRoot.plain(dir)).contains(Optional.of(repo.toRealPath()));
      assertSameAsJgit(dir);
    }
  }

  @Test
  void aFolderInNoRepositoryIsAnsweredWithoutJgit() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain/sub"));
    // The temporary folder itself must lie in no repository for this test to mean anything.
    assertThat(GitRecorder.root(plain)).isEmpty();

    assertThat(RepositoryRoot.plain(plain)).contains(Optional.empty());
    assertThat(RepositoryRoot.plain(tmp.resolve("missing"))).contains(Optional.empty());
    assertSameAsJgit(tmp.resolve("missing"));
  }

  @Test
  void aLinkedWorkTreeIsFoundWithoutJgitFromItsTopAndASubfolder() throws IOException {
    Git git = Git.initWithCommit(tmp.resolve("repo"));
    git.run("worktree", "add", "-q", tmp.resolve("wt").toString(), "-b", "other");
    Path sub = Files.createDirectories(tmp.resolve("wt/a/b"));

    for (Path dir : new Path[] {tmp.resolve("wt"), sub}) {
      assertThat(RepositoryRoot.plain(dir)).contains(Optional.of(tmp.resolve("wt").toRealPath()));
      assertSameAsJgit(dir);
    }
  }

  @Test
  void aLinkedWorkTreeWithItsOwnConfigurationIsLeftToJgit() throws IOException {
    Git git = Git.initWithCommit(tmp.resolve("repo"));
    git.run("worktree", "add", "-q", tmp.resolve("wt").toString(), "-b", "other");
    git.run("config", "extensions.worktreeConfig", "true");

    assertThat(RepositoryRoot.plain(tmp.resolve("wt"))).isEmpty();
    assertSameAsJgit(tmp.resolve("wt"));
  }

  @Test
  void aLinkedWorkTreeOfABareRepositoryIsLeftToJgit() throws IOException {
    Git.initWithCommit(tmp.resolve("src"));
    Git bare = Git.initBare(tmp.resolve("bare.git"));
    bare.run("fetch", "-q", tmp.resolve("src").toString(), "HEAD:refs/heads/main");
    bare.run("worktree", "add", "-q", tmp.resolve("wt").toString(), "main");

    assertThat(RepositoryRoot.plain(tmp.resolve("wt"))).isEmpty();
    assertSameAsJgit(tmp.resolve("wt"));
  }

  @Test
  void aGitFileThatNamesNoLinkedWorkTreeIsLeftToJgit() throws IOException {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();
    Path module = Files.createDirectories(repo.resolve(".git/modules/m"));
    Files.writeString(module.resolve("HEAD"), "ref: refs/heads/main\n");
    Path folder = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(folder.resolve(".git"), "gitdir: " + module + "\n");

    assertThat(RepositoryRoot.plain(folder)).isEmpty();
  }

  @Test
  void aBareRepositoryAndItsSubfoldersAreLeftToJgit() throws IOException {
    Path bare = Git.initBare(tmp.resolve("bare.git")).dir();

    assertThat(RepositoryRoot.plain(bare)).isEmpty();
    assertThat(RepositoryRoot.plain(bare.resolve("refs"))).isEmpty();
    assertThat(RepositoryRoot.of(bare)).contains(bare.toRealPath());
  }

  @Test
  void theGitFolderItselfIsLeftToJgit() throws IOException {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();

    assertThat(RepositoryRoot.plain(repo.resolve(".git"))).isEmpty();
    assertSameAsJgit(repo.resolve(".git"));
  }

  @Test
  void aConfiguredWorkTreeOrBareFlagIsLeftToJgit() throws IOException {
    Git elsewhere = Git.initWithCommit(tmp.resolve("elsewhere"));
    Files.createDirectories(tmp.resolve("tree"));
    elsewhere.run("config", "core.worktree", tmp.resolve("tree").toString());
    Git bare = Git.initWithCommit(tmp.resolve("flagged"));
    bare.run("config", "core.bare", "true");

    assertThat(RepositoryRoot.plain(elsewhere.dir())).isEmpty();
    assertSameAsJgit(elsewhere.dir());
    assertThat(RepositoryRoot.plain(bare.dir())).isEmpty();
    assertSameAsJgit(bare.dir());
  }

  @Test
  void aGitFolderThatIsNoRepositoryIsLeftToJgit() throws IOException {
    Path outer = Git.initWithCommit(tmp.resolve("outer")).dir();
    Path inner = Files.createDirectories(outer.resolve("inner/.git")).getParent();

    assertThat(RepositoryRoot.plain(inner)).isEmpty();
    assertThat(RepositoryRoot.of(inner)).contains(outer.toRealPath());
  }
}
