package dev.maint.signal;

import dev.maint.record.RunRecord;
import dev.maint.text.ControlCharacters;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A message about the maintenance programme, as {@link Notifier} posts it: a JSON body of fixed
 * fields ({@code schema} {@value #SCHEMA}, see docs/signals.md) for a generic webhook, and a text
 * for chat tools (Slack's incoming webhooks read {@code {"text": ...}}). Every free text in it is
 * masked by the caller's redactor: the record is masked already, and masking twice is harmless.
 *
 * @param body the generic JSON body's fields, in order
 * @param text the summary a person reads, first line a headline
 */
public record Notification(Map<String, Object> body, String text) {
  /** The generic body's format id. */
  public static final String SCHEMA = "maint-notification/1";

  public Notification {
    body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
  }

  /**
   * That a walk ended: its outcome, exit code, counts and the steps with problems.
   *
   * @param runbook the runbook's id
   * @param exitCode the walk's exit code
   * @param openItems what the run left open
   * @param mask masks secrets in free text
   */
  public static Notification walkEnded(String runbook, RunRecord r, int exitCode, int openItems,
      UnaryOperator<String> mask) {
    Map<String, Object> body = new LinkedHashMap<>();
    String headline = "maint " + r.cadence() + " (" + r.environmentNoted() + ") " + r.outcome() + ", exit code " + exitCode
        + ": " + r.countsText();
    body.put("schema", SCHEMA);
    body.put("event", "walk-ended");
    body.put("summary", clean(mask.apply(headline)));
    body.put("runbook", runbook);
    body.put("cadence", r.cadence());
    body.put("environment", r.environment());
    body.put("session", r.session());
    body.put("operator", r.operator());
    body.put("started", r.started());
    body.put("ended", r.ended());
    body.put("outcome", r.outcome());
    body.put("exit_code", exitCode);
    body.put("counts", r.counts());
    List<Map<String, String>> issues = new ArrayList<>();
    StringBuilder text = new StringBuilder(clean(mask.apply(headline)));
    for (RunRecord.StepRecord s : r.issues()) {
      Map<String, String> issue = new LinkedHashMap<>();
      issue.put("step", s.id());
      issue.put("status", s.status());
      issue.put("reason", clean(mask.apply(s.reason())));
      issues.add(issue);
      text.append("\n- ").append(s.id()).append(' ').append(s.status()).append(": ").append(issue.get("reason"));
    }
    body.put("issues", issues);
    body.put("open_items", openItems);
    if (openItems > 0) {
      text.append("\n").append(openItems).append(openItems == 1 ? " item" : " items").append(" left open");
    }
    return new Notification(body, text.toString());
  }

  /**
   * That cadences are overdue on {@code date}.
   *
   * @param overdue the overdue cadences' status, each with its window
   */
  public static Notification overdue(String runbook, LocalDate date, List<CadenceStatus> overdue) {
    Map<String, Object> body = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (CadenceStatus s : overdue) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cadence", s.cadence());
      item.put("window_start", s.window().map(o -> o.window().start().toString()).orElse(null));
      item.put("window_end", s.window().map(o -> o.window().end().toString()).orElse(null));
      item.put("last_complete_run", s.lastComplete().map(Object::toString).orElse(null));
      items.add(item);
      names.add(s.cadence() + s.window().map(o -> " (window ended " + o.window().end() + ")").orElse(""));
    }
    String headline = "maint: overdue on " + date + ": " + String.join(", ", names);
    body.put("schema", SCHEMA);
    body.put("event", "overdue");
    body.put("summary", headline);
    body.put("runbook", runbook);
    body.put("date", date.toString());
    body.put("overdue", items);
    return new Notification(body, headline);
  }

  private static String clean(String s) {
    return ControlCharacters.strip(s);
  }
}
