package dev.maint.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a command's standard output: reads it as JSON (RFC 8259), as {@code key:value} / {@code
 * key=value} lines or as text, checks {@link JsonExpectations} against it and captures facts from
 * it by JSON Pointer (RFC 6901).
 *
 * @param format how the output is read
 * @param expectations expected values by JSON Pointer, as for an {@code http} probe's {@code json}
 * @param captures fact name to the JSON Pointer its value is taken from
 */
public record OutputCheck(Format format, Map<String, Object> expectations, Map<String, String> captures) {
  /** Most output bytes read for a check: a Grype report of a large image runs to megabytes. */
  public static final int LIMIT = 16 << 20;

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  /** How standard output is read. */
  public enum Format {
    /** One JSON document. */
    JSON,
    /**
     * One {@code key:value} or {@code key=value} pair a line (Redis {@code INFO}, {@code psql -F=});
     * the key ends at the first {@code :} or {@code =}. Blank lines, {@code #} comments and lines
     * without either are ignored; a value that is a decimal number becomes a number.
     */
    LINES,
    /** The whole output, stripped, as one string: pointer {@code ""}. */
    TEXT;

    /** The name as a runbook writes it: json, lines or text. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public OutputCheck {
    Objects.requireNonNull(format, "format");
    expectations = Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
    captures = Collections.unmodifiableMap(new LinkedHashMap<>(captures));
  }

  /**
   * The outcome of a check.
   *
   * @param verdict pass when every expectation held and every fact was found; fail when an
   *     expectation did not hold; error when the output could not be read (empty, malformed,
   *     truncated) or a fact or a compared value is missing
   * @param reason one line naming the values that decided it
   * @param facts captured facts by name, as text
   */
  public record Outcome(Verdict verdict, String reason, Map<String, String> facts) {
    public Outcome {
      facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
  }

  /**
   * Checks {@code stdout}.
   *
   * @param truncated whether more than {@link #LIMIT} bytes were written (then the output is an
   *     error, never a pass on part of it)
   * @throws IllegalArgumentException when an expectation itself is malformed
   */
  public Outcome check(String stdout, boolean truncated) {
    if (truncated) {
      return error("standard output exceeds " + (LIMIT >> 20) + " MiB; not checked");
    }
    JsonNode root;
    switch (format) {
      case JSON -> {
        if (stdout.isBlank()) {
          return error("standard output is empty (expected JSON)");
        }
        try {
          root = Mapper.INSTANCE.readTree(stdout);
        } catch (JsonProcessingException e) {
          String where = e.getLocation() == null ? ""
              : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
          return error("standard output is not JSON" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
      }
      case LINES -> {
        ObjectNode o = lines(stdout);
        if (o.isEmpty()) {
          return error("standard output holds no key:value or key=value lines");
        }
        root = o;
      }
      default -> root = JsonNodeFactory.instance.textNode(stdout.strip());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    for (Map.Entry<String, String> c : captures.entrySet()) {
      JsonNode v = JsonExpectations.at(root, c.getValue());
      if (v.isMissingNode() || v.isNull()) {
        return error("fact " + c.getKey() + " not captured: " + c.getValue() + " is missing from the output");
      }
      facts.put(c.getKey(), v.isValueNode() ? v.asText() : v.toString());
    }
    List<JsonExpectations.Check> checks;
    try {
      checks = JsonExpectations.evaluate(root, expectations);
    } catch (JsonExpectations.OutputException e) {
      return error(e.getMessage());
    }
    List<String> failed = checks.stream().filter(c -> !c.ok()).map(JsonExpectations.Check::text).toList();
    List<String> seen = new ArrayList<>(checks.stream().map(JsonExpectations.Check::text).toList());
    facts.forEach((k, v) -> seen.add(k + " = " + v));
    if (!failed.isEmpty()) {
      return new Outcome(Verdict.FAIL, String.join("; ", failed), facts);
    }
    return new Outcome(Verdict.PASS, String.join("; ", seen), facts);
  }

  /**
   * Checks that expectations are well formed (pointers, operators, bounds), whatever the output.
   *
   * @throws IllegalArgumentException naming the first malformed expectation
   */
  public static void validate(Map<String, Object> expectations) {
    JsonNode empty = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, Object> e : expectations.entrySet()) {
      try {
        // singletonMap: an expected value may be null (JSON null), which Map.of refuses.
        JsonExpectations.evaluate(empty, java.util.Collections.singletonMap(e.getKey(), e.getValue()));
      } catch (JsonExpectations.OutputException missingInAnEmptyDocument) {
        // A comparison with another value of the output: well formed, only unanswerable here.
      }
    }
  }

  /**
   * The ObjectMapper that reads JSON output, made on first use: a runbook's expectations are
   * checked when it is loaded ({@link #validate}), and most commands read no output at all.
   */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  private static Outcome error(String reason) {
    return new Outcome(Verdict.ERROR, reason, Map.of());
  }

  private static ObjectNode lines(String stdout) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (String line : stdout.split("\\R")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(':');
      int equals = l.indexOf('=');
      int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
      if (at <= 0) {
        continue;
      }
      String key = l.substring(0, at).strip();
      String value = l.substring(at + 1).strip();
      if (NUMBER.matcher(value).matches()) {
        o.put(key, new BigDecimal(value));
      } else {
        o.put(key, value);
      }
    }
    return o;
  }
}
