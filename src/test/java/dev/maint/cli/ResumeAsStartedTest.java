package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.config.Config;
import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A session remembers how it was started: {@code --resume} from any folder continues it as it was. */
class ResumeAsStartedTest extends RepoTest {
  /** A certificate, as --ca-file must hold one. */
  private static final String PEM = new okhttp3.tls.HeldCertificate.Builder().build().certificatePem();

  private Path elsewhere;

  @BeforeEach
  void elsewhere() throws IOException {
    elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
  }

  /** maint in {@code cwd}, with one state folder for all (HOME differs per folder). */
  private CliHarness maintIn(Path cwd) {
    return new CliHarness(cwd).clock(Walks.NOV_29).env("WALK_TOKEN", Walks.SECRET)
        .env("MAINT_STATE_DIR", tmp.resolve("state").toString());
  }

  /** Walks monthly with a --set value and a --resolve, answers the first step and quits. */
  private CliHarness.Result startAndQuit(String... extra) {
    List<String> args = new ArrayList<>(List.of(walks.args(repo, "monthly", "--set", "greeting=bonjour",
        "--resolve", "example.test:443:127.0.0.1")));
    args.addAll(List.of(extra));
    CliHarness.Result quit = maintIn(tmp).typing("dqy").run(args.toArray(String[]::new));
    assertThat(quit.out()).as(quit.err()).contains("is saved; continue it with: ");
    return quit;
  }

  private static String hint(CliHarness.Result quit) {
    Matcher m = Pattern.compile("continue it with: (.*)\n").matcher(quit.out());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void resumeFromAnotherFolderWithoutOptionsContinuesTheSessionAsItWasStarted() {
    startAndQuit();

    CliHarness.Result r = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive");

    assertThat(r.out()).as(r.err()).contains("Resuming session ", "│ bonjour")
        .contains("Log entry committed to maintenance/2026-11");
    // The resumed walk opens with the overrides it took from the session, and its record names them.
    assertThat(r.out()).startsWith("Walking monthly with:\n").contains("  record       branch maintenance/2026-11 of ",
        "  overrides    --set greeting=\"bonjour\", --resolve example.test:443:127.0.0.1\n");
    assertThat(r.out().indexOf("overrides    ")).isLessThan(r.out().indexOf("Resuming session "));
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("monthly (staging, overridden: greeting, --resolve)");
  }

  @Test
  void setValuesFromTheProjectFileAreKeptForAResumeFromAFolderThatReadsNoProjectFile() throws IOException {
    Files.writeString(repo.resolve(".maint.yaml"), "set:\n  greeting: salut\n");
    CliHarness.Result quit = maintIn(repo).typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(quit.out()).as(quit.err()).contains("is saved; continue it with: ");

    CliHarness.Result r = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive");

    assertThat(r.err()).doesNotContain("began with other --set values");
    assertThat(r.out()).as(r.err()).contains("Resuming session ", "│ salut", "Log entry committed to maintenance/2026-11");
  }

  @Test
  void configurationDefaultsOfAnotherFolderDoNotContradictHowTheSessionWasStarted() throws IOException {
    Path xdg = Files.createDirectories(tmp.resolve("xdg/maint"));
    Files.writeString(xdg.resolve("config.yaml"), "env: staging\nrunbook: " + tmp.resolve("nope.yaml") + "\n");
    Files.writeString(repo.resolve(".maint.yaml"), "env: production\nrunbook: " + walks.runbook() + "\n");
    List<String> start = new ArrayList<>(List.of(walks.args(repo, "monthly")));
    start.removeAll(List.of("--runbook", walks.runbook().toString()));
    CliHarness.Result quit = maintIn(repo).env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString()).typing("dqy")
        .run(start.toArray(String[]::new));
    assertThat(quit.out()).as(quit.err()).contains("is saved; continue it with: ");

    CliHarness.Result r = maintIn(elsewhere).env("XDG_CONFIG_HOME", tmp.resolve("xdg").toString())
        .run("monthly", "--resume", "--non-interactive");

    assertThat(r.err()).doesNotContain("runs in environment", "began with");
    assertThat(r.out()).as(r.err()).contains("Resuming session ", "Log entry committed to maintenance/2026-11");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("monthly (production)");
  }

  @Test
  void aSetGivenOnResumeIsComparedWithTheProjectFilesValuesInForceToo() throws IOException {
    Files.writeString(repo.resolve(".maint.yaml"), "set:\n  greeting: salut\n");
    maintIn(repo).typing("dqy").run(walks.args(repo, "monthly"));

    CliHarness.Result same = maintIn(repo).typing("qy").run("monthly", "--resume", "--set", "greeting=salut");
    CliHarness.Result other = maintIn(repo).run("monthly", "--resume", "--non-interactive", "--set", "greeting=hi");

    assertThat(same.out()).as(same.err()).contains("Resuming session ");
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("began with other --set values: greeting=\"salut\", not greeting=\"hi\"");
  }

