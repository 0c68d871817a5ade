package dev.maint.probe;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks a JSON document against expectations keyed by JSON Pointer (RFC 6901).
 *
 * <p>A scalar expectation means equality: numbers compare numerically ({@code 18} equals {@code
 * 18.0}), booleans, strings and {@code null} compare by type and value; a list compares
 * element-wise the same way. A map holds operators: {@code exists} (boolean), {@code gt}, {@code
 * gte}, {@code lt}, {@code lte} (numbers), {@code length} (array size, string length or object
 * size), {@code equals} (any value) and {@code count} (elements of an array, or values of an
 * object, that pass a filter; see {@link #count}).
 *
 * <p>A bound of {@code gt}/{@code gte}/{@code lt}/{@code lte} may be another value of the same
 * document: {@code {of: /maxmemory, times: 0.9}} compares with 0.9 times the number at {@code
 * /maxmemory}. A bound may be written as a string holding a number (a runbook variable's value).
 *
 * <p>The pointer {@code ""} is the whole document. So is {@code "/"} when the document has no
 * member named {@code ""} (which is what {@code "/"} strictly points at), because runbook authors
 * write {@code "/"} for the root, e.g. of a top-level array.
 */
final class JsonExpectations {
  private static final Set<String> OPERATORS =
      Set.of("exists", "gt", "gte", "lt", "lte", "length", "equals", "count");
  private static final Set<String> COUNT_KEYS =
      Set.of("where", "unless", "name", "label", "gt", "gte", "lt", "lte", "equals");
  private static final Map<String, String> SYMBOLS = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=");
  /** How many offending elements a reason names before it says "and N more". */
  private static final int NAMED = 5;
  private static final Comparator<JsonNode> NUMERIC =
      (a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

  private JsonExpectations() {}

  /**
   * One expectation's outcome.
   *
   * <p>The line is made when asked for: a runbook's expectations are checked against an empty
   * document when it is loaded ({@link OutputCheck#validate}), where no line is shown, and showing a
   * JSON value starts an ObjectMapper (hundreds of classes on a cold JVM).
   */
  static final class Check {
    private final boolean ok;
    private final Supplier<String> text;

    Check(boolean ok, Supplier<String> text) {
      this.ok = ok;
      this.text = text;
    }

    /** Whether it held. */
    boolean ok() {
      return ok;
    }

    /** One line naming the value that decided it, e.g. {@code /0/age is 17 (expected 18)}. */
    String text() {
      return text.get();
    }
  }

  /**
   * Every unmet expectation, as one line each (e.g. {@code /0/age is 17 (expected 18)}).
   *
   * @throws IllegalArgumentException for a malformed pointer or an unknown operator: the
   *     expectation itself is wrong, whatever the document
   */
  static List<String> mismatches(JsonNode root, Map<String, Object> expectations) {
    return evaluate(root, expectations).stream().filter(c -> !c.ok()).map(Check::text).toList();
  }

  /**
   * Every expectation's outcome, in the order given, each naming the value it saw.
   *
   * @throws IllegalArgumentException for a malformed pointer or an unknown operator
   */
  static List<Check> evaluate(JsonNode root, Map<String, Object> expectations) {
    List<Check> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : expectations.entrySet()) {
      String pointer = e.getKey();
      JsonNode node = at(root, pointer);
      Object expected = e.getValue();
      if (expected instanceof Map<?, ?> ops) {
        for (Map.Entry<?, ?> op : ops.entrySet()) {
          out.add(operator(root, pointer, node, String.valueOf(op.getKey()), op.getValue()));
        }
      } else {
        out.add(new Check(equal(node, expected), () -> describe(pointer, node)
            + (equal(node, expected) ? "" : " (expected " + Mapper.INSTANCE.valueToTree(expected) + ")")));
      }
    }
    return out;
  }

  static JsonNode at(JsonNode root, String pointer) {
    if (pointer.equals("/") && root.at(JsonPointer.compile("/")).isMissingNode()) {
      return root;
    }
    return root.at(JsonPointer.compile(pointer));
  }

  private static Check operator(JsonNode root, String pointer, JsonNode node, String op, Object arg) {
    if (!OPERATORS.contains(op)) {
      throw new IllegalArgumentException(
          "unknown JSON operator '" + op + "' for " + pointer + " (known: " + String.join(", ", OPERATORS.stream().sorted().toList()) + ")");
    }
    switch (op) {
      case "exists" -> {
        boolean want = Boolean.TRUE.equals(arg) || "true".equals(arg);
        boolean ok = node.isMissingNode() != want;
        return new Check(ok, () -> pointer + (node.isMissingNode() ? " is missing" : " exists")
            + (ok ? "" : " (expected exists: " + want + ")"));
      }
      case "equals" -> {
        boolean ok = equal(node, arg);
        return new Check(ok, () -> describe(pointer, node) + (ok ? "" : " (expected " + Mapper.INSTANCE.valueToTree(arg) + ")"));
      }
      case "length" -> {
        BigDecimal want = number(op, pointer, arg);
        if (!(node.isArray() || node.isTextual() || node.isObject())) {
          return new Check(false, () -> describe(pointer, node) + " (expected length " + want.toPlainString() + ")");
        }
        int length = node.isTextual() ? node.textValue().length() : node.size();
        boolean ok = BigDecimal.valueOf(length).compareTo(want) == 0;
        return new Check(ok, () -> pointer + " has length " + length + (ok ? "" : " (expected " + want.toPlainString() + ")"));
      }
      case "count" -> {
        return count(pointer, node, arg);
      }
      default -> {
        Bound bound = bound(root, op, pointer, arg);
        String symbol = SYMBOLS.get(op);
        BigDecimal value = numeric(node);
        if (value == null) {
          return new Check(false, () -> describe(pointer, node) + " (expected a number " + symbol + " " + bound.text() + ")");
        }
        boolean ok = compare(op, value.compareTo(bound.value()));
        return new Check(ok, () -> pointer + " is " + value.toPlainString() + (ok ? " (" : " (expected ") + symbol + " "
            + bound.text() + ")");
      }
    }
  }

  /** A bound and how to show it: the number, or {@code 0.9 × /maxmemory = 900}. */
  private record Bound(BigDecimal value, String text) {}

  private static Bound bound(JsonNode root, String op, String pointer, Object arg) {
    if (arg instanceof Map<?, ?> ref) {
      Object of = ref.get("of");
      if (!(of instanceof String other) || !ref.keySet().stream().allMatch(k -> Set.of("of", "times").contains(k))) {
        throw new IllegalArgumentException(
            "JSON operator '" + op + "' for " + pointer + " needs a number or {of: POINTER, times: NUMBER}, not " + arg);
      }
      BigDecimal times = ref.containsKey("times") ? number(op, pointer, ref.get("times")) : BigDecimal.ONE;
      JsonNode target = at(root, other);
      BigDecimal base = numeric(target);
      if (base == null) {
        throw new OutputException(describe(other, target) + ", so " + pointer + " cannot be compared with it");
      }
      BigDecimal value = base.multiply(times);
      String text = (times.compareTo(BigDecimal.ONE) == 0 ? other : times.stripTrailingZeros().toPlainString() + " × " + other)
          + " = " + value.stripTrailingZeros().toPlainString();
      return new Bound(value, text);
    }
    BigDecimal n = number(op, pointer, arg);
    return new Bound(n, n.toPlainString());
  }

  private static boolean compare(String op, int c) {
    return switch (op) {
      case "gt" -> c > 0;
      case "gte" -> c >= 0;
      case "lt" -> c < 0;
      case "lte" -> c <= 0;
      default -> c == 0;
    };
  }

  /**
   * {@code count: {where: {POINTER: FILTER}, unless: {POINTER: FILTER}, name: POINTER, label:
   * TEXT, lte: N}}: how many elements of the array (or values of the object) at {@code pointer}
   * pass every {@code where} filter and no {@code unless} filter, compared with the bounds given
   * ({@code equals}, {@code gt}, {@code gte}, {@code lt}, {@code lte}). A filter is a value, a list
   * of values (any of them) or a map of operators; its pointer is relative to the element ({@code
   * ""} is the element itself). The reason names the counted elements by {@code name} (by default
   * an object's keys, or the array index).
   */
  private static Check count(String pointer, JsonNode node, Object arg) {
    if (!(arg instanceof Map<?, ?> spec)) {
      throw new IllegalArgumentException("JSON operator 'count' for " + pointer + " needs a map (where, unless, name, label and bounds)");
    }
    for (Object k : spec.keySet()) {
      if (!COUNT_KEYS.contains(String.valueOf(k))) {
        throw new IllegalArgumentException("unknown key '" + k + "' in count for " + pointer + " (known: "
            + String.join(", ", COUNT_KEYS.stream().sorted().toList()) + ")");
      }
    }
    Map<?, ?> where = filters(pointer, spec.get("where"), "where");
    Map<?, ?> unless = filters(pointer, spec.get("unless"), "unless");
    String name = spec.get("name") == null ? null : String.valueOf(spec.get("name"));
    String label = spec.get("label") == null ? "elements of " + pointer + describeFilters(where, unless)
        : String.valueOf(spec.get("label"));
    if (List.of("equals", "gt", "gte", "lt", "lte").stream().noneMatch(spec::containsKey)) {
      throw new IllegalArgumentException("count for " + pointer + " needs a bound (equals, gt, gte, lt or lte)");
    }
    for (String op : List.of("equals", "gt", "gte", "lt", "lte")) {
      if (spec.containsKey(op)) {
        number(op, pointer, spec.get(op));
      }
    }
    if (!(node.isArray() || node.isObject())) {
      return new Check(false, () -> describe(pointer, node) + " (expected an array or object to count " + label + ")");
    }
    List<String> counted = new ArrayList<>();
    int index = 0;
    Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.fields() : null;
    Iterator<JsonNode> elements = node.isArray() ? node.elements() : null;
    while (node.isObject() ? fields.hasNext() : elements.hasNext()) {
      String key;
      JsonNode element;
      if (node.isObject()) {
        Map.Entry<String, JsonNode> f = fields.next();
        key = f.getKey();
        element = f.getValue();
      } else {
        key = String.valueOf(index);
        element = elements.next();
      }
      index++;
      if (passes(element, where, true) && !passesAny(element, unless)) {
        JsonNode named = name == null ? null : at(element, name);
        counted.add(named == null || named.isMissingNode() ? key : named.isTextual() ? named.textValue() : named.toString());
      }
    }
    List<String> problems = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (String op : List.of("equals", "gt", "gte", "lt", "lte")) {
      if (spec.containsKey(op)) {
        BigDecimal want = number(op, pointer, spec.get(op));
        String text = (op.equals("equals") ? "" : SYMBOLS.get(op) + " ") + want.toPlainString();
        (compare(op, BigDecimal.valueOf(counted.size()).compareTo(want)) ? held : problems).add(text);
      }
    }
    boolean ok = problems.isEmpty();
    String names = counted.isEmpty() ? "" : ": " + String.join(", ", counted.subList(0, Math.min(NAMED, counted.size())))
        + (counted.size() > NAMED ? " and " + (counted.size() - NAMED) + " more" : "");
    return new Check(ok, () -> counted.size() + " " + label + (ok ? " (" + String.join(", ", held) + ")"
        : " (expected " + String.join(", ", problems) + ")") + names);
  }

  private static Map<?, ?> filters(String pointer, Object o, String key) {
    if (o == null) {
      return Map.of();
    }
    if (o instanceof Map<?, ?> m) {
      m.keySet().forEach(k -> {
        String p = String.valueOf(k);
        if (!p.isEmpty() && !p.startsWith("/")) {
          throw new IllegalArgumentException("'" + key + "' of count for " + pointer + ": JSON Pointer must be empty or start with '/' (RFC 6901): '" + p + "'");
        }
      });
      return m;
    }
    throw new IllegalArgumentException("'" + key + "' of count for " + pointer + " needs a map of JSON Pointer to value");
  }

  private static String describeFilters(Map<?, ?> where, Map<?, ?> unless) {
    StringBuilder s = new StringBuilder();
    where.forEach((k, v) -> s.append(s.isEmpty() ? " with " : " and ").append(k).append(' ').append(filterText(v)));
    unless.forEach((k, v) -> s.append(" not ").append(k).append(' ').append(filterText(v)));
    return s.toString();
  }

  private static String filterText(Object v) {
    if (v instanceof List<?> l) {
      return l.size() == 1 ? String.valueOf(l.get(0)) : "in " + l;
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((op, arg) -> parts.add(SYMBOLS.getOrDefault(String.valueOf(op), String.valueOf(op)) + " " + arg));
      return String.join(" ", parts);
    }
    return String.valueOf(v);
  }

  private static boolean passes(JsonNode element, Map<?, ?> filters, boolean all) {
    for (Map.Entry<?, ?> f : filters.entrySet()) {
      if (matches(at(element, String.valueOf(f.getKey())), f.getValue()) != all) {
        return !all;
      }
    }
    return all;
  }

  private static boolean passesAny(JsonNode element, Map<?, ?> filters) {
    return !filters.isEmpty() && passes(element, filters, false);
  }

  private static boolean matches(JsonNode value, Object filter) {
    if (filter instanceof List<?> any) {
      return any.stream().anyMatch(v -> equal(value, v));
    }
    if (filter instanceof Map<?, ?> ops) {
      for (Map.Entry<?, ?> op : ops.entrySet()) {
        if (!operator(value, "", value, String.valueOf(op.getKey()), op.getValue()).ok()) {
          return false;
        }
      }
      return true;
    }
    return equal(value, filter);
  }

  /** The number at a node; null when it holds anything else (a numeric string included). */
  private static BigDecimal numeric(JsonNode node) {
    return node.isNumber() ? node.decimalValue() : null;
  }

  private static BigDecimal number(String op, String pointer, Object arg) {
    if (arg instanceof Number n) {
      return new BigDecimal(n.toString());
    }
    if (arg instanceof String s) {
      try {
        return new BigDecimal(s.strip());
      } catch (NumberFormatException notANumber) {
        // Falls through to the message below.
      }
    }
    throw new IllegalArgumentException("JSON operator '" + op + "' for " + pointer + " needs a number, not " + arg);
  }

  private static boolean equal(JsonNode node, Object expected) {
    if (node.isMissingNode()) {
      return false;
    }
    if (expected == null) {
      return node.isNull();
    }
    if (expected instanceof Number n) {
      return node.isNumber() && node.decimalValue().compareTo(new BigDecimal(n.toString())) == 0;
    }
    if (expected instanceof Boolean b) {
      return node.isBoolean() && node.booleanValue() == b;
    }
    if (expected instanceof String s) {
      return node.isTextual() && node.textValue().equals(s);
    }
    JsonNode want = Mapper.INSTANCE.valueToTree(expected);
    return node.equals(NUMERIC, want);
  }

  /** The ObjectMapper that turns an expected value into JSON, made on first use (see {@link Check}). */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  private static String describe(String pointer, JsonNode node) {
    return node.isMissingNode() ? pointer + " is missing" : pointer + " is " + node;
  }

  /** The document lacks what an expectation compares with: the output cannot be checked. */
  static final class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputException(String message) {
      super(message);
    }
  }
}
