package dev.maint.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code maint} in a real pseudo-terminal: util-linux {@code script} runs it on a new pty, so the
 * line discipline, raw mode and signals behave as in an operator's terminal. Keys are sent only
 * after the screen shows what they answer, as a person would.
 */
public final class Pty implements AutoCloseable {
  private final Process process;
  private final StringBuffer screen = new StringBuffer();
  private final OutputStream keys;

  private Pty(Process process) {
    this.process = process;
    this.keys = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
          screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException closed) {
        // The terminal closed when maint ended.
      }
    }, "pty-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether {@code script} is installed (util-linux). */
  public static boolean available() {
    try {
      return new ProcessBuilder("script", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code java dev.maint.Main args} on a new pseudo-terminal in {@code dir}. */
  public static Pty start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "dev.maint.Main"));
    cmd.addAll(List.of(args));
    // A new pty has no size; a line editor needs one, as every real terminal has. Java replaces the
    // shell (exec) so that Ctrl-C reaches maint alone: a shell left waiting would die of the
    // SIGINT itself (dash does) and script would report 130 for a walk that went on.
    StringBuilder line = new StringBuilder("stty cols 120 rows 40; exec ");
    for (String c : cmd) {
      line.append('\'').append(c.replace("'", "'\\''")).append("' ");
    }
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line.toString(), "/dev/null")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("TERM", "xterm");
    // script runs the line with $SHELL: the same shell on every machine.
    pb.environment().put("SHELL", "/bin/sh");
    return new Pty(pb.start());
  }

  /**
   * Starts {@code java dev.maint.Main args} on a new pseudo-terminal under a shell that outlives it
   * and writes its exit code to {@code exitCode}, its standard error to {@code stderr} (where a
   * stack trace would go once the terminal is gone). The shell leads the terminal's session, so a
   * {@link #hangUp} sends maint no SIGHUP: with {@code hangUpIgnored} maint ignores the signal as
   * under {@code nohup} (the terminal is gone and nothing says so but a failing read); without it
   * a test sends the signal itself, as the kernel does to the leader of a session.
   */
  public static Pty startRecordingExit(Path dir, Map<String, String> env, boolean hangUpIgnored, Path exitCode,
      Path stderr, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "dev.maint.Main"));
    cmd.addAll(List.of(args));
    // An ignored signal stays ignored in the child; a trapped one is reset to its default there.
    StringBuilder line = new StringBuilder("stty cols 120 rows 40; trap " + (hangUpIgnored ? "''" : "':'") + " HUP; ");
    for (String c : cmd) {
      line.append('\'').append(c.replace("'", "'\\''")).append("' ");
    }
    line.append("2>'").append(stderr).append("'; echo $? > '").append(exitCode).append("'");
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", line.toString(), "/dev/null")
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("TERM", "xterm");
    pb.environment().put("SHELL", "/bin/sh");
    return new Pty(pb.start());
  }

  /**
   * Starts an interactive {@code bash} (no startup files) on a new pseudo-terminal in {@code dir},
   * for a test that types command lines as an operator does. {@code env} is the shell's whole
   * environment, so nothing of the machine running the tests (its {@code MAINT_*}, its config
   * folders) reaches maint; {@code TERM} is set as {@link #start} sets it.
   */
  public static Pty shell(Path dir, Map<String, String> env) throws IOException {
    return shell(dir, env, "bash --norc --noprofile -i");
  }

  /** As {@link #shell(Path, Map)}, with another interactive shell, e.g. {@code zsh -f -i}. */
  public static Pty shell(Path dir, Map<String, String> env, String shellCommand) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("script", "-qfec", "stty cols 120 rows 40; exec " + shellCommand,
        "/dev/null").directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("TERM", "xterm");
    pb.environment().put("SHELL", "/bin/sh");
    return new Pty(pb.start());
  }

  /** Where the screen ends now: {@link #await(int, String, Duration)} looks only at what comes after it. */
  public int mark() {
    return screen.length();
  }

  /** What the screen showed after {@code mark}. */
  public String since(int mark) {
    return screen.substring(mark);
  }

  /**
   * Waits until the screen shows {@code text} after {@code mark} (a prompt that appears again and
   * again, such as a shell's), failing the test after {@code limit}.
   */
  public Pty await(int mark, String text, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (screen.indexOf(text, mark) < 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the terminal did not show '" + text + "' within " + limit + " after:\n"
            + screen.substring(mark));
      }
      Thread.sleep(20);
    }
    return this;
  }

  /** Waits until the screen shows {@code text}, failing the test after {@code limit}. */
  public Pty await(String text, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (screen.indexOf(text) < 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the terminal did not show '" + text + "' within " + limit + ":\n" + screen);
      }
      Thread.sleep(20);
    }
    return this;
  }

  /**
   * Waits until the screen shows {@code text} after the first {@code after} it shows, for a prompt
   * that appears again (a menu after a message), failing the test after {@code limit}.
   */
  public Pty await(String after, String text, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      int from = screen.indexOf(after);
      if (from >= 0 && screen.indexOf(text, from + after.length()) >= 0) {
        return this;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the terminal did not show '" + text + "' after '" + after + "' within " + limit
            + ":\n" + screen);
      }
      Thread.sleep(20);
    }
  }

  /** Types keys. */
  public Pty type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
    return this;
  }

  /** Everything the terminal showed so far. */
  public String screen() {
    return screen.toString();
  }

  /** Waits for maint to end and returns its exit code (as {@code script -e} passes it on). */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("maint did not end within " + limit + ":\n" + screen);
    }
    return process.exitValue();
  }

  /** The maint process on the terminal (the Java child of {@code script}). */
  public ProcessHandle maint() {
    return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst().orElseThrow(() -> new AssertionError("maint is not running:\n" + screen));
  }

  /**
   * Closes the terminal as a closed window or a dropped ssh connection does: {@code script} dies,
   * and the kernel sends SIGHUP to maint, which leads the terminal's session.
   */
  public void hangUp() {
    process.destroyForcibly();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
