package dev.maint.signal;

import dev.maint.record.CarryForward;
import dev.maint.record.RecordReader;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.DueState;
import dev.maint.schedule.Dues;
import dev.maint.schedule.Occurrence;
import dev.maint.schedule.PastRun;
import dev.maint.schedule.Schedule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What alerting wants to know of a cadence on a day, read from the record: its due state, its
 * newest whole run, its newest run of any kind, and what that run left open.
 *
 * @param cadence the cadence id
 * @param state its due state ({@link Dues}); empty for a cadence without {@code due:} (emergency
 *     responses, rollbacks)
 * @param window the current occurrence's window, when it has one
 * @param lastComplete when its newest whole run started (a run that answered its whole cycle and
 *     was neither quit nor interrupted)
 * @param lastRun its newest run, whole or partial
 * @param openItems what {@code lastRun} left open, with what it carried unresolved ({@link CarryForward})
 */
public record CadenceStatus(String cadence, Optional<DueState> state, Optional<Occurrence> window,
    Optional<Instant> lastComplete, Optional<RunRecord> lastRun, int openItems) {
  public CadenceStatus {
    Objects.requireNonNull(cadence, "cadence");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(lastComplete, "lastComplete");
    Objects.requireNonNull(lastRun, "lastRun");
  }

  /**
   * The status of each of {@code cadences} on {@code date}: the runbook's scheduled cadences in
   * runbook order, then the others named, in the order given.
   *
   * @param runs every recorded run ({@link RecordReader#list()}); runs started after {@code date}
   *     (in the runbook's time zone) are not looked at, as {@code maint due} does
   * @param environment only runs against this environment, when given
   */
  public static List<CadenceStatus> of(Runbook runbook, Collection<String> cadences, List<RecordReader.Found> runs,
      LocalDate date, Optional<String> environment) {
    List<RunRecord> records = runs.stream().map(RecordReader.Found::record)
        .filter(r -> environment.map(r.environment()::equals).orElse(true))
        .filter(r -> !r.startedAt().atZone(runbook.timezone()).toLocalDate().isAfter(date))
        .sorted((a, b) -> b.startedAt().compareTo(a.startedAt()))
        .toList();
    List<PastRun> past = records.stream().map(r -> RecordReader.pastRun(r, runbook.timezone())).toList();
    List<Dues.CadenceDue> dues = Dues.on(Schedule.of(runbook), date, past);
    List<CadenceStatus> statuses = new ArrayList<>();
    for (Dues.CadenceDue d : dues) {
      if (cadences.contains(d.cadence())) {
        statuses.add(status(d.cadence(), Optional.of(d), records, past));
      }
    }
    for (String c : cadences) {
      if (dues.stream().noneMatch(d -> d.cadence().equals(c))) {
        statuses.add(status(c, Optional.empty(), records, past));
      }
    }
    return statuses;
  }

  private static CadenceStatus status(String cadence, Optional<Dues.CadenceDue> due, List<RunRecord> records,
      List<PastRun> past) {
    Optional<RunRecord> last = records.stream().filter(r -> r.cadence().equals(cadence)).findFirst();
    Optional<Instant> complete = past.stream().filter(p -> p.cadence().equals(cadence) && !p.partial())
        .map(PastRun::started).max(Instant::compareTo);
    return new CadenceStatus(cadence, due.map(Dues.CadenceDue::state), due.flatMap(Dues.CadenceDue::current),
        complete, last, last.map(r -> CarryForward.open(r).size()).orElse(0));
  }
}
