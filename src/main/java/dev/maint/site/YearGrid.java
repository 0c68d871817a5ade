package dev.maint.site;

import dev.maint.record.RecordReader;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Due;
import dev.maint.schedule.Occurrence;
import dev.maint.schedule.Schedule;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The year view's model: for each scheduled cadence one cell per occurrence whose window starts in
 * the year (a week for {@code due: weekly}, a month otherwise), with what the record says of it.
 *
 * <p>A run counts for an occurrence when it started (in the runbook's time zone) on or after the
 * window's first day and before the next occurrence's first day, as {@code maint due} counts a late
 * run ({@link dev.maint.schedule.Dues}); a whole run makes it done, a partial one (quit,
 * interrupted, or a step of the cycle left unanswered) partly done.
 */
public final class YearGrid {
  /** What a cell shows, as a word and a colour; every colour has its word. */
  public enum State {
    /** A whole run is recorded for the occurrence. */
    DONE("done"),
    /** Only partial runs are recorded for it. */
    PARTLY_DONE("partly done"),
    /** Its window has passed without a run. */
    OVERDUE("overdue"),
    /** Its window is open and no run is recorded yet. */
    DUE("due"),
    /** Its window has not begun. */
    NOT_DUE("not due");

    private final String words;

    State(String words) {
      this.words = words;
    }

    /** As shown in the cell, e.g. {@code partly done}. */
    public String words() {
      return words;
    }

    /** As a CSS class and {@code data-state}, e.g. {@code partly-done}. */
    public String id() {
      return words.replace(' ', '-');
    }
  }

  /**
   * One occurrence.
   *
   * @param cadence the cadence id
   * @param label {@code W48} for a week, {@code Nov} for a month
   * @param occurrence the occurrence, with its window and whether its month is light
   * @param state what the record says of it
   * @param late for a partly done occurrence, whether its window has passed (so it is overdue too)
   * @param run the run the cell links to: the newest whole run, else the newest partial one
   */
  public record Cell(String cadence, String label, Occurrence occurrence, State state, boolean late,
      Optional<RecordReader.Found> run) {
    public Cell {
      Objects.requireNonNull(cadence, "cadence");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(run, "run");
    }

    /** The cell's words: the state, {@code (overdue)} when late, {@code light month} when light. */
    public String words() {
      return state.words() + (late ? ", overdue" : "") + (occurrence.light() ? ", light month" : "");
    }
  }

  /**
   * A cadence's cells for the year.
   *
   * @param cadence the cadence
   * @param weekly whether its cells are weeks
   * @param cells in date order
   */
  public record Row(Cadence cadence, boolean weekly, List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
    }

    /** How many cells are in {@code state}. */
    public long count(State state) {
      return cells.stream().filter(c -> c.state() == state).count();
    }
  }

  private YearGrid() {}

  /**
   * The rows of {@code year}, in runbook order.
   *
   * @param runs every recorded run, any cadence, any order
   * @param today the day the view is made, in the runbook's time zone: windows after it are not due
   * @param zone the runbook's time zone, for each run's start date
   */
  public static List<Row> of(Schedule schedule, int year, List<RecordReader.Found> runs, LocalDate today,
      ZoneId zone) {
    List<Row> rows = new ArrayList<>();
    for (Cadence c : schedule.scheduled()) {
      boolean weekly = c.due().orElseThrow() == Due.WEEKLY;
      List<Occurrence> occurrences =
          schedule.occurrences(c, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
      List<Cell> cells = new ArrayList<>();
      for (int i = 0; i < occurrences.size(); i++) {
        Occurrence o = occurrences.get(i);
        LocalDate until = i + 1 < occurrences.size() ? occurrences.get(i + 1).window().start()
            : schedule.next(c, o.window().start()).map(n -> n.window().start()).orElse(LocalDate.MAX);
        List<RecordReader.Found> mine = runs.stream().filter(f -> f.record().cadence().equals(c.id()))
            .filter(f -> {
              LocalDate d = f.record().startedAt().atZone(zone).toLocalDate();
              return !d.isBefore(o.window().start()) && d.isBefore(until) && !d.isAfter(today);
            })
            .sorted(Comparator.comparing((RecordReader.Found f) -> f.record().startedAt()).reversed())
            .toList();
        Optional<RecordReader.Found> whole = mine.stream().filter(f -> !partial(f.record())).findFirst();
        Optional<RecordReader.Found> partial = mine.stream().findFirst();
        boolean passed = o.window().end().isBefore(today);
        State state = whole.isPresent() ? State.DONE : partial.isPresent() ? State.PARTLY_DONE
            : passed ? State.OVERDUE : o.window().start().isAfter(today) ? State.NOT_DUE : State.DUE;
        cells.add(new Cell(c.id(), label(o, weekly), o, state, state == State.PARTLY_DONE && passed,
            whole.or(() -> partial)));
      }
      rows.add(new Row(c, weekly, cells));
    }
    return rows;
  }

  /** Whether the run does not count as its cadence done, as {@code maint due} weighs it. */
  static boolean partial(RunRecord r) {
    if (r.coverage() != null) {
      return r.coverage().partial();
    }
    // Written before maint recorded coverage: whole when completed, as maint due reads it.
    return !r.outcome().equals("completed");
  }

  private static String label(Occurrence o, boolean weekly) {
    LocalDate start = o.window().start();
    return weekly ? String.format(Locale.ROOT, "W%02d", start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))
        : start.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }
}
