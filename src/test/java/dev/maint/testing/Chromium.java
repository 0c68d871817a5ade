package dev.maint.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}, installed by {@code .ci/run}) in headless mode, one
 * process a page: {@code --dump-dom} gives the document as the browser parsed it, {@code
 * --screenshot} a PNG. It runs without a sandbox (CI is root), with a profile in the test's folder
 * and with every background connection off, so it touches nothing but the files it is given.
 */
public final class Chromium {
  /** Where Debian's package puts the browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Path profile;

  /** @param work a folder of the test's own for the browser's profile and output */
  public Chromium(Path work) throws IOException {
    this.profile = Files.createDirectories(work.resolve("chromium-profile"));
  }

  /** The DOM of the page at {@code file} after loading, serialized by the browser. */
  public String dumpDom(Path file) throws IOException, InterruptedException {
    Path out = profile.resolveSibling("dom-" + System.nanoTime() + ".html");
    run(out, "--dump-dom", file.toUri().toString());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /**
   * A screenshot of the page at {@code file} in a window of {@code width} by {@code height} CSS
   * pixels.
   */
  public Path screenshot(Path file, Path png, int width, int height) throws IOException, InterruptedException {
    run(profile.resolveSibling("screenshot-" + System.nanoTime() + ".log"), "--screenshot=" + png,
        "--window-size=" + width + "," + height, "--hide-scrollbars", file.toUri().toString());
    return png;
  }

  private void run(Path stdout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path stderr = stdout.resolveSibling(stdout.getFileName() + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    // Generous: only a failing test waits this long.
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 180 s: " + Files.readString(stderr));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(stderr));
    }
  }
}
