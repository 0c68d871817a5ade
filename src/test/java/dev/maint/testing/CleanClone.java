package dev.maint.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A clean clone of the checkout the tests run in, as CI's clean clone and a new user's {@code git
 * clone} are, and the README's lines that install its launcher.
 */
public final class CleanClone {
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);

  private CleanClone() {}

  /** {@code git clone} of the committed checkout the tests run in into {@code dir}; returns {@code dir}. */
  public static Path of(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "clone", "-q", "--no-hardlinks", Path.of("").toAbsolutePath().toString(),
        dir.toString()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError("git clone failed: " + out);
    }
    return dir;
  }

  /** The README's fenced block that links the launcher ({@code mkdir}, {@code ln -s}, {@code maint --version}). */
  public static String installLines() throws IOException {
    Matcher m = SH_BLOCK.matcher(Files.readString(Path.of("README.md")));
    while (m.find()) {
      if (m.group(1).contains("ln -s \"$PWD/scripts/maint\"")) {
        return m.group(1);
      }
    }
    throw new AssertionError("README.md has no install block linking scripts/maint");
  }

  /**
   * Puts the classes this build compiled into {@code clone} as the launcher's {@code
   * target/maint-all.jar}: a jar whose manifest names {@code dev.maint.Main} and the running
   * build's class path, newer than every source of the clone, so {@code scripts/maint} runs it
   * without building. For tests of what follows the install; {@code InstallTest} builds the real
   * jar from the clean clone.
   */
  public static void useBuiltClasses(Path clone) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      // The tests' own classes stay out: the launcher runs maint as a user gets it.
      if (!path.endsWith("test-classes") && Files.exists(path)) {
        urls.add(path.toUri().toString());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.maint.Main");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    Path jar = Files.createDirectories(clone.resolve("target")).resolve("maint-all.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // The manifest is the whole jar.
    }
  }
}
