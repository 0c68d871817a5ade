package dev.maint.bench;

import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import dev.maint.probe.LoopbackTlsServer.Identity;
import dev.maint.probe.ProbeResult;
import dev.maint.probe.TlsProbe;
import dev.maint.probe.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.tls.HeldCertificate;

/**
 * Measures {@link TlsProbe} against many slow loopback TLS servers checked through a bounded
 * pool, as {@code maint check tls} would: wall time of the whole batch against the sum of the
 * single checks. Prints Markdown table rows; {@code scripts/bench} writes them to
 * docs/benchmarks.md.
 *
 * <p>Arguments: servers (default 50), server delay in ms (200), pool threads (16), rounds (3).
 */
public final class TlsBench {
  private TlsBench() {}

  public static void main(String[] args) throws Exception {
    int servers = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 200;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    // The benchmark's whole purpose is to print its figures.
    PrintStream out = System.out;
    System.exit(run(servers, delayMs, threads, rounds, out));
  }

  static int run(int count, long delayMs, int threads, int rounds, PrintStream out) throws Exception {
    HeldCertificate root = LoopbackPki.root("Bench Root CA");
    Path ca = Files.createTempFile("bench-ca", ".pem");
    LoopbackPki.writePem(ca, root);
    List<LoopbackTlsServer> servers = new ArrayList<>();
    Map<String, String> resolve = new LinkedHashMap<>();
    try {
      for (int i = 0; i < count; i++) {
        String name = "bench-" + i + ".test";
        LoopbackTlsServer s =
            LoopbackTlsServer.builder(Identity.of(LoopbackPki.leaf(name, root, 100)))
                .delay(Duration.ofMillis(delayMs))
                .start();
        servers.add(s);
        resolve.put(name + ":" + s.port(), "127.0.0.1");
      }
      TlsProbe probe = new TlsProbe(LoopbackPki.context(resolve));
      out.println("| round | servers | delay ms | threads | wall ms | sum of checks ms | speed-up | all pass |");
      out.println("|---|---|---|---|---|---|---|---|");
      boolean allPass = true;
      for (int round = 1; round <= rounds; round++) {
        allPass &= round(probe, servers, ca, delayMs, threads, round, out);
      }
      return allPass ? 0 : 1;
    } finally {
      for (LoopbackTlsServer s : servers) {
        s.close();
      }
      Files.deleteIfExists(ca);
    }
  }

  private static boolean round(
      TlsProbe probe, List<LoopbackTlsServer> servers, Path ca, long delayMs, int threads, int round, PrintStream out)
      throws InterruptedException, ExecutionException, IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<long[]>> futures = new ArrayList<>();
      for (int i = 0; i < servers.size(); i++) {
        String name = "bench-" + i + ".test";
        int port = servers.get(i).port();
        futures.add(
            pool.submit(
                () -> {
                  long t0 = System.nanoTime();
                  ProbeResult r =
                      probe.check(
                          new TlsProbe.Request(
                              name, port, Optional.empty(), Optional.empty(), 30, 7, Optional.of(ca), false,
                              Optional.empty(), Duration.ofSeconds(10)));
                  return new long[] {System.nanoTime() - t0, r.verdict() == Verdict.PASS ? 1 : 0};
                }));
      }
      long sum = 0;
      boolean allPass = true;
      for (Future<long[]> f : futures) {
        long[] v = f.get();
        sum += v[0];
        allPass &= v[1] == 1;
      }
      long wall = System.nanoTime() - start;
      out.printf(
          Locale.ROOT,
          "| %d | %d | %d | %d | %d | %d | %.1f× | %s |%n",
          round, servers.size(), delayMs, threads, wall / 1_000_000, sum / 1_000_000, (double) sum / wall,
          allPass ? "yes" : "no");
      return allPass;
    } finally {
      pool.shutdownNow();
    }
  }
}
