package dev.maint.cli;

import dev.maint.config.Config;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;

/**
 * Everything a command needs from the outside world, so tests run commands in-process with their
 * own streams, environment, clock and (virtual) terminal.
 *
 * @param in standard input
 * @param out standard output
 * @param err standard error
 * @param env the process environment
 * @param clock the clock sessions and certificate days are measured by
 * @param cwd the current directory
 * @param terminal opens the operator's terminal; empty when standard input is not a terminal
 * @param outIsTerminal whether standard output is a terminal (colour, progress)
 * @param systemSignals whether to install JVM-wide SIGINT/SIGTERM/SIGHUP handlers (not in tests)
 * @param config the configuration files and {@code MAINT_*} variables, read once, on first use, for
 *     the whole process (a supplier that is not a {@link ProcessConfig} is made one)
 */
public record CliContext(
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Clock clock,
    Path cwd,
    Optional<Supplier<Terminal>> terminal,
    boolean outIsTerminal,
    boolean systemSignals,
    Supplier<Config> config) {
  public CliContext {
    env = Map.copyOf(env);
    config = config instanceof ProcessConfig once ? once : ProcessConfig.of(config);
  }

  /** A context whose configuration is read from the files of {@code cwd} and {@code env} (see {@link ProcessConfig#files}). */
  public CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock, Path cwd,
      Optional<Supplier<Terminal>> terminal, boolean outIsTerminal, boolean systemSignals) {
    this(in, out, err, env, clock, cwd, terminal, outIsTerminal, systemSignals, ProcessConfig.files(cwd, env));
  }
}
