package dev.maint.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code maint} started as a real child process (a JVM), for signals and crashes. */
public final class MaintProcess {
  private final Process process;
  private final Path stdout;

  private MaintProcess(Process process, Path stdout) {
    this.process = process;
    this.stdout = stdout;
  }

  /**
   * Starts {@code java dev.maint.Main args} in {@code dir}, its output in {@code dir/maint.out}.
   *
   * @param env extra environment variables
   */
  public static MaintProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    return start(dir, env, false, args);
  }

  /**
   * Like {@link #start(Path, Map, String...)}; with {@code ownGroup} maint leads a process group
   * of its own, as a shell's foreground job does, so {@link #signalGroup} can signal the whole
   * group the way a terminal's Ctrl-C does.
   */
  public static MaintProcess start(Path dir, Map<String, String> env, boolean ownGroup, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    if (ownGroup) {
      cmd.add("setsid");
    }
    cmd.addAll(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.maint.Main"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("maint.out");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().putAll(env);
    return new MaintProcess(pb.start(), out);
  }

  /**
   * Starts maint as another account through {@code runuser -u USER --} (the tests run as root).
   * {@code classPath} must be readable by that account; {@code env} is passed with {@code env(1)},
   * since runuser sets HOME and the like for the account.
   */
  public static MaintProcess startAs(String user, String classPath, Path dir, Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--", "env"));
    env.forEach((k, v) -> cmd.add(k + "=" + v));
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
        "dev.maint.Main"));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("maint.out");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return new MaintProcess(pb.start(), out);
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits until {@code file} exists, failing the test after {@code limit}. */
  public void awaitFile(Path file, Duration limit) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Files.exists(file)) {
      if (!process.isAlive()) {
        throw new AssertionError("maint exited " + process.exitValue() + " before " + file + " appeared:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(file + " did not appear within " + limit + ":\n" + output());
      }
      Thread.sleep(20);
    }
  }

  /** Sends a signal by name (INT, TERM, KILL) with the kill command. */
  public void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  /** Sends a signal to maint's whole process group, as a terminal does on Ctrl-C. */
  public void signalGroup(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, "--", "-" + process.pid()).inheritIO().start().waitFor();
  }

  /** Waits for the process to end and returns its exit code. */
  public int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("maint did not exit within " + limit);
    }
    return process.exitValue();
  }

  /** What the process printed so far. */
  public String output() throws IOException {
    return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
  }
}
