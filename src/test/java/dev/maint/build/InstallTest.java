package dev.maint.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CleanClone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's install lines, run as written in a clean clone with a temporary {@code HOME}: the
 * launcher, called through the symlink they make, builds in the clone (never next to the link) and
 * runs {@code maint --version}, with the Java on the {@code PATH} or the one {@code JAVA_HOME}
 * names. The clone is of the committed checkout, as CI's clean clone is.
 */
class InstallTest {
  @TempDir Path tmp;

  /** Runs {@code command} (a program on the parent's PATH: use bash for one on {@code env}'s). */
  private static String run(Path dir, Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("JAVA_HOME");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  @Test
  void readmeInstallLinesWorkFromACleanCloneThroughTheSymlinkWithAndWithoutJavaHome() throws Exception {
    Path clone = tmp.resolve("maint");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    CleanClone.of(clone);
    // The temporary HOME must not hide the Maven repository the surrounding build already filled.
    Path m2 = Path.of(System.getProperty("user.home"), ".m2");
    Map<String, String> env = Map.of(
        "HOME", home.toString(),
        "PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"),
        "MAVEN_OPTS", "-Dmaven.repo.local=" + m2.resolve("repository"));
    if (Files.exists(m2.resolve("settings.xml"))) {
      Files.createDirectories(home.resolve(".m2"));
      Files.copy(m2.resolve("settings.xml"), home.resolve(".m2/settings.xml"));
    }

    String installed = run(clone, env, List.of("bash", "-euo", "pipefail", "-c", CleanClone.installLines()));

    assertThat(installed).containsPattern("(?m)^maint \\S+$");
    assertThat(home.resolve(".local/bin/maint")).isSymbolicLink();
    assertThat(clone.resolve("target/maint-all.jar")).exists();
    assertThat(home.resolve(".local/target")).doesNotExist();

    String withoutJavaHome = run(elsewhere, env, List.of("bash", "-c", "maint --version"));
    assertThat(withoutJavaHome).containsPattern("(?m)^maint \\S+$").doesNotContain("building");

    // A JAVA_HOME whose java leaves a mark, then runs the real one.
    Path javaHome = Files.createDirectories(tmp.resolve("jdk/bin")).getParent();
    Path mark = tmp.resolve("java-home-used");
    Path java = javaHome.resolve("bin/java");
    Files.writeString(java, "#!/bin/sh\ntouch '" + mark + "'\nexec '"
        + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> withJavaHome = new java.util.HashMap<>(env);
    withJavaHome.put("JAVA_HOME", javaHome.toString());

    assertThat(run(elsewhere, withJavaHome, List.of("bash", "-c", "maint --version"))).containsPattern("(?m)^maint \\S+$");
    assertThat(mark).exists();
    assertThat(elsewhere.resolve("target")).doesNotExist();
  }
}
