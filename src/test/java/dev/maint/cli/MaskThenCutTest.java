package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.probe.ShellProbe;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, 3: output is masked before it is cut to its head and tail, so a secret straddling the
 * cut leaves no part of itself in the session file, the record or the reports.
 */
class MaskThenCutTest extends RepoTest {
  @Test
  void aSecretStraddlingTheHeadCutLeavesNoPartOfItselfAnywhere() throws IOException {
    // The first line is longer than the kept head: its cut falls six characters into the secret.
    int before = ShellProbe.OUTPUT_LIMIT - 1 - 6;
    walks.editRunbook("run: \"true\"", "run: head -c " + before + " /dev/zero | tr '\\0' x; echo \"${token}tail\"");
    Path json = tmp.resolve("report.json");
    Path junit = tmp.resolve("report.xml");

    CliHarness.Result r = walks.maint().run(walks.args(repo, "continuous", "--non-interactive",
        "--report", "json=" + json, "--report", "junit=" + junit, "--record-dir", tmp.resolve("records").toString()));

    assertThat(r.exitCode()).as(r.err()).isZero();
    String start = Walks.SECRET.substring(0, 4);
    assertThat(Files.readString(json)).contains("x***ta").doesNotContain(start);
    try (Stream<Path> files = Files.walk(tmp)) {
      List<Path> written = files.filter(Files::isRegularFile).filter(f -> !f.startsWith(repo.resolve(".git")))
          .filter(f -> !f.equals(walks.runbook())).toList();
      for (Path f : written) {
        assertThat(Files.readString(f)).as(f.toString()).doesNotContain(start);
      }
    }
    assertThat(git.run("log", "-p", "--all")).doesNotContain(start);
  }
}
