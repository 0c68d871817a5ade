package dev.maint.runbook;

import java.util.Objects;
import java.util.Optional;

/**
 * One step of a runbook: a checklist item, a command or a probe.
 *
 * @param id unique in the runbook
 * @param title one line
 * @param details what to do (may be empty)
 * @param action what the step does; {@link Action.Manual} for a checklist item
 * @param when condition under which the step applies
 * @param confirm ask before running the command
 * @param required cannot be skipped
 * @param always selected even by {@code --only} and {@code --start-at}
 * @param readonly changes nothing, so {@code --dry-run} may run it
 * @param window id of the maintenance window the step belongs in
 * @param data a table shown with the step
 * @param position where the step is declared
 */
public record Step(
    String id,
    String title,
    String details,
    Action action,
    When when,
    boolean confirm,
    boolean required,
    boolean always,
    boolean readonly,
    Optional<String> window,
    Optional<DataTable> data,
    Position position) {
  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(action, "action");
  }

  /** This step with another title and details, e.g. with their {@code ${name}} references filled in. */
  public Step withText(String newTitle, String newDetails) {
    return new Step(id, newTitle, newDetails, action, when, confirm, required, always, readonly, window, data, position);
  }

  /** The step kind: manual, run, http, tls or cert. */
  public String kind() {
    return action.kind();
  }

  /** Whether the step is carried out by {@code maint} rather than by a person. */
  public boolean automated() {
    return !(action instanceof Action.Manual);
  }
}
