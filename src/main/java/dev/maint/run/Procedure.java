package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.Prompter;
import dev.maint.exec.Session;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Deadline;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a walk walks: a cadence of the runbook ({@code maint monthly}), or an emergency response or
 * a rollback walked as one ({@code maint emergency critical-cve}, {@code maint rollback
 * database}). A {@link Run} walks, records and commits all of them alike.
 */
public interface Procedure {
  /** The runbook's cadence {@code cadenceId}. */
  static Procedure cadence(String cadenceId) {
    return cadence(cadenceId, cadenceId);
  }

  /**
   * A cadence of the runbook, walked by {@code command} ({@code monthly}, or {@code walk weekly}
   * for a cadence the fixed commands do not name).
   */
  static Procedure cadence(String cadenceId, String command) {
    return of(command, runbook -> runbook.cadence(cadenceId).orElseThrow(() -> MaintException.usage(
        "the runbook " + runbook.source() + " has no cadence '" + cadenceId + "'")));
  }

  /**
   * A procedure without a deadline.
   *
   * @param command as {@link #command()}
   * @param cadence as {@link #cadence(Runbook)}
   */
  static Procedure of(String command, Function<Runbook, Cadence> cadence) {
    return new Procedure() {
      @Override
      public Cadence cadence(Runbook runbook) {
        return cadence.apply(runbook);
      }

      @Override
      public String command() {
        return command;
      }
    };
  }

  /**
   * The steps to walk, as a cadence (its id names the session, the lock and the record).
   *
   * @throws dev.maint.MaintException (usage) when the runbook has no such procedure, or the
   *     options do not fit it
   */
  Cadence cadence(Runbook runbook);

  /** How to walk it again, after {@code maint }: {@code monthly}, {@code emergency critical-cve}. */
  String command();

  /**
   * The deadline to show under each step and to record, once the session is open (new or
   * resumed); empty for everything but emergency responses. The walk keeps it in the session, so
   * a resumed session brings the deadline it began with ({@link Session#deadline()}).
   *
   * @param prompter asks the operator (a provider's deadline); empty in unattended runs
   */
  default Optional<Deadline> deadline(Runbook runbook, Session session, Optional<Prompter> prompter) {
    return Optional.empty();
  }
}
