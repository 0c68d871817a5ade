package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Java {@link Error} (not an exception) thrown inside maint is a bug like any unexpected
 * exception: exit 70, one line, the stack trace only under {@code --verbose}, and what the walk
 * saved before stays resumable. The errors come through the context's seams: the clock the walk
 * reads once a step's command has run, and the configuration read while the options are parsed.
 */
class InternalErrorTest {
  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

  @TempDir Path tmp;
  Path repo;
  Path app;
  Path runbook;
  Git git;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    app = Files.createDirectories(tmp.resolve("app"));
    git = Git.initWithCommit(repo);
    runbook = tmp.resolve("rb.yaml");
    Files.writeString(runbook, """
        runbook: t
        cadences:
        - id: monthly
          sections:
          - id: "1"
            title: One
            steps:
            - {id: first, title: First, run: "echo ran >> ran-first"}
            - {id: boom, title: Boom, run: "touch boom"}
            - {id: last, title: Last, run: "true"}
        """);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("java.lang.StackOverflowError", (Supplier<Error>) StackOverflowError::new),
        Arguments.of("java.lang.OutOfMemoryError: Java heap space",
            (Supplier<Error>) () -> new OutOfMemoryError("Java heap space")),
        Arguments.of("java.lang.AssertionError: walk order", (Supplier<Error>) () -> new AssertionError("walk order")),
        Arguments.of("java.lang.ExceptionInInitializerError",
            (Supplier<Error>) () -> new ExceptionInInitializerError(new IllegalStateException("static init"))));
  }

  /** maint in {@code tmp}, its state folder there too, with {@code clock}. */
  private CliHarness maint(Clock clock) {
    return new CliHarness(tmp).env("MAINT_STATE_DIR", tmp.resolve("state").toString()).clock(clock);
  }

  private String[] walk(String... extra) {
    List<String> all = new java.util.ArrayList<>(List.of("monthly", "--runbook", runbook.toString(), "--repo",
        repo.toString(), "--workdir", app.toString(), "--operator", "Ada <ada@example.test>", "--non-interactive"));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  /**
   * The fixed clock of the tests, until the step {@code boom} has made its file: from then on, each
   * reading throws what {@code error} makes, as a bug deep in maint would as the step ends.
   */
  private Clock failingAfterBoom(Supplier<Error> error) {
    Path trigger = app.resolve("boom");
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        if (Files.exists(trigger)) {
          throw error.get();
        }
        return NOW;
      }
    };
  }

  /**
   * What {@code maint} ends with; an Error escaping it fails the test as such (an escaped
   * OutOfMemoryError would otherwise read as the test JVM's own).
   */
  private static CliHarness.Result ended(CliHarness maint, String... args) {
    try {
      return maint.run(args);
    } catch (Error e) {
      throw new AssertionError("escaped Cli.run: " + e, e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void anErrorInsideACommandExits70WithOneLineAndNoStackTrace(String shown, Supplier<Error> error) {
    CliHarness.Result r = ended(maint(failingAfterBoom(error)), walk());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(70);
    assertThat(r.err()).isEqualTo("maint: internal error: " + shown + " (run with -v for details)\n");
  }

  @Test
  void anErrorShowsItsStackTraceUnderVerbose() {
    CliHarness.Result r = ended(maint(failingAfterBoom(StackOverflowError::new)), walk("-v"));

    assertThat(r.exitCode()).isEqualTo(70);
    assertThat(r.err()).startsWith("maint: internal error: java.lang.StackOverflowError\njava.lang.StackOverflowError\n")
        .contains("\tat dev.maint.cli.InternalErrorTest$");
  }

  @Test
  void theSessionSavedBeforeAnErrorIsKeptAndResumes() throws IOException {
    assertThat(ended(maint(failingAfterBoom(StackOverflowError::new)), walk()).exitCode()).isEqualTo(70);
    Files.delete(app.resolve("boom"));
    CliHarness fixed = maint(Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(fixed.run("sessions", "--runbook", runbook.toString()).out())
        .containsPattern("monthly  open  started .*  2 steps recorded  repo ");
    CliHarness.Result resumed = fixed.run(walk("--resume"));

    assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
    assertThat(resumed.out()).contains("Log entry committed to maintenance/");
    assertThat(Files.readAllLines(app.resolve("ran-first"))).hasSize(1);
    // Recorded before the error, boom is not run again.
    assertThat(app.resolve("boom")).doesNotExist();
    assertThat(git.run("log", "-1", "--format=%s", "--branches=maintenance/*")).contains("3 done");
  }

  @Test
  void anErrorWhileTheOptionsAreReadExits70WithOneLine() {
    CliHarness maint = maint(Clock.fixed(NOW, ZoneOffset.UTC)).configLoader(env -> () -> {
      throw new ExceptionInInitializerError(new IllegalStateException("static init"));
    });

    CliHarness.Result r = ended(maint, walk());
    CliHarness.Result verbose = ended(maint, walk("-qv"));

    assertThat(r.exitCode()).isEqualTo(70);
    assertThat(r.err()).isEqualTo("maint: internal error: java.lang.ExceptionInInitializerError (run with -v for details)\n");
    assertThat(verbose.exitCode()).isEqualTo(70);
    assertThat(verbose.err()).contains("Caused by: java.lang.IllegalStateException: static init");
  }
}
