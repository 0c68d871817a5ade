package dev.maint.log;

import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.exec.WalkListener;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Step;
import java.util.Optional;

/** Writes each walk event to the {@link RunLog}, then passes it on to the display. */
final class LoggingWalkListener implements WalkListener {
  private final RunLog log;
  private final WalkListener display;
  private String current = "";

  LoggingWalkListener(RunLog log, WalkListener display) {
    this.log = log;
    this.display = display;
  }

  @Override
  public void stepShown(
      Cadence.PlacedStep placed, int index, int total, Optional<StepResult> previous, String commandLine) {
    Step step = placed.step();
    current = step.id();
    log.info("step " + index + "/" + total + " " + step.id() + " (" + step.kind() + ", section "
        + placed.section().id() + ") started: ", step.title() + (commandLine.isEmpty() ? "" : " — " + commandLine));
    display.stepShown(placed, index, total, previous, commandLine);
  }

  @Override
  public void output(String line, boolean stderr) {
    log.debug(current + (stderr ? " stderr| " : " stdout| "), line);
    display.output(line, stderr);
  }

  @Override
  public void stepRecorded(Cadence.PlacedStep placed, StepResult result, String target) {
    String fixed = "step " + result.stepId() + " " + result.status().label() + " in "
        + result.duration().toMillis() + " ms by " + result.by() + ": ";
    String free = (target.isEmpty() ? "" : target + " ")
        + result.reason() + (result.note().isEmpty() ? "" : " (note: " + result.note() + ")");
    if (result.status() == Status.WARN) {
      log.warn(fixed, free);
    } else if (result.status().problem()) {
      log.error(fixed, free);
    } else {
      log.info(fixed, free);
    }
    display.stepRecorded(placed, result, target);
  }

  @Override
  public void message(String text) {
    log.info("", text);
    display.message(text);
  }
}
