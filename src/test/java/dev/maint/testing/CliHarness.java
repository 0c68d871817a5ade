package dev.maint.testing;

import dev.maint.cli.Cli;
import dev.maint.cli.CliContext;
import dev.maint.cli.ProcessConfig;
import dev.maint.config.Config;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

/** Runs {@code maint} in-process with captured output, a chosen clock and environment. */
public final class CliHarness {
  private final Path cwd;
  private final Map<String, String> env = new HashMap<>();
  /** Tests never depend on the day they run: the clock stands still unless a test sets another. */
  private Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-29T09:00:00Z"), java.time.ZoneOffset.UTC);
  private String terminalInput;
  private byte[] stdin = new byte[0];
  private boolean outIsTerminal;
  private final ByteArrayOutputStream terminalOutput = new ByteArrayOutputStream();
  private Function<Map<String, String>, Supplier<Config>> config;

  public CliHarness(Path cwd) {
    this.cwd = cwd;
    env.put("PATH", System.getenv("PATH"));
    env.put("HOME", cwd.toString());
    env.put("NO_COLOR", "1");
  }

  public CliHarness env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Removes a variable from the environment maint sees (e.g. {@code NO_COLOR}, set by default). */
  public CliHarness unsetEnv(String name) {
    env.remove(name);
    return this;
  }

  /** Whether standard output counts as a terminal (default: no, as when piped). */
  public CliHarness outIsTerminal(boolean terminal) {
    this.outIsTerminal = terminal;
    return this;
  }

  public CliHarness clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Standard input as a pipe holding these bytes (not a terminal). */
  public CliHarness stdin(String text) {
    this.stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Makes standard input a (jline dumb) terminal that types these keys. */
  public CliHarness typing(String keys) {
    this.terminalInput = keys;
    return this;
  }

  /**
   * Reads each run's configuration with {@code loader} (given the run's environment) rather than
   * from the files, e.g. to count the reads or change the files after one.
   */
  public CliHarness configLoader(Function<Map<String, String>, Supplier<Config>> loader) {
    this.config = loader;
    return this;
  }

  /** What the virtual terminal showed. */
  public String terminalOutput() {
    return terminalOutput.toString(StandardCharsets.UTF_8);
  }

  /** Runs maint with {@code first}, then {@code more}, as arguments. */
  public Result run(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return run(all.toArray(String[]::new));
  }

  /** Runs maint with these arguments. */
  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Optional<Supplier<Terminal>> terminal = Optional.empty();
    if (terminalInput != null) {
      InputStream keys = new ByteArrayInputStream(terminalInput.getBytes(StandardCharsets.UTF_8));
      terminal = Optional.of(() -> {
        try {
          return new DumbTerminal("test", Terminal.TYPE_DUMB, keys, terminalOutput, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    CliContext context = new CliContext(
        new ByteArrayInputStream(stdin), new PrintWriter(out, true), new PrintWriter(err, true), env, clock, cwd,
        terminal, outIsTerminal, false,
        config == null ? ProcessConfig.files(cwd, env) : config.apply(Map.copyOf(env)));
    int code = Cli.run(context, args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * The outcome of a run.
   *
   * @param exitCode the exit code
   * @param out standard output
   * @param err standard error
   */
  public record Result(int exitCode, String out, String err) {}
}
