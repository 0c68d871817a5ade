package dev.maint.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set by a signal handler (SIGINT, SIGTERM) and polled by the walk: a running command is stopped;
 * a non-interactive run then ends with exit code 130.
 */
public final class Interruption {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean terminate = new AtomicBoolean();

  /** Called from a signal handler: asks the current step to stop. */
  public void signal() {
    requested.set(true);
  }

  /** Called for SIGTERM: the whole run must end, even an interactive one. */
  public void terminate() {
    terminate.set(true);
    requested.set(true);
  }

  /** Whether a stop was asked for and not yet handled. */
  public boolean requested() {
    return requested.get();
  }

  /** Whether the run must end (SIGTERM). */
  public boolean terminating() {
    return terminate.get();
  }

  /** Marks the request handled; returns whether there was one. */
  public boolean clear() {
    return requested.getAndSet(false);
  }
}
