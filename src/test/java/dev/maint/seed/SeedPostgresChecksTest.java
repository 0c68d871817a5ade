package dev.maint.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's PostgreSQL checks (3.6 connection pool and slow queries) through the real {@code psql}
 * against a real server: {@code initdb} and {@code pg_ctl} in a temporary folder, run as the
 * {@code postgres} user (tests run as root in CI), listening on loopback only; one server for the
 * class.
 */
class SeedPostgresChecksTest {
  static Path base;
  static Path bin;
  static int port;
  @TempDir Path tmp;
  final List<Process> sessions = new ArrayList<>();

  private static String run(String... argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", argv) + " failed: " + out);
    }
    return out.strip();
  }

  @BeforeAll
  static void startPostgres() throws Exception {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).sorted()
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no /usr/lib/postgresql/*/bin/initdb"));
    }
    base = Files.createTempDirectory("maint-pg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    run("chown", "postgres", base.toString());
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = base.resolve("data");
    run("runuser", "-u", "postgres", "--", bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust",
        "-U", "postgres", "--no-sync");
    run("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
        base.resolve("log").toString(), "-o", "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1"
            + " -c max_connections=10 -c superuser_reserved_connections=1", "start");
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    run("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(),
        "-m", "immediate", "-w", "stop");
    run("rm", "-rf", base.toString());
  }

  @AfterEach
  void endSessions() throws InterruptedException {
    for (Process p : sessions) {
      p.destroy();
      p.waitFor();
    }
    // A killed psql leaves its backend sleeping until it next writes: end those backends, and wait
    // until the server has seen them go, so the next test starts from a quiet server.
    count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%'"
        + " AND pid <> pg_backend_pid()");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline && !count("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep%'"
        + " AND pid <> pg_backend_pid()").equals("0")) {
      Thread.sleep(50);
    }
  }

  private static String url() {
    return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  private static String count(String sql) {
    try {
      return run("psql", url(), "-X", "-A", "-t", "-c", sql);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** A session running a query that takes a minute: slow, and one more connection in use. */
  private void slowQuery() throws IOException {
    sessions.add(new ProcessBuilder("psql", url(), "-X", "-c", "SELECT pg_sleep(60)")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
  }

  private CliHarness.Result check(String steps) throws IOException {
    Workspace ws = Workspace.create(tmp);
    Path standIns = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(standIns.resolve("pnpm"), "#!/bin/sh\necho '{\"metadata\": {\"vulnerabilities\": {\"high\": 0,"
        + " \"critical\": 0}}}'\n");
    standIns.resolve("pnpm").toFile().setExecutable(true);
    return new CliHarness(tmp).clock(Workspace.NOV_29).env("DATABASE_URL", url())
        .env("PATH", standIns + ":" + System.getenv("PATH"))
        .run("quarterly", "--non-interactive", "--no-commit", "--only", "q3.1-backup-database,q3.2-critical-findings," + steps,
            "--set", "app_dir=" + ws.app(), "--set", "slow_query_seconds=1", "--repo", ws.repo().toString(),
            "--operator", "CI Bot <ci@example.test>");
  }

  @Test
  void aQuietServerPassesThePoolAndSlowQueryChecks() throws IOException {
    CliHarness.Result r = check("q3.6-postgresql-version,q3.6-postgresql-connection-pool,q3.6-postgresql-slow-queries");

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).containsPattern("q3\\.6-postgresql-connection-pool\\s+pass\\s+/connections is \\d \\(< 0\\.8 × /max_connections = 8\\)")
        .containsPattern("q3\\.6-postgresql-slow-queries\\s+pass\\s+/slow_queries is 0 \\(<= 0\\)")
        .containsPattern("q3\\.6-postgresql-version\\s+pass\\s+postgresql_version = \\d+");
  }

  @Test
  void slowQueriesAndAFullPoolFailNamingTheValues() throws Exception {
    for (int i = 0; i < 8; i++) {
      slowQuery();
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!count("SELECT count(*) >= 8 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep%'"
        + " AND now() - query_start > interval '1 second'").equals("t")) {
      assertThat(System.nanoTime()).as("the slow sessions started").isLessThan(deadline);
      Thread.sleep(50);
    }

    CliHarness.Result r = check("q3.6-postgresql-connection-pool,q3.6-postgresql-slow-queries");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("q3\\.6-postgresql-connection-pool\\s+fail\\s+/connections is 9 \\(expected < 0\\.8 × /max_connections = 8\\)")
        .containsPattern("q3\\.6-postgresql-slow-queries\\s+fail\\s+/slow_queries is 8 \\(expected <= 0\\)");
  }
}
