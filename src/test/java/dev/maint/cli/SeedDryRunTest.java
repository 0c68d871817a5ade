package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dry run of the embedded runbook changes nothing in the application directory. */
class SeedDryRunTest {
  @TempDir Path tmp;

  @DisplayName("V1: a quarterly dry run keeps the pre-update dependency snapshots")
  @Test
  void quarterlyDryRunLeavesTheDependencySnapshotsAlone() throws IOException {
    Workspace ws = Workspace.create(tmp);
    Files.writeString(ws.app().resolve("deps-before.txt"), "react 19.0.0\n");
    Files.writeString(ws.app().resolve("deps-after.txt"), "react 19.1.0\n");
    // The required, read-only pnpm audit check runs in a dry run: a stand-in prints a clean report.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("pnpm"), "#!/bin/sh\necho '{\"advisories\": {}, \"metadata\": {\"vulnerabilities\":"
        + " {\"info\": 0, \"low\": 0, \"moderate\": 0, \"high\": 0, \"critical\": 0}}}'\n");
    bin.resolve("pnpm").toFile().setExecutable(true);

    CliHarness.Result r = new CliHarness(tmp).clock(Workspace.NOV_29).env("PATH", bin + ":" + System.getenv("PATH"))
        .run("quarterly", "--dry-run",
        "--only", "q3.1-backup-database,q3.1-export-deps,q3.2-critical-findings,q3.3.5-export-deps,q3.3.5-diff", "--set", "app_dir=" + ws.app(),
        "--repo", ws.repo().toString(), "--operator", "CI Bot <ci@example.test>",
        "--log-dir", tmp.resolve("logs").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("q3\\.1-export-deps\\s+skipped\\s+dry run")
        .containsPattern("q3\\.3\\.5-export-deps\\s+skipped\\s+dry run")
        .containsPattern("q3\\.3\\.5-diff\\s+pass")
        .containsPattern("q3\\.2-critical-findings\\s+pass\\s+/metadata/vulnerabilities/critical is 0");
    assertThat(ws.app().resolve("deps-before.txt")).hasContent("react 19.0.0");
    assertThat(ws.app().resolve("deps-after.txt")).hasContent("react 19.1.0");
  }

  @DisplayName("V5: a dry run runs the readonly commands, which need app_dir, as the README says")
  @Test
  void monthlyDryRunWithoutAppDirMakesTheReadonlyCommandsErrors() throws IOException {
    Workspace ws = Workspace.create(tmp);

    // Only the readonly commands: the seed's probes would reach for its production hosts.
    CliHarness.Result r = new CliHarness(tmp).clock(Workspace.NOV_29).run("monthly", "--dry-run",
        "--only", "m2.1-pnpm-audit,m2.1-pnpm-outdated,m2.1-pnpm-update", "--repo", ws.repo().toString(),
        "--operator", "CI Bot <ci@example.test>", "--log-dir", tmp.resolve("logs").toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("m2\\.1-pnpm-audit\\s+error\\s+variable 'app_dir' has no value for environment 'production'")
        .containsPattern("m2\\.1-pnpm-outdated\\s+error\\s+variable 'app_dir'")
        .containsPattern("m2\\.1-pnpm-update\\s+skipped\\s+dry run");
  }
}
