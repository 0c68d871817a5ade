package dev.maint.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read with positions, so every type or key error names {@code FILE:LINE:COLUMN}.
 * Scalars read as strings pass through a checker (variable references).
 */
final class YamlMap {
  private final String file;
  private final MappingNode node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Consumer<ScalarNode> templateCheck;

  private YamlMap(String file, MappingNode node, Consumer<ScalarNode> templateCheck) {
    this.file = file;
    this.node = node;
    this.templateCheck = templateCheck;
    for (NodeTuple t : node.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        throw error(t.getKeyNode(), "keys must be plain strings");
      }
      if (entries.put(key.getValue(), t) != null) {
        throw error(key, "duplicate key '" + key.getValue() + "'");
      }
    }
  }

  static YamlMap of(String file, Node n, String what, Consumer<ScalarNode> templateCheck) {
    if (!(n instanceof MappingNode m)) {
      throw new RunbookException(position(file, n), what + " must be a mapping, got " + describe(n));
    }
    return new YamlMap(file, m, templateCheck);
  }

  static Position position(String file, Node n) {
    var mark = n.getStartMark();
    return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  static String describe(Node n) {
    if (n instanceof ScalarNode s) {
      return s.getTag().equals(Tag.NULL) ? "nothing" : "'" + s.getValue() + "'";
    }
    return n instanceof SequenceNode ? "a list" : "a mapping";
  }

  RunbookException error(Node at, String message) {
    return new RunbookException(position(file, at), message);
  }

  Position position() {
    return position(file, node);
  }

  MappingNode node() {
    return node;
  }

  String file() {
    return file;
  }

  /** Rejects keys outside {@code allowed}, naming the first unknown one and the allowed set. */
  void allowOnly(Set<String> allowed) {
    for (NodeTuple t : entries.values()) {
      String k = ((ScalarNode) t.getKeyNode()).getValue();
      if (!allowed.contains(k)) {
        throw error(
            t.getKeyNode(),
            "unknown key '" + k + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  Set<String> keys() {
    return entries.keySet();
  }

  Node keyNode(String key) {
    return entries.get(key).getKeyNode();
  }

  Optional<Node> node(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? Optional.empty() : Optional.of(t.getValueNode());
  }

  Node required(String key) {
    return node(key).orElseThrow(() -> error(node, "missing required key '" + key + "'"));
  }

  String string(String key) {
    return scalar(required(key), key);
  }

  Optional<String> optString(String key) {
    return node(key).map(n -> scalar(n, key));
  }

  String string(String key, String fallback) {
    return optString(key).orElse(fallback);
  }

  /** A scalar as text; checked for variable references. Null scalars are an error. */
  String scalar(Node n, String key) {
    if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
      throw error(n, "'" + key + "' must be a text value, got " + describe(n));
    }
    templateCheck.accept(s);
    return s.getValue();
  }

  int integer(String key, int fallback) {
    return node(key).map(n -> toInt(n, key)).orElse(fallback);
  }

  int toInt(Node n, String key) {
    if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT) && s.getValue().matches("[-+]?\\d[\\d_]*")) {
      try {
        return Integer.parseInt(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        throw error(n, "'" + key + "' is out of range: " + s.getValue());
      }
    }
    throw error(n, "'" + key + "' must be a whole number, got " + describe(n));
  }

  boolean bool(String key, boolean fallback) {
    return node(key)
        .map(
            n -> {
              // YAML 1.1 also reads yes/no/on/off as booleans; only true and false are accepted,
              // so that "confirm: yes" can never quietly mean false.
              if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)
                  && (s.getValue().equalsIgnoreCase("true") || s.getValue().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(s.getValue());
              }
              throw error(n, "'" + key + "' must be true or false, got " + describe(n));
            })
        .orElse(fallback);
  }

  /** The list under {@code key}, empty when absent. */
  List<Node> list(String key) {
    return node(key).map(n -> toList(n, key)).orElse(List.of());
  }

  /**
   * The mappings in the list under {@code key}, each read by {@code read}; {@code what} names one
   * in errors. Empty when absent.
   */
  <T> List<T> each(String key, String what, Function<YamlMap, T> read) {
    List<T> out = new ArrayList<>();
    for (Node n : list(key)) {
      out.add(read.apply(child(n, what)));
    }
    return out;
  }

  List<Node> toList(Node n, String key) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    throw error(n, "'" + key + "' must be a list, got " + describe(n));
  }

  /** A list of scalars; a single scalar counts as a list of one. */
  List<String> strings(String key) {
    return node(key)
        .map(
            n -> {
              if (n instanceof ScalarNode) {
                return List.of(scalar(n, key));
              }
              List<String> out = new ArrayList<>();
              for (Node item : toList(n, key)) {
                out.add(scalar(item, key));
              }
              return out;
            })
        .orElse(List.of());
  }

  Optional<YamlMap> map(String key) {
    return node(key).map(n -> of(file, n, "'" + key + "'", templateCheck));
  }

  YamlMap child(Node n, String what) {
    return of(file, n, what, templateCheck);
  }

  /** A map of text keys to text values (templates). */
  Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    map(key).ifPresent(m -> m.keys().forEach(k -> out.put(k, m.string(k))));
    return out;
  }

  /** Plain Java value of a node: String, Long, Double, Boolean, null, List or Map. */
  Object plain(Node n) {
    if (n instanceof ScalarNode s) {
      Tag tag = s.getTag();
      String v = s.getValue();
      if (tag.equals(Tag.NULL)) {
        return null;
      } else if (tag.equals(Tag.BOOL) && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(v);
      }
      // Decimal numbers become numbers; YAML 1.1's hex, octal, sexagesimal and .inf/.nan forms
      // stay text, as JSON has none of them.
      if (tag.equals(Tag.INT) && v.replace("_", "").matches("[-+]?(0|[1-9]\\d*)")) {
        java.math.BigInteger big = new java.math.BigInteger(v.replace("_", "").replace("+", ""));
        return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
      }
      if (tag.equals(Tag.FLOAT) && v.replace("_", "").matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
        return Double.parseDouble(v.replace("_", ""));
      }
      templateCheck.accept(s);
      return v;
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      s.getValue().forEach(item -> out.add(plain(item)));
      return out;
    }
    YamlMap m = child(n, "value");
    Map<String, Object> out = new LinkedHashMap<>();
    m.keys().forEach(k -> out.put(k, m.plain(m.required(k))));
    return out;
  }
}
