package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.runbook.Cadence;
import dev.maint.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepSelectionTest {
  @TempDir Path tmp;
  Cadence quarterly;

  @BeforeEach
  void load() {
    quarterly = Fixtures.ciCadence(tmp, "quarterly");
  }

  private static List<String> ids(List<Cadence.PlacedStep> steps) {
    return steps.stream().map(p -> p.step().id()).toList();
  }

  private static StepSelection only(String... ids) {
    return new StepSelection(List.of(ids), List.of(), Optional.empty());
  }

  private static StepSelection skip(String... ids) {
    return new StepSelection(List.of(), List.of(ids), Optional.empty());
  }

  @Test
  void noOptionsSelectEveryStepInWalkingOrder() {
    assertThat(ids(StepSelection.ALL.apply(quarterly)))
        .containsExactly("q-preflight", "q-update", "q-list", "q-lock", "q-rotate", "q-probe", "q-risky");
  }

  @Test
  void onlyASectionKeepsItsSubsectionsAndTheAlwaysSteps() {
    assertThat(ids(only("q1", "q-rotate").apply(quarterly)))
        .containsExactly("q-preflight", "q-update", "q-list", "q-lock", "q-rotate");
  }

  @Test
  void onlyThatWouldLeaveOutARequiredStepIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> only("q1").apply(quarterly))
        .isInstanceOf(MaintException.class)
        .hasMessageContaining("--only would leave out step 'q-rotate'")
        .hasMessageContaining("required")
        .extracting(e -> ((MaintException) e).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void skipASubsectionLeavesOutOnlyItsSteps() {
    assertThat(ids(skip("q1.1", "q-probe").apply(quarterly)))
        .containsExactly("q-preflight", "q-update", "q-list", "q-rotate", "q-risky");
  }

  @Test
  void skipLeavesOutEvenAnAlwaysStepWhenNamed() {
    assertThat(ids(skip("q-preflight").apply(quarterly))).doesNotContain("q-preflight");
  }

  @Test
  void skippingARequiredStepIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> skip("q2").apply(quarterly))
        .isInstanceOf(MaintException.class)
        .hasMessageContaining("--skip would leave out step 'q-rotate'");
  }

  @Test
  void startAtLeavesOutEarlierStepsButKeepsAlwaysSteps() {
    StepSelection s = new StepSelection(List.of(), List.of(), Optional.of("q-lock"));

    assertThat(ids(s.apply(quarterly))).containsExactly("q-preflight", "q-lock", "q-rotate", "q-probe", "q-risky");
  }

  @Test
  void startAtASectionStartsAtItsFirstStep() {
    StepSelection s = new StepSelection(List.of(), List.of(), Optional.of("q2"));

    assertThat(ids(s.apply(quarterly))).containsExactly("q-preflight", "q-rotate", "q-probe", "q-risky");
  }

  @Test
  void unknownIdIsAUsageErrorNamingItAndTheOption() {
    assertThatThrownBy(() -> skip("q-nope").apply(quarterly))
        .isInstanceOf(MaintException.class)
        .hasMessageContaining("--skip q-nope")
        .hasMessageContaining("no step or section 'q-nope'");
    assertThatThrownBy(() -> new StepSelection(List.of(), List.of(), Optional.of("x")).apply(quarterly))
        .hasMessageContaining("--start-at x");
  }

  @Test
  void aStepOfAnotherCadenceIsUnknownHere() {
    assertThatThrownBy(() -> only("scan-ok").apply(quarterly)).hasMessageContaining("no step or section 'scan-ok'");
  }
}
