package dev.maint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.cli.Cli;
import dev.maint.cli.CliContext;
import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer.Identity;
import dev.maint.probe.LoopbackTlsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.tls.HeldCertificate;

/**
 * Measures {@code maint check tls} (run in-process) against many slow loopback TLS servers: wall
 * time of the whole batch against the sum of the single checks. Prints Markdown table rows; {@code scripts/bench} writes them to
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
      out.println("| round | servers | delay ms | threads | wall ms | sum of checks ms | speed-up | all pass |");
      out.println("|---|---|---|---|---|---|---|---|");
      boolean allPass = true;
      for (int round = 1; round <= rounds; round++) {
        allPass &= round(servers, resolve, ca, delayMs, threads, round, out);
      }
      return allPass ? 0 : 1;
    } finally {
      for (LoopbackTlsServer s : servers) {
        s.close();
      }
      Files.deleteIfExists(ca);
    }
  }

  /** One run of {@code maint check tls} over every server, in-process, as a user would run it. */
  private static boolean round(
      List<LoopbackTlsServer> servers, Map<String, String> resolve, Path ca, long delayMs, int threads, int round,
      PrintStream out) throws IOException {
    List<String> args = new ArrayList<>(List.of("check", "tls", "--format", "json", "--parallel",
        Integer.toString(threads), "--ca-file", ca.toString()));
    for (int i = 0; i < servers.size(); i++) {
      args.add("bench-" + i + ".test:" + servers.get(i).port());
    }
    resolve.forEach((nameAndPort, address) -> args.add("--resolve=" + nameAndPort + ":" + address));
    StringWriter json = new StringWriter();
    CliContext context = new CliContext(InputStream.nullInputStream(), new PrintWriter(json),
        new PrintWriter(System.err, true), Map.of(), LoopbackPki.clock(), Path.of("."), Optional.empty(), false, false);
    long start = System.nanoTime();
    int code = Cli.run(context, args.toArray(String[]::new));
    long wall = System.nanoTime() - start;
    long sum = 0;
    for (JsonNode r : new ObjectMapper().readTree(json.toString()).get("results")) {
      sum += r.get("duration_ms").asLong();
    }
    out.printf(
        Locale.ROOT,
        "| %d | %d | %d | %d | %d | %d | %.1f× | %s |%n",
        round, servers.size(), delayMs, threads, wall / 1_000_000, sum, sum / (wall / 1_000_000.0),
        code == 0 ? "yes" : "no");
    return code == 0;
  }
}
