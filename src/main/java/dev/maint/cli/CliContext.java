package dev.maint.cli;

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
    boolean systemSignals) {
  public CliContext {
    env = Map.copyOf(env);
  }
}
