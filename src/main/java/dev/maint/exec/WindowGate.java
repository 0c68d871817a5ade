package dev.maint.exec;

import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Step;
import dev.maint.schedule.Windows;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells the {@link Walker} when a step tagged with a maintenance window ({@code window:}) comes up
 * outside that window. A window applies only when its environment is the session's: a production
 * window does not hold back a staging session.
 */
public final class WindowGate {
  /** A gate that never objects. */
  public static final WindowGate NONE = new WindowGate(List.of(), ZoneId.of("UTC"), false);

  private final List<Reference.Window> windows;
  private final ZoneId zone;
  private final boolean allowed;

  /**
   * @param windows the runbook's windows
   * @param zone the runbook's time zone, which the windows' times are in
   * @param allowed whether steps may go ahead outside their window without asking ({@code
   *     --outside-window})
   */
  public WindowGate(List<Reference.Window> windows, ZoneId zone, boolean allowed) {
    this.windows = List.copyOf(windows);
    this.zone = Objects.requireNonNull(zone, "zone");
    this.allowed = allowed;
  }

  /** The gate for a runbook's windows. */
  public static WindowGate of(Runbook runbook, boolean allowed) {
    return new WindowGate(runbook.windows(), runbook.timezone(), allowed);
  }

  /**
   * A step that comes up outside its window.
   *
   * @param window the window's id
   * @param warning what to tell the operator: the window's days and times and when it opens next
   * @param reason the skip reason when the step is held back, e.g. {@code outside maintenance
   *     window production-breaking (opens next Sat 2026-03-28 06:00 CET)}
   * @param allowed whether it may go ahead anyway without asking ({@code --outside-window})
   */
  public record Outside(String window, String warning, String reason, boolean allowed) {}

  /**
   * Whether {@code step} is outside its window at {@code now}.
   *
   * @param environment the session's environment
   * @return empty when the step has no window, the window is for another environment, or it is open
   */
  public Optional<Outside> check(Step step, String environment, Instant now) {
    Optional<Reference.Window> window = step.window()
        .flatMap(id -> windows.stream().filter(w -> w.id().equals(id)).findFirst())
        .filter(w -> w.environment().equals(environment));
    if (window.isEmpty() || Windows.isOpen(window.get(), now, zone)) {
      return Optional.empty();
    }
    Reference.Window w = window.get();
    Optional<Windows.Opening> next = Windows.next(w, now, zone, 1).stream().findFirst();
    String warning = "Outside its maintenance window: " + w.id() + " is " + Windows.describe(w, zone)
        + next.map(o -> "; it opens next " + Windows.when(o.start())).orElse("") + ".";
    String reason = "outside maintenance window " + w.id()
        + next.map(o -> " (opens next " + Windows.LOCAL.format(o.start()) + ")").orElse("");
    return Optional.of(new Outside(w.id(), warning, reason, allowed));
  }
}
