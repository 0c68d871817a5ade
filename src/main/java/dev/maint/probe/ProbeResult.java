package dev.maint.probe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a probe found.
 *
 * @param verdict pass, warn, fail or error
 * @param reason one line a person understands, e.g. {@code certificate expires in 12 days
 *     (minimum 30)}
 * @param details structured evidence for reports: JSON-friendly values (String, Number, Boolean,
 *     List, Map)
 * @param interrupted whether the probe was stopped before it ended (a signal, Ctrl-C): the walk
 *     records the step {@code interrupted}, whatever the verdict; see {@link #interrupted()}
 */
public record ProbeResult(Verdict verdict, String reason, Map<String, Object> details, boolean interrupted) {
  /** The evidence detail that says a probe was stopped, for reports: {@code "interrupted": true}. */
  public static final String INTERRUPTED = "interrupted";

  public ProbeResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** A result of a probe that ran to its end. */
  public ProbeResult(Verdict verdict, String reason, Map<String, Object> details) {
    this(verdict, reason, details, false);
  }

  public static ProbeResult pass(String reason) {
    return new ProbeResult(Verdict.PASS, reason, Map.of());
  }

  public static ProbeResult error(String reason) {
    return new ProbeResult(Verdict.ERROR, reason, Map.of());
  }

  public static ProbeResult fail(String reason) {
    return new ProbeResult(Verdict.FAIL, reason, Map.of());
  }

  /** The same result with more details. */
  public ProbeResult with(Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.putAll(more);
    return new ProbeResult(verdict, reason, all, interrupted);
  }

  /**
   * The same result marked as stopped before the probe ended, with {@code "interrupted": true} in
   * its details for the reports.
   */
  public ProbeResult stopped() {
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.put(INTERRUPTED, true);
    return new ProbeResult(verdict, reason, all, true);
  }
}
