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

  @org.junit.jupiter.api.Test
  void damagedRunRefsAreListedByNameEscapedAndLeftAsTheyAre() throws IOException {
    Path runs = Files.createDirectories(repo.resolve(".git/refs/maint/runs"));
    Files.writeString(runs.resolve("deadbeef"), "garbage\n");
    Files.writeString(runs.resolve("0badc0de"), "1111111111111111111111111111111111111111\n");
    // A name git never gives a ref, with a control character a terminal would act on.
    Files.writeString(runs.resolve("bad\u001b[2Jname"), "garbage\n");
    String refs = refs();

    CliHarness.Result r = new CliHarness(repo).run("sessions", "--all", "--runbook", walks.runbook().toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String scope = " (a session of a cadence that cannot be read of " + repo + "; kept; not resumed)";
    assertThat(r.out()).isEqualTo(
        "damaged  refs/maint/runs/0badc0de  it names 1111111111111111111111111111111111111111, which is not in the"
            + " repository: repair or delete it with git update-ref" + scope + "\n"
        + "damaged  refs/maint/runs/bad\\u001b[2Jname  not a commit id: repair or delete it with git update-ref"
            + scope + "\n"
        + "damaged  refs/maint/runs/deadbeef  not a commit id: repair or delete it with git update-ref" + scope + "\n");
    assertThat(refs()).isEqualTo(refs);

    CliHarness.Result json = new CliHarness(repo).run("sessions", "--all", "--format", "json", "--runbook",
        walks.runbook().toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode damaged = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(json.out()).path("damaged");
    assertThat(damaged).hasSize(3);
    assertThat(damaged.get(1).path("file").asText()).isEqualTo("refs/maint/runs/bad\u001b[2Jname");
    assertThat(damaged.get(2).path("reason").asText()).isEqualTo("not a commit id: repair or delete it with git update-ref");
  }

  @org.junit.jupiter.api.Test
  void aResumeSaysWhichRunRefsItCannotOffer() throws IOException {
    Path runs = Files.createDirectories(repo.resolve(".git/refs/maint/runs"));
    Files.writeString(runs.resolve("deadbeef"), "garbage\n");

    CliHarness.Result r = walks.maint().run(walks.args(repo, "monthly", "--resume", "--non-interactive"));

    assertThat(r.out() + r.err()).contains("The run ref refs/maint/runs/deadbeef is damaged (not a commit id: repair or"
        + " delete it with git update-ref): its run is not offered.\n");
    assertThat(Files.readString(runs.resolve("deadbeef"))).isEqualTo("garbage\n");
  }

  @org.junit.jupiter.api.Test
  void aRunRefWhoseSessionDoesNotParseIsListedAsDamaged() throws IOException {
    CliHarness.Result begun = walks.maint().typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(begun.out()).as(begun.err()).contains("Log entry committed");
    String id = git.run("for-each-ref", "--format=%(refname:lstrip=3)", "refs/maint/runs/").strip();
    // Another clone's run whose session.json is not one maint can read, put on its ref by git itself.
    String blob = git.runWithInput("{\"schema\": 99}", "hash-object", "-w", "--stdin").strip();
    String tree = git.runWithInput("100644 blob " + blob + "\tsession.json\n", "mktree").strip();
    String commit = git.run("commit-tree", tree, "-m", "run").strip();
    git.run("update-ref", "refs/maint/runs/0ther000", commit);

    CliHarness.Result r = new CliHarness(repo).run("sessions", "--all", "--runbook", walks.runbook().toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(id + "  monthly").contains("damaged  refs/maint/runs/0ther000  its session.json is not"
        + " a session maint can read (a session of a cadence that cannot be read of " + repo + "; kept; not resumed)\n");
  }

  @org.junit.jupiter.api.Test
  void aRunsCommitIsFoundOnItsBranchEvenWhenATagHasTheBranchsName() throws IOException {
    assertThat(walkMonthly().exitCode()).isEqualTo(1);
    String tip = git.run("rev-parse", "refs/heads/" + BRANCH).strip();
    // findRef would take refs/tags/NAME before refs/heads/NAME: a tag on main has no record.
    git.run("tag", BRANCH, "main");

    CliHarness.Result r = walks.maint().run("site", "--runbook", walks.runbook().toString(), "--repo", repo.toString(),
        "--out", tmp.resolve("site").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> pages = Files.walk(tmp.resolve("site"))) {
      assertThat(pages.filter(p -> p.toString().endsWith(".html")).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).anyMatch(page -> page.contains("<code>" + tip + "</code>"))).as("a run page names commit " + tip).isTrue();
    }
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
