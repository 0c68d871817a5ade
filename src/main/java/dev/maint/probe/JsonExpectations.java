package dev.maint.probe;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON document against expectations keyed by JSON Pointer (RFC 6901).
 *
 * <p>A scalar expectation means equality: numbers compare numerically ({@code 18} equals {@code
 * 18.0}), booleans, strings and {@code null} compare by type and value; a list compares
 * element-wise the same way. A map holds operators: {@code exists} (boolean), {@code gt}, {@code
 * gte}, {@code lt}, {@code lte} (numbers), {@code length} (array size, string length or object
 * size) and {@code equals} (any value).
 *
 * <p>The pointer {@code ""} is the whole document. So is {@code "/"} when the document has no
 * member named {@code ""} (which is what {@code "/"} strictly points at), because runbook authors
 * write {@code "/"} for the root, e.g. of a top-level array.
 */
final class JsonExpectations {
  private static final Set<String> OPERATORS = Set.of("exists", "gt", "gte", "lt", "lte", "length", "equals");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Comparator<JsonNode> NUMERIC =
      (a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

  private JsonExpectations() {}

  /**
   * Every unmet expectation, as one line each (e.g. {@code /0/age is 17 (expected 18)}).
   *
   * @throws IllegalArgumentException for a malformed pointer or an unknown operator: the
   *     expectation itself is wrong, whatever the document
   */
  static List<String> mismatches(JsonNode root, Map<String, Object> expectations) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> e : expectations.entrySet()) {
      String pointer = e.getKey();
      JsonNode node = at(root, pointer);
      Object expected = e.getValue();
      if (expected instanceof Map<?, ?> ops) {
        for (Map.Entry<?, ?> op : ops.entrySet()) {
          String problem = operator(pointer, node, String.valueOf(op.getKey()), op.getValue());
          if (problem != null) {
            out.add(problem);
          }
        }
      } else if (!equal(node, expected)) {
        out.add(describe(pointer, node) + " (expected " + MAPPER.valueToTree(expected) + ")");
      }
    }
    return out;
  }

  private static JsonNode at(JsonNode root, String pointer) {
    if (pointer.equals("/") && root.at(JsonPointer.compile("/")).isMissingNode()) {
      return root;
    }
    return root.at(JsonPointer.compile(pointer));
  }

  private static String operator(String pointer, JsonNode node, String op, Object arg) {
    if (!OPERATORS.contains(op)) {
      throw new IllegalArgumentException(
          "unknown JSON operator '" + op + "' for " + pointer + " (known: " + String.join(", ", OPERATORS.stream().sorted().toList()) + ")");
    }
    switch (op) {
      case "exists" -> {
        boolean want = Boolean.TRUE.equals(arg);
        return node.isMissingNode() == want ? pointer + (want ? " is missing" : " exists") + " (expected exists: " + want + ")" : null;
      }
      case "equals" -> {
        return equal(node, arg) ? null : describe(pointer, node) + " (expected " + MAPPER.valueToTree(arg) + ")";
      }
      case "length" -> {
        BigDecimal want = number(op, pointer, arg);
        if (!(node.isArray() || node.isTextual() || node.isObject())) {
          return describe(pointer, node) + " (expected length " + want.toPlainString() + ")";
        }
        int length = node.isTextual() ? node.textValue().length() : node.size();
        return BigDecimal.valueOf(length).compareTo(want) == 0
            ? null
            : pointer + " has length " + length + " (expected " + want.toPlainString() + ")";
      }
      default -> {
        BigDecimal bound = number(op, pointer, arg);
        String symbol = Map.of("gt", ">", "gte", ">=", "lt", "<", "lte", "<=").get(op);
        if (!node.isNumber()) {
          return describe(pointer, node) + " (expected a number " + symbol + " " + bound.toPlainString() + ")";
        }
        int c = node.decimalValue().compareTo(bound);
        boolean ok =
            switch (op) {
              case "gt" -> c > 0;
              case "gte" -> c >= 0;
              case "lt" -> c < 0;
              default -> c <= 0;
            };
        return ok ? null : pointer + " is " + node + " (expected " + symbol + " " + bound.toPlainString() + ")";
      }
    }
  }

  private static BigDecimal number(String op, String pointer, Object arg) {
    if (arg instanceof Number n) {
      return new BigDecimal(n.toString());
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
    JsonNode want = MAPPER.valueToTree(expected);
    return node.equals(NUMERIC, want);
  }

  private static String describe(String pointer, JsonNode node) {
    return node.isMissingNode() ? pointer + " is missing" : pointer + " is " + node;
  }
}
