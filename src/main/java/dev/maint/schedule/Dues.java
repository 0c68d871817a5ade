package dev.maint.schedule;

import dev.maint.runbook.Cadence;
import dev.maint.runbook.Due;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether each scheduled cadence is due on a date.
 *
 * <p>The cadence's <em>current occurrence</em> is the latest one whose window starts on or before
 * the date; it stays current until the next one starts, and a run started any day from its window's
 * first day up to the date counts for it (a late run still counts; an early one counts for the
 * occurrence before). Only a whole run counts: one that answered every step of its cycle and was
 * neither quit nor interrupted ({@link PastRun#partial()}). Then:
 *
 * <table>
 *   <caption>states</caption>
 *   <tr><th></th><th>date inside the window</th><th>date after the window</th></tr>
 *   <tr><th>a run counts</th><td>{@code done}</td><td>{@code not-due}</td></tr>
 *   <tr><th>no run counts</th><td>{@code due}</td><td>{@code overdue}</td></tr>
 * </table>
 *
 * A cadence with no occurrence yet is {@code not-due}. Runs started after the date are not looked
 * at, so a date in the past shows the state as it was then.
 */
public final class Dues {
  private Dues() {}

  /**
   * A cadence's state on a date.
   *
   * @param cadence the cadence id
   * @param due its rule
   * @param state where it stands
   * @param current its current occurrence, if any
   * @param lastRun its newest whole run on or before the date, if any (it may be older than {@code
   *     current})
   * @param partialRun when no whole run counts for the current occurrence, the newest partial run
   *     started in it on or before the date, if any
   * @param next the next occurrence after the date
   */
  public record CadenceDue(
      String cadence, Due due, DueState state, Optional<Occurrence> current, Optional<PastRun> lastRun,
      Optional<PastRun> partialRun, Optional<Occurrence> next) {
    public CadenceDue {
      Objects.requireNonNull(cadence, "cadence");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(current, "current");
      Objects.requireNonNull(lastRun, "lastRun");
      Objects.requireNonNull(partialRun, "partialRun");
      Objects.requireNonNull(next, "next");
    }
  }

  /**
   * The state of every scheduled cadence on {@code date}, in runbook order.
   *
   * @param runs runs of any cadences, whole and partial, in any order
   */
  public static List<CadenceDue> on(Schedule schedule, LocalDate date, Collection<PastRun> runs) {
    return schedule.scheduled().stream().map(c -> of(schedule, c, date, runs)).toList();
  }

  /** Whether any cadence is {@link DueState#OVERDUE}. */
  public static boolean anyOverdue(List<CadenceDue> dues) {
    return dues.stream().anyMatch(d -> d.state() == DueState.OVERDUE);
  }

  private static CadenceDue of(Schedule schedule, Cadence cadence, LocalDate date, Collection<PastRun> runs) {
    List<PastRun> mine = runs.stream()
        .filter(r -> r.cadence().equals(cadence.id()) && !r.date().isAfter(date))
        .toList();
    Optional<PastRun> last = mine.stream().filter(r -> !r.partial()).max(Comparator.comparing(PastRun::started));
    Optional<Occurrence> current = schedule.current(cadence, date);
    boolean ran = current.flatMap(o -> last.filter(r -> !r.date().isBefore(o.window().start()))).isPresent();
    DueState state = current.map(o -> {
      boolean open = !date.isAfter(o.window().end());
      return ran ? (open ? DueState.DONE : DueState.NOT_DUE) : (open ? DueState.DUE : DueState.OVERDUE);
    }).orElse(DueState.NOT_DUE);
    Optional<PastRun> partial = ran ? Optional.empty() : current.flatMap(o -> mine.stream()
        .filter(r -> r.partial() && !r.date().isBefore(o.window().start()))
        .max(Comparator.comparing(PastRun::started)));
    return new CadenceDue(cadence.id(), cadence.due().orElseThrow(), state, current, last, partial,
        schedule.next(cadence, date));
  }
}
