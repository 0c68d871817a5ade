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

  /** {@code git init --bare} with {@code main} as its HEAD, e.g. a team's remote. */
  public static Git initBare(Path dir) throws IOException {
    Files.createDirectories(dir);
    Git git = new Git(dir);
    git.run("init", "-q", "--bare", "-b", "main");
    return git;
  }

  /** {@code git clone} of {@code remote} (a path) into {@code dir}, with a committer identity. */
  public static Git cloneOf(Path remote, Path dir) {
    new Git(dir.getParent()).run("clone", "-q", remote.toUri().toString(), dir.getFileName().toString());
    Git git = new Git(dir);
    git.run("config", "user.name", "Repo Owner");
    git.run("config", "user.email", "owner@example.test");
    return git;
  }

  /** The repository's folder. */
  public Path dir() {
    return dir;
  }

  /** Writes an executable hook script ({@code #!/bin/sh} is prepended) into a bare repository. */
  public void hook(String name, String script) throws IOException {
    Path hook = dir.resolve("hooks").resolve(name);
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\n" + script);
    if (!hook.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + hook + " executable");
    }
  }

  /** Runs git and returns its standard output; fails the test on a non-zero exit. */
  public String run(String... args) {
    return runWithInput("", args);
  }

  /** Runs git with {@code input} on its standard input; fails the test on a non-zero exit. */
  public String runWithInput(String input, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      try (var stdin = p.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
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
