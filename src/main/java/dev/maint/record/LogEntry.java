package dev.maint.record;

import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.text.ControlCharacters;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Turns a finished (or quit) session into the log row and the commit message.
 *
 * <p>The row has the seed's columns {@code Date | Cadence | Operator | Activities | Issues Found |
 * Notes}; the message has a one-line summary ({@code maint: monthly 2026-11 — 14 done, 1 failed,
 * 2 skipped}), a body listing problems and notes, and {@code Maint-*} trailers that {@code git
 * interpret-trailers --parse} reads.
 */
public final class LogEntry {
  /** The trailer naming the commit's record file; a re-applied commit is rebuilt from it. */
  public static final String RECORD_TRAILER = "Maint-Record";

  private LogEntry() {}

  /** The counts in words, e.g. {@code 14 done, 1 failed, 2 skipped}; zero counts left out. */
  public static String counts(Session session) {
    Map<Status, Integer> c = session.counts();
    return counts(status -> c.getOrDefault(status, 0));
  }

  /**
   * The counts in words, zero counts left out.
   *
   * @param count the number of steps recorded with a status
   */
  public static String counts(ToIntFunction<Status> count) {
    Map<String, Integer> words = new LinkedHashMap<>();
    words.put("done", count.applyAsInt(Status.PASS));
    words.put("warned", count.applyAsInt(Status.WARN));
    words.put("failed", count.applyAsInt(Status.FAIL));
    words.put("errored", count.applyAsInt(Status.ERROR));
    words.put("skipped", count.applyAsInt(Status.SKIPPED));
    words.put("manual", count.applyAsInt(Status.MANUAL));
    words.put("interrupted", count.applyAsInt(Status.INTERRUPTED));
    String s = words.entrySet().stream().filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    return s.isEmpty() ? "nothing recorded" : s;
  }

  /**
   * Text that appears in the session's log row and nowhere else, so a resumed session replaces
   * its own row instead of adding a second one.
   */
  public static String sessionMarker(Session session) {
    return "session " + session.id();
  }


  /**
   * Cells of the log row, in the seed's column order. Only the free text in them (reasons and
   * notes) is masked: dates, ids, status labels, counts, the operator and the session marker
   * stay as they are, so a short secret cannot break the row or the marker a resume looks for.
   *
   * @param extraNotes notes about the run as a whole (an emergency's deadline), first in Notes
   * @param redactor masks secrets in the free text
   * @param overrides what the walk changed of the runbook's values and addresses: named (never their
   *     values) beside the environment, e.g. {@code monthly (production, overridden: app_dir,
   *     --resolve)}
   */
  public static List<String> cells(Session session, ZoneId zone, List<String> extraNotes, Redactor redactor,
      RunRecord.Overrides overrides) {
    int recorded = session.results().size();
    String environment = session.environment()
        + (overrides.isEmpty() ? "" : ", overridden: " + String.join(", ", overrides.names()));
    String activities = session.cadence() + " (" + environment + "): " + recorded + " of "
        + session.stepCount() + " steps — " + counts(session) + "; " + sessionMarker(session);
    String issues = problems(session).stream()
        .map(r -> r.stepId() + " " + r.status().label() + ": " + redactor.redact(r.reason()))
        .collect(Collectors.joining("; "));
    List<String> notes = new ArrayList<>(extraNotes.stream().map(redactor::redact).toList());
    if (session.quit()) {
      notes.add("quit before the end");
    }
    if (session.interrupted()) {
      notes.add("interrupted");
    }
    session.results().stream().filter(r -> !r.note().isEmpty())
        .forEach(r -> notes.add(r.stepId() + ": " + redactor.redact(r.note())));
    return List.of(
        session.started().atZone(zone).toLocalDate().toString(),
        session.cadence(),
        String.join(", ", session.operators().stream().map(LogEntry::operatorName).toList()),
        activities,
        issues,
        String.join("; ", notes));
  }

  /**
   * The commit message for the entry: summary line, problems, notes, what the run resolved of the
   * previous run's open items, and the {@code Maint-*} trailers, made safe by {@link
   * ControlCharacters#strip}. Only reasons and notes are
   * masked; the summary, step ids, status labels and trailers (the operator among them) are
   * written as they are, so {@code git interpret-trailers} reads them whatever the secrets are.
   *
   * @param period the branch's last part, e.g. {@code 2026-11}
   * @param recordPath the record file's path, for the {@value #RECORD_TRAILER} trailer
   * @param carried the previous run's open items, resolved against this session
   * @param redactor masks secrets in the reasons and notes
   * @param overrides named in a {@code Maint-Overridden:} trailer when there are any
   */
  public static String message(Session session, String period, String recordPath,
      List<RunRecord.CarriedItem> carried, Redactor redactor, RunRecord.Overrides overrides) {
    StringBuilder m = new StringBuilder();
    m.append("maint: ").append(session.cadence()).append(' ').append(period).append(" — ")
        .append(counts(session)).append("\n\n");
    List<StepResult> problems = problems(session);
    if (!problems.isEmpty()) {
      m.append("Problems:\n");
      problems.forEach(r -> m.append("- ").append(r.stepId()).append(" (").append(r.status().label())
          .append("): ").append(oneLine(redactor.redact(r.reason()))).append('\n'));
      m.append('\n');
    }
    List<StepResult> noted = session.results().stream().filter(r -> !r.note().isEmpty()).toList();
    if (!noted.isEmpty()) {
      m.append("Notes:\n");
      noted.forEach(r -> m.append("- ").append(r.stepId()).append(": ").append(oneLine(redactor.redact(r.note())))
          .append('\n'));
      m.append('\n');
    }
    List<RunRecord.CarriedItem> resolved = carried.stream().filter(RunRecord.CarriedItem::resolved).toList();
    if (!resolved.isEmpty()) {
      m.append("Resolved since the previous run:\n");
      resolved.forEach(i -> m.append("- ").append(i.step()).append(" (was ").append(i.status()).append(")\n"));
      m.append('\n');
    }
    m.append("Maint-Cadence: ").append(session.cadence()).append('\n');
    m.append("Maint-Session: ").append(session.id()).append('\n');
    for (String operator : session.operators()) {
      m.append("Maint-Operator: ").append(operator).append('\n');
    }
    m.append("Maint-Environment: ").append(session.environment()).append('\n');
    if (!overrides.isEmpty()) {
      m.append("Maint-Overridden: ").append(String.join(", ", overrides.names())).append('\n');
    }
    m.append("Maint-Runbook: ").append(session.runbookId()).append(' ').append(session.runbookVersion())
        .append(" sha256:").append(session.runbookSha256(), 0, Math.min(12, session.runbookSha256().length()))
        .append('\n');
    m.append(RECORD_TRAILER).append(": ").append(recordPath).append('\n');
    // git log prints a message as it is: a note's escape sequence or U+202E would act on the
    // reader's terminal, so the message is made safe as every other text maint writes.
    return ControlCharacters.strip(m.toString());
  }

  private static List<StepResult> problems(Session session) {
    return session.results().stream()
        .filter(r -> r.status().problem())
        .toList();
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** The name part of {@code Name <mail>}; the whole text when there is no mail part. */
  public static String operatorName(String operator) {
    int lt = operator.indexOf('<');
    return lt > 0 ? operator.substring(0, lt).strip() : operator;
  }
}
