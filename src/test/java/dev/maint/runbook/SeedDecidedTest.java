package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped runbook lets maint decide what a machine can: counted by who sets each step's status. */
class SeedDecidedTest {
  @TempDir Path tmp;

  @Test
  void maintDecidesAtLeast45PercentOfTheStepsAndSevenOfTheContinuousOnes() {
    Runbook runbook = RunbookLoader.loadDefault();
    int steps = runbook.cadences().stream().mapToInt(c -> c.steps().size()).sum();
    int decided = runbook.cadences().stream().mapToInt(Cadence::decidedByMaint).sum();
    Cadence continuous = runbook.cadence("continuous").orElseThrow();

    assertThat(steps).isEqualTo(149);
    assertThat(100.0 * decided / steps).as("%d of %d steps decided by maint", decided, steps).isGreaterThanOrEqualTo(45.0);
    assertThat(continuous.decidedByMaint()).as("continuous steps decided by maint").isGreaterThanOrEqualTo(7);
  }

  @Test
  void aManualStepThatOnlyShowsEvidenceIsNotDecidedByMaint() {
    Step exclusions = RunbookLoader.loadDefault().cadence("continuous").orElseThrow().steps().stream()
        .map(Cadence.PlacedStep::step).filter(s -> s.id().equals("c1.1-grype-exclusions")).findFirst().orElseThrow();

    assertThat(exclusions.show()).isPresent();
    assertThat(exclusions.decidedByMaint()).isFalse();
  }

  @Test
  void listShowsTheDecidedCountPerCadence() {
    CliHarness.Result r = new CliHarness(tmp).run("list");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Runbook runbook = RunbookLoader.loadDefault();
    for (Cadence c : runbook.cadences()) {
      assertThat(r.out()).contains(c.id() + " — " + c.title() + " [" + c.steps().size() + " steps, " + c.decidedByMaint()
          + " decided by maint]");
    }
    assertThat(r.out()).containsPattern("Decided by maint: \\d+ of 149 steps \\(4[5-9]%\\)");
  }
}
