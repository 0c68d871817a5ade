package dev.maint.signal;

import dev.maint.schedule.DueState;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cadences' status as Prometheus metrics, in the text exposition format 0.0.4 (the format
 * node_exporter's textfile collector reads from {@code *.prom} files). Names follow Prometheus's
 * naming conventions: the {@code maint_} prefix, base units (seconds since the Unix epoch for
 * times, with the {@code _timestamp_seconds} suffix), and one series per value of an enumeration
 * with the value 1 for the current one and 0 for the others (the "enum" pattern), so alert rules
 * compare with {@code == 1}. A gauge with no value (a cadence never run) has no sample.
 */
public final class PrometheusText {
  private static final List<String> OUTCOMES = List.of("completed", "quit", "interrupted");

  private PrometheusText() {}

  /** The metrics of {@code statuses}, ending with a line feed; only the headers when there are none. */
  public static String of(List<CadenceStatus> statuses) {
    StringBuilder b = new StringBuilder();
    gauge(b, "maint_cadence_last_complete_run_timestamp_seconds",
        "When the newest whole run of the cadence started, in seconds since the Unix epoch.", statuses,
        s -> s.lastComplete().map(t -> sample("maint_cadence_last_complete_run_timestamp_seconds", s.cadence(), "",
            seconds(t.getEpochSecond()))).orElse(""));
    gauge(b, "maint_cadence_last_run_timestamp_seconds",
        "When the newest run of the cadence, whole or partial, started, in seconds since the Unix epoch.", statuses,
        s -> s.lastRun().map(r -> sample("maint_cadence_last_run_timestamp_seconds", s.cadence(), "",
            seconds(r.startedAt().getEpochSecond()))).orElse(""));
    gauge(b, "maint_cadence_last_run_outcome",
        "Outcome of the newest run of the cadence: 1 for its outcome (completed, quit, interrupted), 0 for the others.",
        statuses, s -> s.lastRun().map(r -> OUTCOMES.stream().map(o -> sample("maint_cadence_last_run_outcome",
            s.cadence(), ",outcome=\"" + o + "\"", o.equals(r.outcome()) ? "1" : "0")).collect(Collectors.joining()))
            .orElse(""));
    gauge(b, "maint_cadence_last_run_problem_steps",
        "Steps of the newest run of the cadence that warned, failed, errored or were interrupted.", statuses,
        s -> s.lastRun().map(r -> sample("maint_cadence_last_run_problem_steps", s.cadence(), "",
            Integer.toString(r.issues().size()))).orElse(""));
    gauge(b, "maint_cadence_open_items",
        "Items the newest run of the cadence left open: failed, warned or skipped by an operator, carried forward.",
        statuses, s -> s.lastRun().isEmpty() ? ""
            : sample("maint_cadence_open_items", s.cadence(), "", Integer.toString(s.openItems())));
    gauge(b, "maint_cadence_due_state",
        "Due state of the cadence: 1 for its state (not-due, due, overdue, done), 0 for the others.", statuses,
        s -> s.state().map(st -> java.util.Arrays.stream(DueState.values()).map(v -> sample("maint_cadence_due_state",
            s.cadence(), ",state=\"" + v.label() + "\"", v == st ? "1" : "0")).collect(Collectors.joining()))
            .orElse(""));
    gauge(b, "maint_cadence_overdue", "1 when the cadence is overdue (its window passed without a whole run), else 0.",
        statuses, s -> s.state().map(st -> sample("maint_cadence_overdue", s.cadence(), "",
            st == DueState.OVERDUE ? "1" : "0")).orElse(""));
    return b.toString();
  }

  private static void gauge(StringBuilder b, String name, String help, List<CadenceStatus> statuses,
      Function<CadenceStatus, String> samples) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    statuses.forEach(s -> b.append(samples.apply(s)));
  }

  private static String sample(String name, String cadence, String moreLabels, String value) {
    return name + "{cadence=\"" + label(cadence) + "\"" + moreLabels + "} " + value + "\n";
  }

  /** A label value as the text format escapes it: backslash, double quote and line feed. */
  static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String seconds(long s) {
    return String.format(Locale.ROOT, "%d", s);
  }
}
