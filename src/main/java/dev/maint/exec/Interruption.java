package dev.maint.exec;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Set by a signal handler (SIGINT, SIGTERM, SIGHUP) or by the terminal's going away, and polled by
 * the walk: a running command is stopped; a run told to {@link #terminate} ends with exit code 130.
 *
 * <p>A question that blocks in a read it cannot poll (the line editor of a note or a reason) says
 * so with {@link #waitingIn}: {@link #terminate} then interrupts that thread, so that the question
 * is cancelled at once rather than after the next key.
 */
public final class Interruption {
  private final AtomicBoolean requested = new AtomicBoolean();
  private final AtomicBoolean terminate = new AtomicBoolean();
  private Thread waiting;

  /** Called from a signal handler: asks the current step to stop. */
  public void signal() {
    requested.set(true);
  }

  /**
   * Called for SIGTERM and SIGHUP, and when the terminal is gone (a read of it fails or finds its
   * end): the whole run must end, even an interactive one, without asking anything more.
   */
  public void terminate() {
    terminate.set(true);
    requested.set(true);
    synchronized (this) {
      if (waiting != null) {
        waiting.interrupt();
      }
    }
  }

  /** Whether a stop was asked for and not yet handled. */
  public boolean requested() {
    return requested.get();
  }

  /** Whether the run must end (SIGTERM, SIGHUP, the terminal gone). */
  public boolean terminating() {
    return terminate.get();
  }

  /** Marks the request handled; returns whether there was one. */
  public boolean clear() {
    return requested.getAndSet(false);
  }

  /**
   * Runs {@code read}, a read of the operator's answer that polls nothing, so that {@link
   * #terminate} interrupts it. The thread's interrupt status is cleared afterwards, so that it
   * reaches nothing else (a command's wait, a commit).
   *
   * @return what {@code read} returned; {@code ifTerminating} when the run was told to end before
   *     the read began
   */
  public <T> T waitingIn(java.util.function.Supplier<T> read, T ifTerminating) {
    synchronized (this) {
      if (terminating()) {
        return ifTerminating;
      }
      waiting = Thread.currentThread();
    }
    try {
      return read.get();
    } finally {
      synchronized (this) {
        waiting = null;
        // An interrupt that came too late to matter must not stay set.
        Thread.interrupted();
      }
    }
  }
}
