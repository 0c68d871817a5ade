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
 * @param ask a fact asked of the operator when the step is answered
 * @param show a read-only command whose output a manual step shows as evidence before it is
 *     answered
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
    Position position,
    Optional<Ask> ask,
    Optional<Action.Run> show) {
  public Step {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(ask, "ask");
    Objects.requireNonNull(show, "show");
  }

  /** A step that asks nothing and shows no evidence. */
  public Step(
      String id, String title, String details, Action action, When when, boolean confirm, boolean required,
      boolean always, boolean readonly, Optional<String> window, Optional<DataTable> data, Position position) {
    this(id, title, details, action, when, confirm, required, always, readonly, window, data, position,
        Optional.empty(), Optional.empty());
  }

  /**
   * A fact asked of the operator: {@code ask: {fact, prompt, pattern, default}}.
   *
   * @param fact the fact's name
   * @param prompt the question
   * @param pattern a regular expression the whole answer must match (empty: anything)
   * @param defaultValue the answer taken on Enter and by unattended walks; empty when there is
   *     none (an unattended walk then leaves the step {@code manual})
   */
  public record Ask(String fact, String prompt, Optional<String> pattern, Optional<String> defaultValue) {
    public Ask {
      Objects.requireNonNull(fact, "fact");
      Objects.requireNonNull(prompt, "prompt");
    }
  }

  /** This step with another title and details, e.g. with their {@code ${name}} references filled in. */
  public Step withText(String newTitle, String newDetails) {
    return new Step(id, newTitle, newDetails, action, when, confirm, required, always, readonly, window, data, position,
        ask, show);
  }

  /**
   * Whether {@code maint} sets the step's status: a command or probe. A manual step that shows
   * evidence is still decided by a person.
   */
  public boolean decidedByMaint() {
    return automated();
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