  @Test
  void aResumedWalkReadsTheConfigurationOnceSoAFileChangedMeanwhileCannotMixTwoVersions() throws IOException {
    Path project = repo.resolve(".maint.yaml");
    Files.writeString(project, "env: production\nmetrics: before.prom\nset:\n  greeting: salut\n");
    CliHarness.Result quit = maintIn(repo).typing("dqy").run(walks.args(repo, "monthly"));
    assertThat(quit.out()).as(quit.err()).contains("is saved; continue it with: ");
    Files.deleteIfExists(repo.resolve("before.prom"));
    AtomicInteger reads = new AtomicInteger();

    // Every read is followed by an edit of the project file, as another shell could make it: a
    // second read would see other values than the option defaults were taken from.
    CliHarness.Result r = maintIn(repo).configLoader(env -> () -> {
      reads.incrementAndGet();
      Config read = ProcessConfig.read(repo, env);
      try {
        Files.writeString(project, "env: staging\nmetrics: after.prom\nset:\n  greeting: hi\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return read;
    }).run("monthly", "--resume", "--non-interactive");

    assertThat(reads).hasValue(1);
    assertThat(r.err()).doesNotContain("began with", "runs in environment");
    assertThat(r.out()).as(r.err()).contains("Resuming session ", "│ salut", "Log entry committed to maintenance/2026-11");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md")).contains("monthly (production");
    assertThat(repo.resolve("before.prom")).isRegularFile();
    assertThat(repo.resolve("after.prom")).doesNotExist();
  }

  @Test
  void quittingAResumedSessionWithoutANewAnswerMakesNoCommit() {
    startAndQuit();
    String before = git.run("rev-list", "--all", "--count").strip();
    String head = git.run("rev-parse", "maintenance/2026-11").strip();

    CliHarness.Result r = maintIn(elsewhere).typing("qy").run("monthly", "--resume");

    assertThat(r.out()).as(r.err()).contains("Resuming session ", "is saved; continue it with: ")
        .doesNotContain("Log entry committed");
    assertThat(git.run("rev-list", "--all", "--count").strip()).isEqualTo(before);
    assertThat(git.run("rev-parse", "maintenance/2026-11").strip()).isEqualTo(head);
  }

  @Test
  void aResumedSessionsCommitIsDatedByTheClockWhenItIsRecordedNotWhenTheSessionBegan() {
    startAndQuit();
    java.time.Clock later = java.time.Clock.offset(Walks.NOV_29, java.time.Duration.ofHours(3));

    CliHarness.Result r = maintIn(elsewhere).clock(later).run("monthly", "--resume", "--non-interactive");

    assertThat(r.out()).as(r.err()).contains("Log entry committed to maintenance/2026-11");
    long expected = later.instant().getEpochSecond();
    assertThat(git.run("log", "-1", "--format=%at %ct", "maintenance/2026-11").strip()).isEqualTo(expected + " " + expected);
  }

  @Test
  void theQuitHintIsACommandThatWorksWhenPastedInAnotherFolder() {
    String hint = hint(startAndQuit());
    assertThat(hint).startsWith("maint monthly --resume --repo ");

    List<String> words = new ArrayList<>(List.of(hint.substring("maint ".length()).split(" ")));
    words.add("--non-interactive");
    CliHarness.Result r = maintIn(elsewhere).run(words.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("Resuming session ", "│ bonjour", "Log entry committed to maintenance/2026-11");
  }

  @Test
  void theQuitHintOfAWalkThatCommitsNothingSaysNoCommitSoItWorksWhenPasted() throws IOException {
    // Started with --no-commit in a folder that is no repository: --repo alone would be "not a git repository".
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    List<String> start = new ArrayList<>(List.of(walks.args(repo, "monthly", "--no-commit")));
    start.removeAll(List.of("--repo", repo.toString()));
    CliHarness.Result quit = maintIn(plain).typing("dqy").run(start.toArray(String[]::new));
    String hint = hint(quit);
    assertThat(hint).startsWith("maint monthly --resume --no-commit --repo ");

    List<String> words = new ArrayList<>(List.of(hint.substring("maint ".length()).split(" ")));
    words.add("--non-interactive");
    CliHarness.Result r = maintIn(elsewhere).run(words.toArray(String[]::new));

    assertThat(r.err()).doesNotContain("not a git repository");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("Resuming session ", "nothing committed");
  }

  @Test
  void optionsThatContradictHowTheSessionWasStartedAreRefusedNamingTheDifference() throws IOException {
    startAndQuit();
    // Another revision of the runbook: a copy with the same bytes is the same runbook (below).
    Path other = Files.writeString(tmp.resolve("other.yaml"), Files.readString(walks.runbook()) + "# revised\n");

    assertThat(refused("--env", "production")).contains("runs in environment 'staging': resume it with --env"
        + " staging or without --env, not --env production");
    assertThat(refused("--set", "greeting=hi")).contains("began with other --set values: greeting=\"bonjour\", not"
        + " greeting=\"hi\"");
    assertThat(refused("--resolve", "example.test:443:127.0.0.2")).contains("began with --resolve"
        + " example.test:443:127.0.0.1, not --resolve example.test:443:127.0.0.2");
    assertThat(refused("--full")).contains("began without --full");
    assertThat(refused("--runbook", other.toString())).contains("began with --runbook " + walks.runbook()
        + ", not --runbook " + other);
  }

  @Test
  @DisplayName("Fault 4: a copy of the runbook at another path is the same runbook, and the resume says which file it walks")
  void aByteIdenticalCopyOfTheRunbookAtAnotherPathIsTheSameRunbook() throws IOException {
    startAndQuit();
    String id = sessionId();
    Path copy = Files.copy(walks.runbook(), Files.createDirectories(tmp.resolve("clone-b")).resolve("walk.yaml"));

    CliHarness.Result r = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive", "--runbook",
        copy.toString());

    assertThat(r.out()).as(r.err()).contains("Resuming with the runbook " + copy + ": the same runbook (sha256 ")
        .contains(") session " + id + " began with as " + walks.runbook() + ".", "Resuming session " + id + ".")
        .contains("Log entry committed to maintenance/2026-11");
  }

  @Test
  @DisplayName("Fault 4: a resume whose runbook file is missing here names it, rather than walking the embedded one")
  void aResumeWhoseRunbookIsMissingHereNamesItAndWhyItCannotBeUsed() throws IOException {
    startAndQuit();
    String id = sessionId();
    Files.move(walks.runbook(), tmp.resolve("moved.yaml"));

    CliHarness.Result r = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive", "--only", "2");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: session " + id + " began with --runbook " + walks.runbook()
        + ", which is not here (no such file): resume it with --runbook FILE, a copy of that runbook (sha256 ")
        .endsWith("), or start over with --restart\n").hasLineCount(1);
  }

  @Test
  @DisplayName("Fault 4: with nothing to resume, --resume says so before it checks the selection")
  void aResumeWithNothingToResumeSaysSoBeforeCheckingTheSelection() {
    CliHarness.Result r = maintIn(repo).run("monthly", "--resume", "--non-interactive", "--only", "2");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("maint: no unfinished monthly session to resume for " + repo + "\n");
  }

  /** The id of the one session in the state folder. */
  private String sessionId() throws IOException {
    try (var files = Files.list(tmp.resolve("state").resolve("sessions"))) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length())).findFirst().orElseThrow();
    }
  }

  @Test
  void aCaFileOtherThanTheOneTheSessionBeganWithIsRefused() throws IOException {
    Path first = Files.writeString(tmp.resolve("first-ca.pem"), PEM);
    Path second = Files.writeString(tmp.resolve("second-ca.pem"), PEM);
    startAndQuit("--ca-file", first.toString());

    assertThat(refused("--ca-file", second.toString())).contains("began with --ca-file " + first
        + ", not --ca-file " + second + ": resume it without --ca-file, or start over with --restart");
    CliHarness.Result same = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive",
        "--ca-file", first.toString());
    assertThat(same.out()).as(same.err()).contains("Resuming session ", "--ca-file " + first);
  }

  @Test
  void aCaFileGivenToResumeASessionBegunWithoutOneIsRefused() throws IOException {
    Path ca = Files.writeString(tmp.resolve("ca.pem"), PEM);
    startAndQuit();

    assertThat(refused("--ca-file", ca.toString())).contains("began with no --ca-file, not --ca-file " + ca);
  }

  private String refused(String... options) {
    List<String> args = new ArrayList<>(List.of("monthly", "--resume", "--non-interactive"));
    args.addAll(List.of(options));
    CliHarness.Result r = maintIn(elsewhere).run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).startsWith("maint: session ").doesNotContain("\tat ");
    return r.err();
  }

  @Test
  void theRepositoryIsComparedByIdentityNotByPath() throws IOException {
    startAndQuit();
    Path sub = Files.createDirectories(repo.resolve("deep/folder"));
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-ops"), repo);
    dev.maint.testing.Git.initWithCommit(tmp.resolve("unrelated"));

    CliHarness.Result other = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive", "--repo",
        tmp.resolve("unrelated").toString());
    CliHarness.Result throughLink = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive", "--repo",
        link.resolve("deep/folder").toString());

    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("no unfinished monthly session to resume");
    assertThat(sub).isDirectory();
    assertThat(throughLink.out()).as(throughLink.err()).contains("Resuming session ", "│ bonjour");
  }

  @Test
  void aFullWalkResumedWithoutFullStillWalksEverySection() {
    CliHarness first = new CliHarness(tmp).clock(Walks.at("2026-12-01T09:00:00Z"))
        .env("MAINT_STATE_DIR", tmp.resolve("state").toString()).env("WALK_TOKEN", Walks.SECRET).typing("dqy");
    Path schedule = tmp.resolve("schedule");
    CliHarness.Result quit;
    try {
      Walks light = new Walks(schedule, "schedule.yaml");
      quit = first.run(light.args(repo, "monthly", "--full"));
      assertThat(first.terminalOutput()).as(quit.err()).contains("[step 1 of 4]");

      CliHarness.Result r = maintIn(elsewhere).run("monthly", "--resume", "--non-interactive");

      assertThat(r.out()).as(r.err()).contains("[step 2 of 4]", "[step 4 of 4]").doesNotContain("cycle is light");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
