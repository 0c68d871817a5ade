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
 */
public record ProbeResult(Verdict verdict, String reason, Map<String, Object> details) {
  public ProbeResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
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
    return new ProbeResult(verdict, reason, all);
  }
}
