package dev.maint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.ExitCode;
import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.testing.Fixtures;
import dev.maint.testing.SampleReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
  @TempDir Path tmp;

  @Test
  void stepsAnInterruptedWalkNeverReachedAreSkippedAsNotReachedAndTheRunExits130() {
    Runbook runbook = Fixtures.ciRunbook(tmp);
    Cadence cadence = runbook.cadence("monthly").orElseThrow();
    List<Cadence.PlacedStep> steps = cadence.steps();
    Session session = new Session("s1", runbook.id(), runbook.version(), runbook.sha256(), runbook.timezone(), cadence.id(), "staging",
        "Ada <ada@example.test>", SampleReport.T0, steps.stream().map(p -> p.step().id()).toList(),
        steps.stream().map(p -> p.step().id()).toList());
    session.record(StepResult.builder("m-ok", Status.INTERRUPTED, "interrupted after 1.0 s; process tree stopped")
        .started(SampleReport.T0).duration(Duration.ofSeconds(1)).build());
    session.end(SampleReport.T0.plusSeconds(1), false, true);

    int exitCode = session.exitCode(false);
    RunReport report = RunReport.of(runbook, cadence, steps, session, exitCode, false, false);

    assertThat(exitCode).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(report.rows()).extracting(r -> r.stepId() + " " + r.status().label() + " " + r.result().reason())
        .containsExactly("m-ok interrupted interrupted after 1.0 s; process tree stopped",
            "m-look skipped not reached: the run was interrupted");
    assertThat(report.started().getOffset().toString()).isEqualTo("+01:00");
    assertThat(Reports.text(ReportFormat.MARKDOWN, report)).startsWith("## maint monthly: ⛔ interrupted");
  }
}
