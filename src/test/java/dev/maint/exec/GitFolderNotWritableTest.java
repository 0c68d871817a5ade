package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.maint.testing.MaintProcess;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, 5: the walk lock lives in the repository's git folder, shared by every account; an
 * account that cannot write there is refused with that message. Tests run as root, so maint runs
 * as {@code nobody} (through {@code runuser}) against a repository root owns.
 */
class GitFolderNotWritableTest extends RepoTest {
  private static boolean runuserFound() {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator), new String[] {"/usr/sbin", "/sbin"})
        .flatMap(Stream::of).anyMatch(d -> Files.isExecutable(Path.of(d, "runuser")));
  }

  /** The test class path copied where nobody can read it (the Maven repository is under /root). */
  private String readableClassPath() throws IOException {
    Path cp = Files.createDirectories(tmp.resolve("cp"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path from = Path.of(entry);
      Path to = cp.resolve(n++ + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        try (Stream<Path> all = Files.walk(from)) {
          for (Path f : (Iterable<Path>) all::iterator) {
            Path target = to.resolve(from.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(target);
            } else {
              Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else if (Files.isRegularFile(from)) {
        Files.copy(from, to);
      } else {
        continue;
      }
      entries.add(to.toString());
    }
    try (Stream<Path> all = Files.walk(cp)) {
      for (Path f : (Iterable<Path>) all::iterator) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void aWalkByAnAccountThatCannotWriteTheGitFolderIsRefusedWithThatMessage() throws Exception {
    assumeTrue(runuserFound(), "runuser (util-linux) is not installed: cannot run maint as another account");
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run maint as nobody");
    Path gitDir = repo.resolve(".git");
    assertThat(Files.getOwner(gitDir).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gitDir))).matches("rwx.-..-.");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = Files.createDirectories(tmp.resolve("nobody-home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    // git itself refuses a repository another account owns; the test is about maint's own lock.
    Files.writeString(home.resolve(".gitconfig"), "[safe]\n\tdirectory = *\n");
    Files.setPosixFilePermissions(home.resolve(".gitconfig"), PosixFilePermissions.fromString("rw-r--r--"));
    String classPath = readableClassPath();

    MaintProcess p = MaintProcess.startAs("nobody", classPath, tmp,
        Map.of("HOME", home.toString(), "MAINT_STATE_DIR", home.resolve("state").toString(),
            "PATH", System.getenv("PATH"), "NO_COLOR", "1", "WALK_TOKEN", Walks.SECRET),
        walks.args(repo, "continuous", "--non-interactive"));
    int code = p.awaitExit(Duration.ofMinutes(2));

    String out = p.output();
    assertThat(code).as(out).isEqualTo(2);
    assertThat(out).contains("cannot take the walk lock in the repository's git folder", "permission denied",
        "this account needs write access there").doesNotContain("\tat ");
    assertThat(out.strip().lines()).as(out).hasSize(1);
    assertThat(gitDir.resolve("maint")).doesNotExist();
    assertThat(git.run("branch", "--list", "maintenance/*")).isEmpty();
  }
}
