package dev.maint.io;

import dev.maint.MaintException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A folder where maint keeps what outlives one run (its state: {@code MAINT_STATE_DIR}; its run
 * logs: {@code MAINT_LOG_DIR}), named by an environment variable. Such a variable is set once, in
 * a profile or a CI job, and read from whatever folder maint is started in: a relative path would
 * put the sessions or logs somewhere else from each folder, so that a resume finds nothing and a
 * lock guards nothing. It must be absolute.
 */
public final class EnvironmentPath {
  private EnvironmentPath() {}

  /**
   * The absolute path environment variable {@code name} holds; empty when it is unset or blank
   * (an empty variable counts as unset).
   *
   * @throws MaintException (usage, exit 2) for a relative path or one no path can be
   */
  public static Optional<Path> of(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(absolute(name, value));
  }

  /**
   * {@code value}, the value of environment variable {@code name}, as an absolute path.
   *
   * @throws MaintException (usage, exit 2) for a relative path or one no path can be
   */
  public static Path absolute(String name, String value) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw MaintException.usage(name + " '" + dev.maint.text.OneLine.escape(value) + "': not a path (" + e.getReason() + ")");
    }
    if (!path.isAbsolute()) {
      throw MaintException.usage(name + " '" + dev.maint.text.OneLine.escape(value)
          + "': a relative path, which would change with the current folder; give an absolute one");
    }
    return path.normalize();
  }

  /**
   * {@code $XDG_STATE_HOME} when it is set to an absolute path; empty when it is unset, blank or
   * relative, which the XDG Base Directory Specification says is invalid and to be ignored.
   */
  public static Optional<Path> xdgStateHome(Map<String, String> env) {
    String value = env.get("XDG_STATE_HOME");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(value);
      return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /**
   * Where maint keeps state when no variable of its own names a folder: {@code
   * $XDG_STATE_HOME/maint} ({@link #xdgStateHome}), else {@code ~/.local/state/maint} ({@code HOME},
   * else the JVM's {@code user.home}).
   */
  public static Path maintState(Map<String, String> env) {
    return xdgStateHome(env).map(p -> p.resolve("maint")).orElseGet(() ->
        Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state", "maint"));
  }
}
