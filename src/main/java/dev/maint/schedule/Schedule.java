package dev.maint.schedule;

import dev.maint.runbook.Cadence;
import dev.maint.runbook.Due;
import dev.maint.runbook.NextRun;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When each cadence of a runbook is due, from its {@code due:} rule and the runbook's calendar.
 *
 * <p>A cadence with {@code due: weekly} is due Monday to Friday of every week. The other rules
 * apply in the months the calendar lists the cadence in (every month when the calendar does not
 * list it at all): {@code first-working-week} and {@code first-two-weeks} as {@link WorkingWeeks}
 * defines them, {@code month} the whole month. A month's occurrence is light when the calendar's
 * entry for that month lists the cadence and says {@code light: true}. Cadences without {@code
 * due:} have no occurrences.
 */
public final class Schedule {
  /** How far {@link #current} and {@link #next} look back and ahead, in years. */
  private static final int SEARCH_YEARS = 2;
  private static final long SECONDS_PER_DAY = 86_400;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ENGLISH);

  private final Runbook runbook;

  private Schedule(Runbook runbook) {
    this.runbook = runbook;
  }

  /** The schedule of {@code runbook}. */
  public static Schedule of(Runbook runbook) {
    return new Schedule(runbook);
  }

  /** The runbook's cadences that have a {@code due:} rule, in runbook order. */
  public List<Cadence> scheduled() {
    return runbook.cadences().stream().filter(c -> c.due().isPresent()).toList();
  }

  /**
   * The months a month-based cadence is due in: those whose calendar entry lists it, or every
   * month when no entry does.
   */
  public Set<Month> months(Cadence cadence) {
    Set<Month> months = EnumSet.noneOf(Month.class);
    for (Reference.CalendarMonth m : runbook.calendar()) {
      if (m.cadences().contains(cadence.id())) {
        months.add(Month.of(m.month()));
      }
    }
    return months.isEmpty() ? EnumSet.allOf(Month.class) : months;
  }

  /**
   * The cadence's occurrences whose window starts between {@code from} and {@code to} (both
   * included), in date order; empty for a cadence without {@code due:}.
   */
  public List<Occurrence> occurrences(Cadence cadence, LocalDate from, LocalDate to) {
    List<Occurrence> found = new ArrayList<>();
    Optional<Due> due = cadence.due();
    if (due.isEmpty()) {
      return found;
    }
    if (due.get() == Due.WEEKLY) {
      for (LocalDate monday = from.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY)); !monday.isAfter(to);
          monday = monday.plusWeeks(1)) {
        found.add(new Occurrence(cadence.id(), WorkingWeeks.workingWeek(monday), false));
      }
      return found;
    }
    Set<Month> months = months(cadence);
    for (YearMonth ym = YearMonth.from(from); !ym.atDay(1).isAfter(to); ym = ym.plusMonths(1)) {
      if (!months.contains(ym.getMonth())) {
        continue;
      }
      DateRange window = switch (due.get()) {
        case FIRST_WORKING_WEEK -> WorkingWeeks.firstWorkingWeek(ym);
        case FIRST_TWO_WEEKS -> WorkingWeeks.firstTwoWorkingWeeks(ym);
        default -> new DateRange(ym.atDay(1), ym.atEndOfMonth());
      };
      if (!window.start().isBefore(from) && !window.start().isAfter(to)) {
        found.add(new Occurrence(cadence.id(), window, light(cadence, ym.getMonth())));
      }
    }
    return found;
  }

  /** The latest occurrence that starts on or before {@code date} (looking back two years). */
  public Optional<Occurrence> current(Cadence cadence, LocalDate date) {
    List<Occurrence> past = occurrences(cadence, date.minusYears(SEARCH_YEARS), date);
    return past.isEmpty() ? Optional.empty() : Optional.of(past.get(past.size() - 1));
  }

  /** The first occurrence that starts after {@code date} (looking ahead two years). */
  public Optional<Occurrence> next(Cadence cadence, LocalDate date) {
    return occurrences(cadence, date.plusDays(1), date.plusYears(SEARCH_YEARS)).stream().findFirst();
  }

  /**
   * A month of the year at a glance.
   *
   * @param month the month
   * @param activities the calendar's key activities for it; empty when the calendar has no entry
   * @param occurrences the month-based cadences due in it, in runbook order
   */
  public record MonthPlan(YearMonth month, String activities, List<Occurrence> occurrences) {
    public MonthPlan {
      occurrences = List.copyOf(occurrences);
    }
  }

  /** Every month of {@code year} with the month-based cadences due in it (weekly ones are not listed). */
  public List<MonthPlan> year(int year) {
    List<MonthPlan> plans = new ArrayList<>();
    for (Month month : Month.values()) {
      YearMonth ym = YearMonth.of(year, month);
      List<Occurrence> due = new ArrayList<>();
      for (Cadence c : scheduled()) {
        if (c.due().orElseThrow() != Due.WEEKLY) {
          due.addAll(occurrences(c, ym.atDay(1), ym.atEndOfMonth()));
        }
      }
      plans.add(new MonthPlan(ym, calendarEntry(month).map(Reference.CalendarMonth::activities).orElse(""), due));
    }
    return plans;
  }

  /**
   * How long a certificate must stay valid for a {@code valid_until} threshold at {@code now}.
   *
   * @param rule the threshold and the cadence it belongs to
   * @param lastDay the last day of the cadence's next window (the last day its next run is on time)
   * @param through {@code lastDay} plus the margin: the certificate must be valid through this day
   * @param days whole days from {@code now} to the end of {@code through} in the runbook's time
   *     zone, rounded up: the probe's minimum
   */
  public record Lifetime(NextRun rule, LocalDate lastDay, LocalDate through, int days) {
    public Lifetime {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(lastDay, "lastDay");
      Objects.requireNonNull(through, "through");
    }

    /** E.g. {@code needs 13 days: past the next monthly window (ends Fri 2026-12-04) + 7 days}. */
    public String describe() {
      return "needs " + days + " days: past the next " + rule.cadence() + " window (ends "
          + DAY.format(lastDay) + ")" + (rule.marginDays() == 0 ? "" : " + " + rule.marginDays() + " days");
    }
  }

  /**
   * The lifetime {@code rule} asks of a certificate checked at {@code now}: valid past the last day
   * of the cadence's next window that starts after today, plus the margin.
   *
   * @return empty when the cadence has no window in the next two years (or no schedule)
   */
  public Optional<Lifetime> lifetime(NextRun rule, Instant now) {
    ZoneId zone = runbook.timezone();
    Optional<Cadence> cadence = runbook.cadence(rule.cadence());
    return cadence.flatMap(c -> next(c, now.atZone(zone).toLocalDate())).map(o -> {
      LocalDate through = o.window().end().plusDays(rule.marginDays());
      Instant end = through.plusDays(1).atStartOfDay(zone).toInstant();
      long seconds = Math.max(0, Duration.between(now, end).getSeconds());
      int days = (int) ((seconds + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
      return new Lifetime(rule, o.window().end(), through, days);
    });
  }

  private boolean light(Cadence cadence, Month month) {
    return calendarEntry(month).filter(m -> m.light() && m.cadences().contains(cadence.id())).isPresent();
  }

  private Optional<Reference.CalendarMonth> calendarEntry(Month month) {
    return runbook.calendar().stream().filter(m -> m.month() == month.getValue()).findFirst();
  }
}
