package dev.maint.runbook;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/** Reference data of a runbook besides its cadences: what the seed says in tables. */
public final class Reference {
  private Reference() {}

  /**
   * A row of the cadence-choice table.
   *
   * @param signal what was observed
   * @param action what to do
   */
  public record CadenceChoice(String signal, String action) {}

  /**
   * An emergency trigger.
   *
   * @param id command-line name, e.g. {@code critical-cve}
   * @param trigger what happened
   * @param response what to do
   * @param sla {@code immediate}, {@code provider} or a duration such as {@code 24h}
   * @param steps steps to walk (may be empty)
   */
  public record Emergency(String id, String trigger, String response, String sla, List<Step> steps) {
    public Emergency {
      steps = List.copyOf(steps);
    }

    /**
     * The response as a walkable cadence {@code emergency-ID}: one section holding the steps,
     * committed to {@link Cadence#PROCEDURE_BRANCH}.
     */
    public Cadence asCadence() {
      return procedure("emergency-", id, "Emergency — " + trigger, "Response: " + response + ". SLA: " + sla + ".",
          steps);
    }
  }

  /**
   * A rollback procedure.
   *
   * @param id command-line name, e.g. {@code application}
   * @param title heading
   * @param description text
   * @param steps steps to walk
   */
  public record Rollback(String id, String title, String description, List<Step> steps) {
    public Rollback {
      steps = List.copyOf(steps);
    }

    /**
     * The procedure as a walkable cadence {@code rollback-ID}: one section holding the steps,
     * committed to {@link Cadence#PROCEDURE_BRANCH}.
     */
    public Cadence asCadence() {
      return procedure("rollback-", id, title, description, steps);
    }
  }

  /** A cadence {@code prefix + id} with one section {@code id} holding the steps. */
  private static Cadence procedure(String prefix, String id, String title, String description, List<Step> steps) {
    Section section = new Section(id, title, description, false, Optional.empty(), steps, List.of());
    return new Cadence(prefix + id, title, "", "", "", "", "", Cadence.PROCEDURE_BRANCH, List.of(section), Optional.empty());
  }

  /**
   * A month of the yearly calendar.
   *
   * @param month 1-12
   * @param cadences cadence ids due that month
   * @param activities key activities, as text
   * @param light whether the month's cycle is light (security patches only)
   */
  public record CalendarMonth(int month, List<String> cadences, String activities, boolean light) {
    public CalendarMonth {
      cadences = List.copyOf(cadences);
    }
  }

  /**
   * A maintenance window.
   *
   * @param id the id steps refer to with {@code window:}
   * @param environment environment name
   * @param days days of the week; empty means any day
   * @param start local start time in the runbook's time zone; empty means any time
   * @param end local end time
   * @param description as the runbook says
   */
  public record Window(
      String id,
      String environment,
      List<DayOfWeek> days,
      Optional<LocalTime> start,
      Optional<LocalTime> end,
      String description) {
    public Window {
      days = List.copyOf(days);
    }
  }

  /**
   * A named quick-reference command.
   *
   * @param name id used by {@code maint run NAME}
   * @param group heading it is listed under
   * @param command the shell command
   * @param description what it does
   * @param confirm whether it changes things, so that {@code maint run} asks before running it
   */
  public record QuickCommand(String name, String group, String command, String description, boolean confirm) {}

  /**
   * A row of the revision history.
   *
   * @param version runbook version
   * @param date as written
   * @param author who
   * @param changes what changed
   */
  public record Revision(String version, String date, String author, String changes) {}
}
