package dev.maint.exec;

import dev.maint.runbook.Cadence;
import java.util.Optional;

/**
 * What a walk reports as it goes; the terminal renderer shows it. All text handed over is
 * already redacted.
 */
public interface WalkListener {
  /**
   * A step is about to be offered or run.
   *
   * @param step the step and its section
   * @param index 1-based position in the walk
   * @param total steps in the walk
   * @param previous the step's result so far (after "back"), if any
   * @param commandLine the resolved command or probe target, redacted; empty for manual steps
   */
  void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous, String commandLine);

  /** An automated step starts running now. */
  default void stepStarted(Cadence.PlacedStep step) {}

  /**
   * A {@code run} step's command started as this process (its process group's leader), so that
   * a later walk can stop it should maint die while it runs.
   */
  default void commandStarted(Cadence.PlacedStep step, ProcessHandle command) {}

  /**
   * The operator changed a step's notes: those of its result, or, before it has one, the note
   * that waits for its answer ({@link Session#pendingNote(String)}).
   *
   * @param stepId the step's id
   */
  default void noted(String stepId) {}

  /** A line of a running command's output. */
  void output(String line, boolean stderr);

  /**
   * A step's result was recorded.
   *
   * @param target what a probe checked ({@code host:port}, a URL, a file), empty otherwise
   */
  void stepRecorded(Cadence.PlacedStep step, StepResult result, String target);

  /** Something to tell the operator (a refusal, a hint). */
  void message(String text);

  /** A listener that hears only the results recorded, handing each to {@code recorded}. */
  static WalkListener onRecorded(java.util.function.BiConsumer<Cadence.PlacedStep, StepResult> recorded) {
    return new WalkListener() {
      @Override
      public void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous,
          String commandLine) {}

      @Override
      public void output(String line, boolean stderr) {}

      @Override
      public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {
        recorded.accept(step, result);
      }

      @Override
      public void message(String text) {}
    };
  }

  /** A listener that hands every event to each of {@code listeners}, in order. */
  static WalkListener fanOut(java.util.List<WalkListener> listeners) {
    return new WalkListener() {
      @Override
      public void stepShown(Cadence.PlacedStep step, int index, int total, Optional<StepResult> previous, String commandLine) {
        listeners.forEach(l -> l.stepShown(step, index, total, previous, commandLine));
      }

      @Override
      public void stepStarted(Cadence.PlacedStep step) {
        listeners.forEach(l -> l.stepStarted(step));
      }

      @Override
      public void commandStarted(Cadence.PlacedStep step, ProcessHandle command) {
        listeners.forEach(l -> l.commandStarted(step, command));
      }

      @Override
      public void noted(String stepId) {
        listeners.forEach(l -> l.noted(stepId));
      }

      @Override
      public void output(String line, boolean stderr) {
        listeners.forEach(l -> l.output(line, stderr));
      }

      @Override
      public void stepRecorded(Cadence.PlacedStep step, StepResult result, String target) {
        listeners.forEach(l -> l.stepRecorded(step, result, target));
      }

      @Override
      public void message(String text) {
        listeners.forEach(l -> l.message(text));
      }
    };
  }
}
