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
    public Optional<Refusal> claim(Cadence.PlacedStep step) {
      return Optional.empty();
    }

    @Override
    public void release(Cadence.PlacedStep step) {}
  };

  /**
   * Why a step must not start.
   *
   * @param line one line saying who holds a live claim on the step (and until when), or who
   *     answered it in this run meanwhile, and when; text from other machines already escaped
   * @param answered whether another operator answered the step (their answer stands; running it
   *     again later is refused as long as it does), rather than holds a claim that will lapse
   */
  record Refusal(String line, boolean answered) {}

  /**
   * Claims {@code step} before its command starts.
   *
   * @return empty when the step may start (claimed, or it needs no claim); else why it must not
   */
  Optional<Refusal> claim(Cadence.PlacedStep step);

  /** Releases the claim on {@code step}, if this walk holds one. */
  void release(Cadence.PlacedStep step);
}
