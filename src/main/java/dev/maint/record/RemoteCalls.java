package dev.maint.record;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the person is told while {@code git} talks to a remote for maint (a fetch or push of the
 * branch or the runs), and what stops such a {@code git} early. A command sets them for its
 * duration ({@link #tell}, {@link #cancelWhen}); the {@code git} that maint starts reads them
 * while it waits. Without them, nothing is said and only the deadline ({@code MAINT_GIT_TIMEOUT})
 * and maint's own end stop git.
 */
public final class RemoteCalls {
  private static volatile Consumer<String> say = line -> { };
  private static volatile BooleanSupplier cancelled = () -> false;

  private RemoteCalls() {}

  /** Undoes a {@link #tell} or {@link #cancelWhen}; closing it twice is harmless. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Until the scope is closed, a {@code git} that has not answered after 2 seconds says, once,
   * what it waits for: {@code Waiting for origin (git fetch of the runs), at most 20 s
   * (MAINT_GIT_TIMEOUT)…}.
   */
  public static Scope tell(Consumer<String> lines) {
    Consumer<String> before = say;
    say = lines;
    return () -> say = before;
  }

  /**
   * Until the scope is closed, a {@code git} running when {@code signal} turns true (it was false
   * when git started: Ctrl-C or SIGTERM during the wait) is stopped with its process group, and
   * counts as a remote that could not be reached.
   */
  public static Scope cancelWhen(BooleanSupplier signal) {
    BooleanSupplier before = cancelled;
    cancelled = signal;
    return () -> cancelled = before;
  }

  static void say(String line) {
    say.accept(line);
  }

  static BooleanSupplier cancelled() {
    return cancelled;
  }
}
