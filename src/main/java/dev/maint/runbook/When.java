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
 * @param fact a test of a fact captured or asked earlier in the session
 */
public record When(
    Set<Integer> months, Set<String> environments, List<String> steps, Set<String> statuses,
    java.util.Optional<FactTest> fact) {
  /** The condition that always holds. */
  public static final When ALWAYS = new When(Set.of(), Set.of(), List.of(), Set.of());

  public When {
    months = Set.copyOf(months);
    environments = Set.copyOf(environments);
    steps = List.copyOf(steps);
    statuses = Set.copyOf(statuses);
    java.util.Objects.requireNonNull(fact, "fact");
  }

  /** A condition without a fact test. */
  public When(Set<Integer> months, Set<String> environments, List<String> steps, Set<String> statuses) {
    this(months, environments, steps, statuses, java.util.Optional.empty());
  }

  /**
   * {@code when: {fact: NAME, equals: VALUE}} or {@code matches: REGEX} (the whole value). A fact
   * never captured makes the test false.
   *
   * @param name the fact's name
   * @param equals the value it must have, if given
   * @param matches a regular expression the whole value must match, if given
   */
  public record FactTest(String name, java.util.Optional<String> equals, java.util.Optional<String> matches) {
    /** Whether {@code value} passes; an absent value never does. */
    public boolean test(java.util.Optional<String> value) {
      return value.isPresent()
          && equals.map(e -> e.equals(value.get())).orElse(true)
          && matches.map(m -> java.util.regex.Pattern.compile(m).matcher(value.get()).matches()).orElse(true);
    }

    /** E.g. {@code fact upgraded equals yes}. */
    public String describe() {
      return "fact " + name + equals.map(e -> " equals " + e).orElse("") + matches.map(m -> " matches /" + m + "/").orElse("");
    }
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
    fact.ifPresent(f -> s.append(s.isEmpty() ? "" : ", ").append(f.describe()));
    return s.isEmpty() ? "always" : s.toString();
  }
}
