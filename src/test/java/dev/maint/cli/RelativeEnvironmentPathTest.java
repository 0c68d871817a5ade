package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Fixtures;
import dev.maint.testing.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder maint keeps things in across runs, named by an environment variable ({@code
 * MAINT_STATE_DIR}, {@code MAINT_LOG_DIR}), must be absolute: a relative one would put the
 * sessions and logs wherever maint happens to start, so a resume would find nothing. It is refused
 * in one line, exit 2, before anything is written anywhere.
 */
class RelativeEnvironmentPathTest {
  @TempDir Path tmp;
  Workspace ws;
  Path runbook;
  /** A relative name no other test uses, looked for both in the test's folder and in the JVM's. */
  String relative = "relative-" + System.nanoTime();

  @BeforeEach
  void setUp() throws IOException {
    ws = Workspace.create(tmp);
    runbook = Fixtures.copy("/runbooks/ci.yaml", tmp);
  }

  private String[] walk(String... extra) {
    List<String> all = new ArrayList<>(List.of("monthly", "--non-interactive", "--runbook", runbook.toString(),
        "--repo", ws.repo().toString(), "--workdir", ws.app().toString(), "--operator", "Ada <ada@example.test>"));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private void assertRefused(CliHarness.Result r, String variable) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + variable + " '" + relative
        + "': a relative path, which would change with the current folder; give an absolute one\n");
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve(relative)).doesNotExist();
    assertThat(Path.of(relative)).doesNotExist();
  }

  @Test
  void aRelativeStateFolderIsRefusedByTheWalkAndTheSessionList() {
    CliHarness maint = new CliHarness(tmp).clock(Workspace.NOV_29).env("MAINT_STATE_DIR", relative)
        .env("MAINT_LOG_DIR", tmp.resolve("logs").toString());

    assertRefused(maint.run(walk()), "MAINT_STATE_DIR");
    assertRefused(maint.run(walk("--resume")), "MAINT_STATE_DIR");
    assertRefused(maint.run("sessions", "--runbook", runbook.toString()), "MAINT_STATE_DIR");
    assertRefused(maint.run("config"), "MAINT_STATE_DIR");
    assertThat(tmp.resolve("logs")).doesNotExist();
  }

  @Test
  void aRelativeLogFolderIsRefusedBeforeTheWalk() {
    CliHarness maint = new CliHarness(tmp).clock(Workspace.NOV_29).env("MAINT_LOG_DIR", relative)
        .env("MAINT_STATE_DIR", tmp.resolve("state").toString());

    assertRefused(maint.run(walk()), "MAINT_LOG_DIR");
    assertThat(tmp.resolve("state")).doesNotExist();
    // --log-dir on the command line beats the variable, and may be relative like any option.
    CliHarness.Result given = maint.run(walk("--no-commit", "--log-dir", "logs"));
    assertThat(given.exitCode()).as(given.err()).isIn(0, 1);
    assertThat(tmp.resolve("logs")).isDirectory();
  }

  @Test
  void anAbsoluteStateFolderIsTakenAndARelativeXdgStateHomeIsIgnored() {
    CliHarness.Result absolute = new CliHarness(tmp).env("MAINT_STATE_DIR", tmp.resolve("state") + "/./")
        .run("config", "--format", "json");
    assertThat(absolute.exitCode()).as(absolute.err()).isZero();
    assertThat(absolute.out()).contains("\"" + tmp.resolve("state") + "\"");

    // The XDG Base Directory Specification: a relative XDG_STATE_HOME is invalid and ignored.
    CliHarness.Result xdg = new CliHarness(tmp).env("XDG_STATE_HOME", relative).run("config", "--format", "json");
    assertThat(xdg.exitCode()).as(xdg.err()).isZero();
    assertThat(xdg.out()).contains("\"" + tmp.resolve(".local/state/maint") + "\"").doesNotContain(relative);
  }
}
