package dev.maint.exec;

import dev.maint.runbook.Cadence;
import java.util.Optional;

/**
 * Claims on steps before their command starts, so that two operators walking one run (on two
 * clones, say) never start a command that changes things twice. The walker claims a step before
 * running it and releases it once its result is recorded.
 */
public interface StepClaims {
  /** Claims nothing and refuses nothing: a run walked by one operator. */
  StepClaims NONE = new StepClaims() {
    @Override
    public Optional<String> claim(Cadence.PlacedStep step) {
      return Optional.empty();
    }

    @Override
    public void release(Cadence.PlacedStep step) {}
  };

  /**
   * Claims {@code step} before its command starts.
   *
   * @return empty when the step may start (claimed, or it needs no claim); else the one line that
   *     says who holds a live claim on it, and the step must not start
   */
  Optional<String> claim(Cadence.PlacedStep step);

  /** Releases the claim on {@code step}, if this walk holds one. */
  void release(Cadence.PlacedStep step);
}
