package dev.maint.probe;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Ends a blocking network operation from another thread: once the cancellation signal turns true
 * or the deadline passes, it runs the current stop action (closing a socket, cancelling a call),
 * which makes a blocked connect, read or TLS handshake fail at once. A socket's read timeout
 * cannot bound a whole exchange: a server that sends a byte now and then restarts it with every
 * byte.
 *
 * <p>Every watchdog is polled every 50 ms by one shared daemon thread. Thread-safe.
 */
final class Watchdog implements AutoCloseable {
  /** Why a watchdog fired. */
  enum Cause {
    /** The cancellation signal turned true (Ctrl-C, SIGTERM). */
    CANCELLED,
    /** The deadline passed. */
    TIMED_OUT
  }

  private static final long POLL_MILLIS = 50;
  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "maint-probe-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final BooleanSupplier cancelled;
  private final Optional<Long> deadline;
  private final CountDownLatch fired = new CountDownLatch(1);
  private ScheduledFuture<?> polling;
  private Runnable stop = () -> {};
  private Cause cause;

  private Watchdog(BooleanSupplier cancelled, Optional<Long> deadline) {
    this.cancelled = cancelled;
    this.deadline = deadline;
  }

  /**
   * Starts watching a cancellation signal only.
   *
   * @param cancelled polled every 50 ms; true fires the watchdog with {@link Cause#CANCELLED}
   */
  static Watchdog start(BooleanSupplier cancelled) {
    return start(cancelled, Optional.empty());
  }

  /**
   * Starts watching a cancellation signal and a deadline.
   *
   * @param cancelled polled every 50 ms; true fires the watchdog with {@link Cause#CANCELLED}
   * @param deadline a {@link System#nanoTime()} value; once it passes the watchdog fires with
   *     {@link Cause#TIMED_OUT} (within about 50 ms)
   */
  static Watchdog start(BooleanSupplier cancelled, long deadline) {
    return start(cancelled, Optional.of(deadline));
  }

  private static Watchdog start(BooleanSupplier cancelled, Optional<Long> deadline) {
    Watchdog w = new Watchdog(cancelled, deadline);
    // No initial delay: a signal that came before the probe started stops it at its first step.
    w.polling = POLLER.scheduleWithFixedDelay(w::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    return w;
  }

  private void poll() {
    if (cancelled.getAsBoolean()) {
      fire(Cause.CANCELLED);
    } else if (deadline.isPresent() && System.nanoTime() - deadline.get() >= 0) {
      fire(Cause.TIMED_OUT);
    }
  }

  private synchronized void fire(Cause why) {
    if (cause == null) {
      cause = why;
      stop.run();
      fired.countDown();
    }
  }

  /**
   * Makes {@code action} what firing does, in place of the previous one; runs it at once when the
   * watchdog has already fired, so that an operation started just after firing is stopped too.
   *
   * @param action must not block (closing a socket or cancelling an okhttp call does not)
   */
  synchronized void guard(Runnable action) {
    stop = action;
    if (cause != null) {
      action.run();
    }
  }

  /** Why the watchdog fired; empty while it has not. */
  synchronized Optional<Cause> cause() {
    return Optional.ofNullable(cause);
  }

  /**
   * Waits up to {@code wait} for the watchdog to fire.
   *
   * @return whether it fired
   * @throws InterruptedException when the waiting thread is interrupted
   */
  boolean await(Duration wait) throws InterruptedException {
    return fired.await(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops watching; the stop action is never run after this returns. */
  @Override
  public void close() {
    polling.cancel(false);
    synchronized (this) {
      stop = () -> {};
    }
  }
}
