package dev.maint.runbook;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A step's condition; all given parts must hold. Empty parts always hold.
 *
 * @param months months of the session's start date (1-12) in the runbook's time zone
 * @param environments environment names
 * @param steps ids of earlier steps; the condition holds when any of them has one of {@code
 *     statuses}
 * @param statuses status names (as in reports) under which this holds
 */
public record When(
    Set<Integer> months, Set<String> environments, List<String> steps, Set<String> statuses) {
  /** The condition that always holds. */
  public static final When ALWAYS = new When(Set.of(), Set.of(), List.of(), Set.of());

  public When {
    months = Set.copyOf(months);
    environments = Set.copyOf(environments);
    steps = List.copyOf(steps);
    statuses = Set.copyOf(statuses);
  }

  /** A short human description, e.g. {@code "month in [1], step x is pass"}. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (!months.isEmpty()) {
      s.append("month in ").append(List.copyOf(new TreeSet<>(months)));
    }
    if (!environments.isEmpty()) {
      s.append(s.isEmpty() ? "" : ", ").append("env in ").append(List.copyOf(environments));
    }
    if (!steps.isEmpty()) {
      s.append(s.isEmpty() ? "" : ", ")
          .append(steps.size() == 1 ? "step " : "any of steps ")
          .append(String.join(", ", steps))
          .append(" is ")
          .append(String.join("|", new TreeSet<>(statuses)));
    }
    return s.isEmpty() ? "always" : s.toString();
  }
}
