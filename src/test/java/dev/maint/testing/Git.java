package dev.maint.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@code git} command, to set up repositories and check what maint did to them. */
public final class Git {
  private final Path dir;

  public Git(Path dir) {
    this.dir = dir;
  }

  /** {@code git init} with an initial commit on {@code main} holding a README. */
  public static Git initWithCommit(Path dir) throws IOException {
    Files.createDirectories(dir);
    Git git = new Git(dir);
    git.run("init", "-q", "-b", "main");
    git.run("config", "user.name", "Repo Owner");
    git.run("config", "user.email", "owner@example.test");
    Files.writeString(dir.resolve("README.md"), "app\n");
    git.run("add", "README.md");
    git.run("commit", "-q", "-m", "initial");
    return git;
  }

  /** Runs git and returns its standard output; fails the test on a non-zero exit. */
  public String run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = p.waitFor();
      if (code != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " exited " + code + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("cannot run git", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
