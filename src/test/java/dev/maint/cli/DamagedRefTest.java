package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A log branch whose ref is damaged is refused, not taken for a missing branch: starting it
 * afresh would drop the rows already committed on it.
 */
class DamagedRefTest extends RepoTest {
  private static final String BRANCH = "maintenance/2026-11";

  private CliHarness.Result walkMonthly() {
    return walks.maint().run(walks.args(repo, "monthly", "--non-interactive"));
  }

  @ParameterizedTest
  @CsvSource({
      "garbage, not a commit id",
      "1111111111111111111111111111111111111111, "
          + "'it names 1111111111111111111111111111111111111111, which is not in the repository'"})
  void damagedBranchRefIsRefusedNamingTheRefAndNothingIsWritten(String content, String why) throws IOException {
    assertThat(walkMonthly().exitCode()).isEqualTo(1);
    Path loose = repo.resolve(".git/refs/heads/" + BRANCH);
    Files.writeString(loose, content + "\n");
    String refs = refs();

    CliHarness.Result r = walkMonthly();

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + repo + ": ref refs/heads/" + BRANCH + " is damaged (" + why
        + "): repair or delete it with git update-ref\n");
    assertThat(Files.readString(loose)).isEqualTo(content + "\n");
    assertThat(refs()).isEqualTo(refs);
  }

  @ParameterizedTest
  @CsvSource({
      "garbage, not a commit id",
      "1111111111111111111111111111111111111111, "
          + "'it names 1111111111111111111111111111111111111111, which is not in the repository'"})
  void damagedRunRefIsRefusedOnResume(String content, String why) throws IOException {
    CliHarness.Result begun = walks.maint().typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(begun.out()).as(begun.err()).contains("Log entry committed");
    String id = git.run("for-each-ref", "--format=%(refname:lstrip=3)", "refs/maint/runs/").strip();
    assertThat(id).matches("[0-9a-f]{8}");
    Path loose = repo.resolve(".git/refs/maint/runs/" + id);
    Files.writeString(loose, content + "\n");
    String refs = refs();

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--resume", "--non-interactive"));

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: " + repo + ": ref refs/maint/runs/" + id + " is damaged (" + why
        + "): repair or delete it with git update-ref\n");
    assertThat(refs()).isEqualTo(refs);
  }

  /** Every loose ref file with its content: git's own commands stop at the ref naming a missing object. */
  private String refs() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(repo.resolve(".git/refs"))) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        all.append(f).append(' ').append(Files.readString(f));
      }
    }
    return all.toString();
  }
}
