package dev.maint.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's BullMQ and Redis checks (2.5, 3.6) through the real {@code redis-cli} against a real
 * {@code redis-server} on loopback holding BullMQ-shaped queues: one server for the class.
 */
class SeedRedisChecksTest {
  @TempDir static Path serverDir;
  @TempDir Path tmp;
  static Process server;
  static int port;

  @BeforeAll
  static void startRedis() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--dir", serverDir.toString(), "--save", "", "--appendonly", "no")
        .redirectErrorStream(true).redirectOutput(serverDir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!cli("PING").equals("PONG")) {
      if (System.nanoTime() > deadline || !server.isAlive()) {
        throw new AssertionError("redis-server did not start: " + Files.readString(serverDir.resolve("redis.log")));
      }
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    server.destroy();
    server.waitFor();
  }

  static String cli(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }

  /** A healthy state: queues with waiting, active (locked) and a few failed jobs; memory bounded. */
  @BeforeEach
  void healthyQueues() throws Exception {
    cli("FLUSHALL");
    cli("CONFIG", "SET", "maxmemory", "256mb");
    cli("CONFIG", "SET", "maxmemory-policy", "noeviction");
    for (String q : List.of("orders", "print-jobs")) {
      cli("HSET", "bull:" + q + ":meta", "opts.maxLenEvents", "10000", "version", "bullmq:5.12.0");
      cli("RPUSH", "bull:" + q + ":wait", "11", "12");
      cli("RPUSH", "bull:" + q + ":active", "10");
      cli("SET", "bull:" + q + ":10:lock", "worker-token", "PX", "600000");
      cli("HSET", "bull:" + q + ":10", "name", "job", "data", "{}", "processedOn", "1764835200000");
      cli("ZADD", "bull:" + q + ":failed", "1764835100000", "9");
    }
  }

  private CliHarness.Result check(String cadence, String steps) throws IOException {
    Workspace ws = Workspace.create(tmp);
    // Quarterly's required pnpm audit check is always selected: a stand-in prints a clean report.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("pnpm"), "#!/bin/sh\necho '{\"metadata\": {\"vulnerabilities\": {\"high\": 0,"
        + " \"critical\": 0}}}'\n");
    bin.resolve("pnpm").toFile().setExecutable(true);
    return new CliHarness(tmp).clock(Workspace.NOV_29).env("REDIS_URL", "redis://127.0.0.1:" + port)
        .env("PATH", bin + ":" + System.getenv("PATH"))
        .run(cadence, "--non-interactive", "--no-commit", "--only", steps, "--set", "app_dir=" + ws.app(),
            "--repo", ws.repo().toString(), "--operator", "CI Bot <ci@example.test>");
  }

  @Test
  void healthyQueuesAndMemoryPass() throws IOException {
    CliHarness.Result r = check("monthly", "m2.5-stuck-jobs,m2.5-failed-jobs,m2.5-redis-memory");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("m2\\.5-stuck-jobs\\s+pass\\s+/stalled is 0 \\(<= 0\\); /stuck is 0 \\(<= 0\\)")
        .containsPattern("m2\\.5-failed-jobs\\s+pass\\s+/failed is 2 \\(<= 10\\)")
        .containsPattern("m2\\.5-redis-memory\\s+pass\\s+/used_memory is \\d+ \\(< 0\\.9 × /maxmemory = 241591910\\.4\\)");
  }

  @Test
  void stalledAndStuckJobsAndManyFailuresFailNamingTheCounts() throws Exception {
    cli("SADD", "bull:orders:stalled", "10");
    cli("DEL", "bull:print-jobs:10:lock");
    for (int i = 100; i < 112; i++) {
      cli("ZADD", "bull:print-jobs:failed", String.valueOf(1764835100000L + i), String.valueOf(i));
    }

    CliHarness.Result r = check("monthly", "m2.5-stuck-jobs,m2.5-failed-jobs");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("m2\\.5-stuck-jobs\\s+fail\\s+/stalled is 1 \\(expected <= 0\\); /stuck is 1 \\(expected <= 0\\)")
        .containsPattern("m2\\.5-failed-jobs\\s+fail\\s+/failed is 14 \\(expected <= 10\\)");
  }

  @Test
  void evictionPolicyAndUnboundedMemoryFailTheQuarterlyCheck() throws Exception {
    cli("CONFIG", "SET", "maxmemory", "0");
    cli("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");

    CliHarness.Result r = check("quarterly", "q3.1-backup-database,q3.2-critical-findings,q3.6-redis-maxmemory");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern(
        "q3\\.6-redis-maxmemory\\s+fail\\s+/maxmemory is 0 \\(expected > 0\\); /maxmemory_policy is \"allkeys-lru\" \\(expected \"noeviction\"\\)");
  }

  @Test
  void aMissingRedisUrlIsAnErrorNamingTheVariable() throws IOException {
    Workspace ws = Workspace.create(tmp);
    CliHarness.Result r = new CliHarness(tmp).clock(Workspace.NOV_29)
        .run("monthly", "--non-interactive", "--no-commit", "--only", "m2.5-redis-memory", "--set", "app_dir=" + ws.app(),
            "--repo", ws.repo().toString(), "--operator", "CI Bot <ci@example.test>");

    assertThat(r.out()).containsPattern(
        "m2\\.5-redis-memory\\s+error\\s+variable 'redis_url': environment variable REDIS_URL is not set");
  }
}
