package dev.maint.exec;

import static dev.maint.testing.ScriptedPrompter.chose;
import static dev.maint.testing.ScriptedPrompter.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.ExitCode;
import dev.maint.probe.ProbeContext;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Variables;
import dev.maint.testing.ScriptedPrompter;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interactive walk without picocli or a terminal: a {@link ScriptedPrompter} gives the
 * operator's {@link Answer}s, and the session and the messages show what came of them.
 */
class WalkerTest {
  private static final Clock CLOCK = Walks.NOV_29;
  private static final String ADA = Walks.OPERATOR;

  @TempDir Path tmp;
  private Runbook runbook;
  private Walks walks;
  private final List<String> messages = new ArrayList<>();
  private final Interruption interruption = new Interruption();

  @BeforeEach
  void setUp() throws IOException {
    walks = new Walks(tmp);
    runbook = RunbookLoader.load(walks.runbook());
  }

  /** A walk of {@code cadence}'s first {@code count} steps in a new session. */
  private Walker walker(Session session, String cadence, int count, boolean requireReasons) {
    Variables variables = new Variables(runbook, "staging", Map.of(), Map.of("WALK_TOKEN", Walks.SECRET));
    Redactor redactor = new Redactor(variables::secrets);
    List<Cadence.PlacedStep> steps = runbook.cadence(cadence).orElseThrow().steps().subList(0, count);
    WalkListener listener = new WalkListener() {
      @Override
      public void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous,
          String commandLine) {}

      @Override
      public void output(String line, boolean stderr) {}

      @Override
      public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {}

      @Override
      public void message(String text) {
        messages.add(text);
      }
    };
    return new Walker(session, redactor.shown(steps, variables),
        new StepRunner(new ProbeContext(CLOCK, Map.of(), Optional.of(walks.app()), Map.of()), variables), listener,
        redactor, interruption, CLOCK, runbook.timezone(), new Walker.Options(requireReasons, false, false));
  }

  private Session session(String cadence) {
    List<String> ids = runbook.cadence(cadence).orElseThrow().steps().stream().map(p -> p.step().id()).toList();
    return new Session("s1", runbook.id(), runbook.version(), runbook.sha256(), runbook.timezone(), cadence,
        "staging", ADA, CLOCK.instant(), ids, ids);
  }

  private Session walk(String cadence, int count, ScriptedPrompter operator) {
    return walker(session(cadence), cadence, count, false).walkInteractive(operator);
  }

  @Test
  void doneRecordsAPassByTheOperatorAndTheWalkFinishes() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(s.result("check-notes")).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(Status.PASS);
      assertThat(r.reason()).isEqualTo("done by operator");
      assertThat(r.by()).isEqualTo(ADA);
    });
    assertThat(s.ended()).isPresent();
    assertThat(s.endedEarly()).isFalse();
    assertThat(operator.used()).isTrue();
  }

  @Test
  void aStepAnUnattendedWalkLeftToAPersonIsOfferedToThePersonWhoResumesAndAnsweredNow() {
    Session session = session("monthly");
    session.record(new StepResult("check-notes", Status.MANUAL, "left to a person (non-interactive run)", "",
        Walker.MAINT, CLOCK.instant(), java.time.Duration.ZERO, Map.of()));
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE));

    Session s = walker(session, "monthly", 1, false).walkInteractive(operator);

    assertThat(operator.used()).isTrue();
    assertThat(s.result("check-notes")).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(Status.PASS);
      assertThat(r.by()).isEqualTo(ADA);
    });
  }

  @Test
  void aStepAnotherOperatorAnsweredIsNotStartedAndItsMenuComesBack() {
    StepClaims answeredElsewhere = new StepClaims() {
      @Override
      public Optional<Refusal> claim(Cadence.PlacedStep step) {
        return Optional.of(new Refusal("Step " + step.step().id() + " was answered by Bob", true));
      }

      @Override
      public void release(Cadence.PlacedStep step) {}
    };
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE), chose(Choice.RUN), chose(Choice.QUIT),
        Answer.YES);

    Session s = walker(session("monthly"), "monthly", 2, false).claims(answeredElsewhere).walkInteractive(operator);

    assertThat(messages).contains("Step say-hello was answered by Bob; not started: that answer stands. Choose another"
        + " action.");
    assertThat(operator.asked()).filteredOn(q -> q.startsWith("menu:")).hasSize(3);
    assertThat(s.result("say-hello")).isEmpty();
    assertThat(s.result("check-notes")).isPresent();
  }

  @Test
  void theEndOfTheInputQuitsWithoutAskingAndKeepsWhatWasAnswered() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE));
    Session s = walk("monthly", 3, operator);

    assertThat(s.quit()).isTrue();
    assertThat(s.interrupted()).isFalse();
    assertThat(s.results()).extracting(StepResult::stepId).containsExactly("check-notes");
    assertThat(operator.asked()).noneMatch(q -> q.startsWith("Quit now?"));
  }

  @Test
  void quitAsksFirstAndNoGoesOnWithTheSameStep() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.QUIT), Answer.NO, chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(operator.asked()).containsExactly("menu: done skip fail note quit",
        "Quit now? What is recorded so far is kept and logged. [y/N]", "menu: done skip fail note quit");
    assertThat(s.quit()).isFalse();
    assertThat(s.result("check-notes")).isPresent();
  }

  @Test
  void quitConfirmedEndsTheWalkAsQuitNotInterrupted() {
    Session s = walk("monthly", 2, new ScriptedPrompter(chose(Choice.QUIT), Answer.YES));

    assertThat(s.quit()).isTrue();
    assertThat(s.exitCode(false)).isEqualTo(ExitCode.OK);
    assertThat(s.results()).isEmpty();
  }

  @Test
  void ctrlCAtTheMenuAsksWhetherToQuitAndASecondCtrlCQuits() {
    ScriptedPrompter operator = new ScriptedPrompter(Answer.INTERRUPTED, Answer.INTERRUPTED);
    Session s = walk("monthly", 2, operator);

    assertThat(operator.asked()).last().asString().startsWith("Quit now?");
    assertThat(s.quit()).isTrue();
    assertThat(s.interrupted()).isFalse();
    assertThat(s.exitCode(false)).isEqualTo(ExitCode.OK);
  }

  @Test
  void ctrlCAtTheMenuAnsweredNoGoesOnWithTheWalk() {
    ScriptedPrompter operator = new ScriptedPrompter(Answer.INTERRUPTED, Answer.NO, chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(s.endedEarly()).isFalse();
    assertThat(s.result("check-notes")).isPresent();
  }

  @Test
  void sigtermBeforeTheFirstQuestionEndsTheWalkAsInterruptedWithoutAsking() {
    interruption.terminate();
    ScriptedPrompter operator = new ScriptedPrompter(Answer.INTERRUPTED);
    Session s = walk("monthly", 2, operator);

    assertThat(s.interrupted()).isTrue();
    assertThat(s.exitCode(false)).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(operator.asked()).isEmpty();
  }

  @Test
  void aTerminalGoneAtANoteEndsTheWalkAsAHangUpWithoutAskingAndKeepsWhatWasAnswered() {
    // What TerminalPrompter does when a read of a real terminal fails: terminate, end of input.
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE), chose(Choice.NOTE));
    Prompter gone = new Prompter() {
      @Override
      public Answer choose(java.util.Set<Choice> allowed) {
        return operator.choose(allowed);
      }

      @Override
      public Answer ask(String question) {
        interruption.terminate();
        return Answer.END_OF_INPUT;
      }

      @Override
      public Answer confirm(String question, boolean defaultAnswer) {
        return operator.confirm(question, defaultAnswer);
      }

      @Override
      public Answer acknowledge(String prompt) {
        return operator.acknowledge(prompt);
      }
    };
    Session s = walker(session("monthly"), "monthly", 3, false).walkInteractive(gone);

    assertThat(s.interrupted()).isTrue();
    assertThat(s.exitCode(false)).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(s.results()).extracting(StepResult::stepId).containsExactly("check-notes");
    assertThat(operator.asked()).noneMatch(q -> q.startsWith("Quit now?"));
  }

  @Test
  void aSigtermThatCameWhileANoteWasTypedEndsTheWalkBeforeAnythingMoreIsShownOrAsked() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.NOTE), text("typed as the signal came"));
    Prompter signalled = new Prompter() {
      @Override
      public Answer choose(java.util.Set<Choice> allowed) {
        return operator.choose(allowed);
      }

      @Override
      public Answer ask(String question) {
        Answer typed = operator.ask(question);
        interruption.terminate();
        return typed;
      }

      @Override
      public Answer confirm(String question, boolean defaultAnswer) {
        return operator.confirm(question, defaultAnswer);
      }

      @Override
      public Answer acknowledge(String prompt) {
        return operator.acknowledge(prompt);
      }
    };
    Session s = walker(session("monthly"), "monthly", 3, false).walkInteractive(signalled);

    assertThat(s.interrupted()).isTrue();
    assertThat(operator.asked()).filteredOn(q -> q.startsWith("menu:")).hasSize(1);
    assertThat(s.pendingNote("check-notes")).isEqualTo("typed as the signal came");
  }

  @Test
  void aCommandThatPassedAsAStopWasAskedForKeepsItsPassAndOneThatFailedThenIsInterrupted() {
    dev.maint.probe.ProbeResult passed = new dev.maint.probe.ProbeResult(dev.maint.probe.Verdict.PASS,
        "exit code 0 in 0.0 s", Map.of("exit_code", 0), false);
    dev.maint.probe.ProbeResult failed = new dev.maint.probe.ProbeResult(dev.maint.probe.Verdict.FAIL,
        "exit code 130 in 0.2 s", Map.of("exit_code", 130), false);
    dev.maint.probe.ProbeResult stopped = new dev.maint.probe.ProbeResult(dev.maint.probe.Verdict.ERROR,
        "interrupted after 0.2 s; process tree stopped", Map.of(), true);

    assertThat(Walker.outcome(passed, true)).isEqualTo(Status.PASS);
    assertThat(Walker.outcome(failed, true)).isEqualTo(Status.INTERRUPTED);
    assertThat(Walker.outcome(failed, false)).isEqualTo(Status.FAIL);
    assertThat(Walker.outcome(stopped, false)).isEqualTo(Status.INTERRUPTED);
  }

  @Test
  void ctrlDAtAReasonCancelsTheSkipAndNothingIsRecorded() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.SKIP), Answer.CANCELLED, chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(messages).contains("Cancelled.");
    assertThat(s.result("check-notes")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.PASS));
  }

  @Test
  void ctrlCAtAReasonCancelsTheActionNotTheWalk() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.FAIL), Answer.INTERRUPTED, chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(messages).contains("Cancelled.");
    assertThat(s.endedEarly()).isFalse();
    assertThat(s.result("check-notes")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.PASS));
  }

  @Test
  void theEndOfTheInputAtAReasonQuitsWithoutRecordingTheSkip() {
    Session s = walk("monthly", 2, new ScriptedPrompter(chose(Choice.SKIP)));

    assertThat(s.quit()).isTrue();
    assertThat(s.results()).isEmpty();
  }

  @Test
  void aRequiredReasonIsAskedThreeTimesThenNothingIsRecorded() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.SKIP), text(""), text("  "), text(""));
    Session s = walker(session("monthly"), "monthly", 1, true).walkInteractive(operator);

    assertThat(messages).containsSubsequence(
        "A reason is required for the audit trail (run with --no-reason to allow none).",
        "No reason given: nothing recorded.");
    assertThat(s.results()).isEmpty();
    assertThat(s.quit()).isTrue();
  }

  @Test
  void backReturnsToThePreviousStepAndAnsweringAgainReplacesItsOutcome() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE), chose(Choice.BACK), chose(Choice.FAIL),
        text("broken link"), chose(Choice.DONE));
    Session s = walk("monthly", 2, operator);

    assertThat(s.result("check-notes")).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(Status.FAIL);
      assertThat(r.reason()).isEqualTo("failed: broken link");
    });
    assertThat(s.result("say-hello")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.PASS));
    assertThat(s.endedEarly()).isFalse();
  }

  @Test
  void aNoteGivenBeforeTheAnswerIsRecordedWithIt() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.NOTE), text(" looked at 7.2 "), chose(Choice.DONE));
    Session s = walk("monthly", 1, operator);

    assertThat(messages).contains("Note added.");
    assertThat(s.result("check-notes")).hasValueSatisfying(r -> assertThat(r.note()).isEqualTo("looked at 7.2"));
    assertThat(s.pendingNotes()).isEmpty();
  }

  @Test
  void runDoesTheCommandAndRecordsItsVerdict() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE), chose(Choice.RUN));
    Session s = walk("monthly", 2, operator);

    assertThat(s.result("say-hello")).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(Status.PASS);
      assertThat(r.by()).isEqualTo(Walker.MAINT);
    });
  }

  @Test
  void aCommandThatChangesThingsIsNotRunWhenTheOperatorSaysNo() {
    ScriptedPrompter operator = new ScriptedPrompter(chose(Choice.DONE), chose(Choice.RUN), chose(Choice.RUN),
        Answer.NO);
    Session s = walk("continuous", 3, operator);

    assertThat(operator.asked()).contains("This command changes things. Run it now? [y/N]");
    assertThat(messages).contains("Not run.");
    assertThat(s.result("c-risky")).isEmpty();
    assertThat(s.quit()).isTrue();
  }
}
