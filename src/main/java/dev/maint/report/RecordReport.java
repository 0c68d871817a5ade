package dev.maint.report;

import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link RunReport} rebuilt from a run's git record, so the report writers (the Markdown summary
 * of {@code maint site}) show a past run as they showed it when it ended. Only the recorded steps
 * have rows; their text is the record's, already masked when the record was written.
 */
public final class RecordReport {
  private static final Section UNKNOWN_SECTION =
      new Section("", "", "", false, Optional.empty(), List.of(), List.of());

  private RecordReport() {}

  /**
   * The report of {@code record}.
   *
   * @param runbook gives each step its section and the cadence its title, when it still has them
   */
  public static RunReport of(Runbook runbook, RunRecord record) {
    Optional<Cadence> cadence = runbook.cadence(record.cadence());
    Map<String, Cadence.PlacedStep> placed = cadence.map(c -> c.steps().stream()
        .collect(Collectors.toMap(p -> p.step().id(), Function.identity(), (a, b) -> a))).orElse(Map.of());
    Instant started = record.startedAt();
    Instant ended = instant(record.ended()).orElse(started);
    List<RunReport.Row> rows = record.steps().stream().map(s -> {
      Cadence.PlacedStep p = placed.get(s.id());
      StepResult result = StepResult.builder(s.id(), status(s.status()), s.reason()).note(s.note()).by(s.by())
          .started(instant(s.started()).orElse(started)).duration(Duration.ofMillis(s.durationMs()))
          .evidence(s.evidence()).build();
      return new RunReport.Row(p == null ? UNKNOWN_SECTION : p.section(), s.title(),
          p == null ? "" : p.step().kind(), result);
    }).toList();
    // The record keeps no --fail-on: a warning read back does not fail the run.
    int exitCode = Status.exitCode(record.outcome().equals("interrupted"), rows.stream().map(RunReport.Row::status),
        false);
    return new RunReport(
        new RunReport.RunbookInfo(record.runbook().id(), record.runbook().version(), record.runbook().sha256(),
            record.runbook().source()),
        new RunReport.CadenceInfo(record.cadence(), cadence.map(Cadence::title).orElse(record.cadence())),
        record.environment(), record.operator(), record.session(),
        started.atZone(runbook.timezone()), ended.atZone(runbook.timezone()), exitCode, false, false, rows,
        record.overrides());
  }

  /** The status with this label; a label this version does not know reads as {@code error}. */
  static Status status(String label) {
    return Arrays.stream(Status.values()).filter(s -> s.label().equals(label)).findFirst().orElse(Status.ERROR);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
