package dev.maint.probe;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@code run} step's command with {@code sh -c}, locally or over the system {@code ssh},
 * streaming its output line by line as the command writes it. On timeout or cancellation the
 * command's whole process tree is killed.
 */
public final class ShellProbe {
  /** Characters of output kept at the head and at the tail, each. */
  public static final int OUTPUT_LIMIT = 8 * 1024;

  private static final Pattern NOT_FOUND = Pattern.compile("(?:^|: )([^:\\s]+): (?:command )?not found");
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration GRACE = Duration.ofSeconds(2);
  /**
   * Reads commands' output, two tasks per command. The threads are kept between commands: starting
   * two new threads per command was a measurable part of a trivial step's cost.
   */
  private static final ExecutorService PUMPS = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "maint-output");
    t.setDaemon(true);
    return t;
  });
  /**
   * A resolved command.
   *
   * @param command the {@code sh -c} command text; it refers to {@code values} by name and never
   *     holds one itself (see {@link dev.maint.runbook.ShellTemplate})
   * @param values shell variables the command refers to: put in its environment when run locally,
   *     sent as data on ssh's standard input when run on a host, so they never show on a command line
   * @param shown the command as a person reads it (values filled in), for the result's details
   * @param workdir directory to run in (on the remote host when {@code host} is set)
   * @param host ssh destination, or empty to run locally
   * @param env extra environment variables
   * @param expectExit exit codes that count as pass
   * @param timeout how long before the process tree is killed
   * @param stdout regex the standard output must contain
   * @param stderr regex the standard error must contain
   * @param check checks on standard output read as JSON, lines or text, and facts taken from it
   */
  public record Request(
      String command,
      Map<String, String> values,
      String shown,
      Path workdir,
      Optional<String> host,
      Map<String, String> env,
      List<Integer> expectExit,
      Duration timeout,
      Optional<Pattern> stdout,
      Optional<Pattern> stderr,
      Optional<OutputCheck> check) {
    public Request {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
      env = Map.copyOf(env);
      expectExit = List.copyOf(expectExit);
      java.util.Objects.requireNonNull(check, "check");
    }

    /** A command without values or output checks, shown as it runs. */
    public Request(String command, Path workdir, Optional<String> host, Map<String, String> env,
        List<Integer> expectExit, Duration timeout, Optional<Pattern> stdout, Optional<Pattern> stderr) {
      this(command, workdir, host, env, expectExit, timeout, stdout, stderr, Optional.empty());
    }

    /** A command without values, shown as it runs. */
    public Request(String command, Path workdir, Optional<String> host, Map<String, String> env,
        List<Integer> expectExit, Duration timeout, Optional<Pattern> stdout, Optional<Pattern> stderr,
        Optional<OutputCheck> check) {
      this(command, Map.of(), command, workdir, host, env, expectExit, timeout, stdout, stderr, check);
    }
  }

  /** The key of a result's details holding the facts an output check captured (name to text). */
  public static final String FACTS = "facts";

  /** Receives the command's output as it arrives. */
  public interface OutputListener {
    /**
     * @param line one line without its terminator
     * @param stderr whether it came from standard error
     */
    void line(String line, boolean stderr);

    /**
     * The command's process has started: the leader of its own process group when util-linux
     * {@code setsid} is installed. Called once, before any output.
     */
    default void started(ProcessHandle command) {}
  }

  private final ProbeContext context;

  public ShellProbe(ProbeContext context) {
    this.context = context;
  }

  /**
   * Runs the command to completion, timeout or cancellation.
   *
   * @param listener receives every output line as it is written
   * @param cancelled polled while the command runs; when it turns true the process tree is killed
   *     and the result's details hold {@code interrupted=true}
   * @return pass when the exit code is expected and the regexes match; fail otherwise; error on
   *     timeout, a missing working directory or a command that is not installed (exit 127)
   */
  public ProbeResult run(Request request, OutputListener listener, BooleanSupplier cancelled) {
    List<String> argv = new ArrayList<>();
    // A session (and process group) of its own: the terminal's Ctrl-C reaches maint only, which
    // then stops the whole group, including grandchildren the shell left in the background.
    argv.addAll(dev.maint.io.ProcessGroups.ownGroup());
    String valuesScript = null;
    if (request.host().isPresent()) {
      // ssh joins its arguments into one remote command line for the remote user's shell. The
      // values are not on it (any local user can read it in ps): they come on standard input as
      // single-quoted assignments, which the remote shell reads as data before the command runs.
      argv.addAll(List.of(program("ssh"), "-o", "BatchMode=yes", "--", request.host().get()));
      String prefix = "";
      if (!request.values().isEmpty()) {
        valuesScript = assignments(request.values());
        prefix = "MAINT_VALUES=$(cat) && eval \"$MAINT_VALUES\" && unset MAINT_VALUES && ";
      }
      argv.add(prefix + "cd " + shellQuote(request.workdir().toString()) + " && " + request.command());
    } else {
      if (!Files.isDirectory(request.workdir())) {
        return ProbeResult.error("working directory does not exist: " + request.workdir());
      }
      argv.addAll(List.of("sh", "-c", request.command()));
    }
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(context.environment());
    pb.environment().putAll(request.env());
    if (request.host().isEmpty()) {
      // Last, so neither the step's env: nor maint's own environment can replace a value.
      pb.environment().putAll(request.values());
      pb.directory(request.workdir().toFile());
    }
    if (valuesScript == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    long start = System.nanoTime();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return ProbeResult.error("cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    if (valuesScript != null) {
      feed(process, valuesScript);
    }
    listener.started(process.toHandle());
    OutputCapture out = new OutputCapture(OUTPUT_LIMIT);
    OutputCapture err = new OutputCapture(OUTPUT_LIMIT);
    StringBuffer stdoutAll = new StringBuffer();
    StringBuffer stderrAll = new StringBuffer();
    // Closed when this step is over: a background child still holding the pipes open must not
    // write into later steps' output.
    AtomicBoolean open = new AtomicBoolean(true);
    OutputListener gated = (line, stderr) -> {
      if (open.get()) {
        listener.line(line, stderr);
      }
    };
    // Regexes see the whole output up to 1 MiB, output checks up to OutputCheck.LIMIT; more would
    // only cost memory (and a truncated document is never checked).
    int outLimit = request.check().isPresent() ? OutputCheck.LIMIT : 1 << 20;
    boolean keepOut = request.stdout().isPresent() || request.check().isPresent();
    Future<?> outReader = pump(process.getInputStream(), false, gated, out, keepOut ? stdoutAll : null, outLimit, open);
    Future<?> errReader = pump(process.getErrorStream(), true, gated, err, stderrAll, 1 << 20, open);
    boolean timedOut = false;
    boolean interrupted = false;
    long deadline = start + request.timeout().toNanos();
    try {
      while (!process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean()) {
          // A command already gone (reaped, its end not yet handed on by the JDK's reaper thread)
          // ended on its own as the stop came: it keeps its own result, as nothing is left to stop.
          if (!process.toHandle().isAlive()) {
            process.waitFor();
            break;
          }
          interrupted = true;
          break;
        }
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interrupted = true;
    }
    if (timedOut || interrupted) {
      killTree(process.toHandle());
    }
    joinQuietly(outReader);
    joinQuietly(errReader);
    open.set(false);
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("command", request.shown());
    request.host().ifPresent(h -> details.put("host", h));
    details.put("workdir", request.workdir().toString());
    details.put("duration_ms", millis);
    details.put("stdout", out.text());
    details.put("stderr", err.text());
    if (timedOut || interrupted) {
      if (!interrupted) {
        details.put("timed_out", true);
      }
      String why =
          interrupted
              ? "interrupted after " + seconds(millis) + "; process tree stopped"
              : "timed out after " + seconds(millis) + " (limit " + request.timeout().toSeconds()
                  + " s); process tree killed";
      ProbeResult stopped = new ProbeResult(Verdict.ERROR, why, details);
      return interrupted ? stopped.stopped() : stopped;
    }
    int exit = process.exitValue();
    details.put("exit_code", exit);
    if (exit == 127 && request.host().isEmpty()) {
      Matcher m = NOT_FOUND.matcher(stderrAll);
      String name = m.find() ? m.group(1) : request.command().trim().split("\\s+")[0];
      return new ProbeResult(Verdict.ERROR, "command not found: " + name, details);
    }
    if (exit == 255 && request.host().isPresent()) {
      return new ProbeResult(Verdict.ERROR, "ssh to " + request.host().get() + " failed (exit 255)", details);
    }
    if (!request.expectExit().contains(exit)) {
      return new ProbeResult(
          Verdict.FAIL, "exit code " + exit + " (expected " + joinCodes(request.expectExit()) + ")", details);
    }
    if (request.stdout().isPresent() && !request.stdout().get().matcher(stdoutAll).find()) {
      return new ProbeResult(Verdict.FAIL, "output does not match /" + request.stdout().get() + "/", details);
    }
    if (request.stderr().isPresent() && !request.stderr().get().matcher(stderrAll).find()) {
      return new ProbeResult(Verdict.FAIL, "error output does not match /" + request.stderr().get() + "/", details);
    }
    if (request.check().isPresent()) {
      OutputCheck.Outcome o = request.check().get().check(stdoutAll.toString(), stdoutAll.length() > outLimit);
      if (!o.facts().isEmpty()) {
        details.put(FACTS, o.facts());
      }
      return new ProbeResult(o.verdict(), o.reason(), details);
    }
    return new ProbeResult(Verdict.PASS, "exit code " + exit + " in " + seconds(millis), details);
  }

  /**
   * {@code 1.3 s}: tenths of a second, half up, as {@code %.1f} writes them, without starting a
   * {@code Formatter} (and the locale data it loads) on every step.
   */
  static String seconds(long millis) {
    long tenths = (millis + 50) / 100;
    return tenths / 10 + "." + tenths % 10 + " s";
  }

  private static String joinCodes(List<Integer> codes) {
    return codes.size() == 1 ? codes.get(0).toString() : codes.toString();
  }

  /** {@code NAME='value'; export NAME} lines for the remote shell to read as data. */
  static String assignments(Map<String, String> values) {
    StringBuilder script = new StringBuilder();
    values.forEach((name, value) -> script.append(name).append('=').append(shellQuote(value))
        .append("; export ").append(name).append('\n'));
    return script.toString();
  }

  /** Writes the values to ssh's standard input and closes it, so the command then reads end of input. */
  private static void feed(Process process, String script) {
    Thread t = new Thread(() -> {
      try (var in = process.getOutputStream()) {
        in.write(script.getBytes(StandardCharsets.UTF_8));
      } catch (IOException sshEndedFirst) {
        // ssh exited before reading: its exit code tells what went wrong.
      }
    }, "maint-ssh-values");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The program found on the PATH the commands get (so a test or an operator can put their own
   * {@code ssh} first), else the bare name for the system to find.
   */
  private String program(String name) {
    String path = context.environment().get("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return name;
  }

  /** Quotes a string for a POSIX shell. */
  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException alreadyClosed) {
      // Nothing more to read either way.
    }
  }

  private Future<?> pump(
      InputStream in, boolean stderr, OutputListener listener, OutputCapture capture, StringBuffer all,
      int limit, AtomicBoolean open) {
    return PUMPS.submit(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && open.get()) {
                  listener.line(line, stderr);
                  // Masked before it is kept: a cut made afterwards never splits a secret.
                  capture.line(context.mask().apply(line));
                  if (all != null && all.length() <= limit) {
                    all.append(line).append('\n');
                  }
                }
              } catch (IOException closedWhenKilled) {
                // The stream closes when the process tree is killed; what was read is kept.
              }
            });
  }

  private static void joinQuietly(Future<?> reader) {
    try {
      // A grandchild that outlived a killed parent could hold the pipe open; do not wait forever.
      reader.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Left to finish on its own: the step is over, and its output gate is closed.
    }
  }

  /** Stops a process and all its descendants (see {@link dev.maint.io.ProcessGroups#killTree}). */
  public static void killTree(ProcessHandle root) {
    dev.maint.io.ProcessGroups.killTree(root);
  }
}
