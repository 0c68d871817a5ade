package dev.maint.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.ExitCode;
import dev.maint.exec.Choice;
import dev.maint.exec.Cycle;
import dev.maint.exec.Interruption;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.StepSelection;
import dev.maint.exec.StepResult;
import dev.maint.exec.WalkListener;
import dev.maint.probe.ProbeContext;
import dev.maint.record.GitRecorder;
import dev.maint.report.Reports;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Variables;
import dev.maint.testing.Git;
import dev.maint.testing.ScriptedPrompter;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Run} walked without picocli or a terminal: a scripted operator, a real repository. */
class RunTest {
  private static final Clock NOVEMBER = Walks.at("2026-11-30T09:00:00Z");
  private static final Clock DECEMBER = Walks.at("2026-12-01T09:00:00Z");

  @TempDir Path tmp;
  private Path repo;
  private Runbook runbook;
  private Git git;

  @BeforeEach
  void setUp() throws IOException {
    repo = tmp.resolve("ops");
    git = Git.initWithCommit(repo);
    runbook = RunbookLoader.load(new Walks(tmp, "schedule.yaml").runbook());
  }

  /** Remembers the steps shown. */
  private static final class Shown implements WalkListener {
    final List<String> steps = new ArrayList<>();

    @Override
    public void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous,
        String commandLine) {
      steps.add(step.step().id() + " " + index + "/" + total);
    }

    @Override
    public void output(String line, boolean stderr) {}

    @Override
    public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {}

    @Override
    public void message(String text) {}
  }

  private RunPlan plan(Clock clock, RunPlan.Mode mode, SessionOpener.Mode opening, boolean full) {
    Variables variables = new Variables(runbook, "staging", Map.of(), Map.of());
    Path repoDir = GitRecorder.root(repo).orElseThrow();
    return RunPlan.builder(Procedure.cadence("monthly"), runbook, StepSelection.ALL)
        .request(RunRequest.builder().full(full).build())
        .mode(mode)
        .variables(variables, new ProbeContext(clock, Map.of(), Optional.of(tmp.resolve("app")), Map.of()))
        .operator(new PersonIdent("Ada Operator", "ada@example.test"))
        .opening(opening).requireReasons(false).outsideWindow(true)
        .repository(repoDir, GitRecorder.commonDir(repoDir).orElseThrow())
        .stateDir(tmp.resolve("state"))
        .world(clock, Map.of())
        .output(new Reports(List.of(), Optional.empty()), tmp.resolve("logs"), "")
        .build();
  }

  private List<String> said = new ArrayList<>();

  @Test
  void aNovemberSessionResumedInDecemberWalksNovembersFullCycle() {
    try (Run november = Run.open(plan(NOVEMBER, RunPlan.Mode.INTERACTIVE, SessionOpener.Mode.ASK, false),
        Optional.empty(), said::add)) {
      november.walk(Optional.of(new ScriptedPrompter(ScriptedPrompter.chose(Choice.DONE))), new Shown(), new Interruption());
      november.record();
      assertThat(november.session().cycle()).isEqualTo(Cycle.FULL);
      assertThat(november.resumeCommand()).isPresent();
    }

    Shown shown = new Shown();
    try (Run december = Run.open(plan(DECEMBER, RunPlan.Mode.UNATTENDED, SessionOpener.Mode.RESUME, false),
        Optional.empty(), said::add)) {
      Run.Walked walked = december.walk(Optional.empty(), shown, new Interruption());

      assertThat(december.session().cycle()).isEqualTo(Cycle.FULL);
      assertThat(december.steps()).extracting(p -> p.step().id())
          .containsExactly("m-patch", "m-deploy", "m-migrate", "m-cert");
      assertThat(shown.steps).contains("m-deploy 2/4", "m-migrate 3/4", "m-cert 4/4");
      assertThat(walked.exitCode()).isEqualTo(december.exitCode());
    }
    assertThat(said).anyMatch(s -> s.startsWith("Resuming session ")).noneMatch(s -> s.contains("cycle is light"));
  }

  @Test
  void aSessionBegunInDecemberKeepsItsLightCycleWhenResumedInJanuary() {
    try (Run december = Run.open(plan(DECEMBER, RunPlan.Mode.INTERACTIVE, SessionOpener.Mode.ASK, false),
        Optional.empty(), said::add)) {
      assertThat(december.steps()).extracting(p -> p.step().id()).containsExactly("m-patch");
      december.walk(Optional.of(new ScriptedPrompter()), new Shown(), new Interruption());
    }
    assertThat(said).contains("This month's monthly cycle is light (security patches only): walking sections m1;"
        + " --full walks every section.");
    // Nothing was answered, so nothing is left to resume: quitting at once leaves no session to offer.
    assertThat(new dev.maint.exec.SessionStore(tmp.resolve("state")).list()).singleElement()
        .satisfies(s -> assertThat(s.cycle()).isEqualTo("light"));
  }

  @Test
  void theExitCodeIsDecidedOnceByTheWalkAndTheRecordIsItsProjection() {
    try (Run run = Run.open(plan(NOVEMBER, RunPlan.Mode.UNATTENDED, SessionOpener.Mode.ASK, false),
        Optional.empty(), said::add)) {
      Run.Walked walked = run.walk(Optional.empty(), new Shown(), new Interruption());

      // m-cert reads a certificate file that does not exist: error, so the run exits 1.
      assertThat(walked.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(run.exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(walked.report().exitCode()).isEqualTo(ExitCode.CHECK_FAILED);
      assertThat(run.record()).hasValueSatisfying(w -> {
        assertThat(w.record().session()).isEqualTo(run.session().id());
        assertThat(w.committed()).isPresent();
      });
      assertThat(run.resumeCommand()).isEmpty();
    }
    assertThat(git.run("log", "-1", "--format=%s", "maintenance/2026-11")).startsWith("maint: monthly 2026-11");
  }
}
