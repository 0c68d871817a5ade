package dev.maint.exec;

import dev.maint.probe.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs independent probes on a bounded pool, so checking many slow hosts takes about as long as
 * the slowest few rather than their sum. Results come back in the order the checks were given.
 */
public final class ParallelChecks {
  private ParallelChecks() {}

  /**
   * A named check.
   *
   * @param target what is checked ({@code host:port}, a URL, a file)
   * @param stepId the runbook step it comes from, or empty for an ad-hoc target
   * @param kind tls, http or cert
   * @param probe runs the check
   */
  public record Check(String target, String stepId, String kind, Supplier<ProbeResult> probe) {}

  /**
   * The outcome of one check.
   *
   * @param check the check
   * @param result what the probe found
   * @param durationMs milliseconds it took
   */
  public record Outcome(Check check, ProbeResult result, long durationMs) {}

  /**
   * Runs every check.
   *
   * @param threads at most this many checks run at once (at least 1)
   */
  public static List<Outcome> run(List<Check> checks, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, checks.size()))), r -> {
      Thread t = new Thread(r, "maint-check");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Check c : checks) {
        futures.add(pool.submit(() -> {
          long t0 = System.nanoTime();
          ProbeResult r;
          try {
            r = c.probe().get();
          } catch (RuntimeException e) {
            r = ProbeResult.error("probe failed: " + e);
          }
          return new Outcome(c, r, (System.nanoTime() - t0) / 1_000_000);
        }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
