package dev.maint.runbook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What the readers of one runbook share: the file name for error positions, the declared
 * environments, variables and windows, and the checks against them (ids, environment names,
 * {@code ${...}} references).
 */
final class ReadContext {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final String file;
  private Map<String, Variable> variables = Map.of();
  private Set<String> environments = Set.of();
  private final Set<String> windowIds = new LinkedHashSet<>();
  private final Set<String> environmentReferences = new LinkedHashSet<>();
  private boolean checkTemplates;
  private String source = "";
  private List<String> sourceLines;

  ReadContext(String file) {
    this.file = file;
  }

  /** The name used in error positions. */
  String file() {
    return file;
  }

  /** The runbook's text, so a problem inside a block scalar can name its own line and column. */
  void source(String text) {
    source = text;
    sourceLines = null;
  }

  /** The runbook's lines, split when a position first needs them (only to report a problem). */
  private List<String> sourceLines() {
    if (sourceLines == null) {
      sourceLines = source.lines().toList();
    }
    return sourceLines;
  }

  /**
   * Checks a shell command (a {@code run} step or a quick-reference command) for references whose
   * value could not stay one word of data.
   *
   * @throws RunbookException naming the reference's line and column
   */
  void checkShell(Node node, String command) {
    ShellTemplate.problem(command).ifPresent(p -> {
      throw new RunbookException(
          node instanceof ScalarNode s ? at(s, p.offset()) : YamlMap.position(file, node), p.message());
    });
  }

  /**
   * The position of character {@code offset} of a scalar's value: exact for a plain or quoted scalar
   * on one line and for a literal block ({@code |}), else the scalar's own position.
   */
  Position at(ScalarNode s, int offset) {
    Position p = YamlMap.position(file, s);
    String v = s.getValue();
    var style = s.getScalarStyle();
    boolean oneLine = s.getStartMark().getLine() == s.getEndMark().getLine() && !v.contains("\n");
    if (oneLine && style == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
      return new Position(file, p.line(), p.column() + offset);
    }
    if (oneLine && (style == org.yaml.snakeyaml.DumperOptions.ScalarStyle.DOUBLE_QUOTED && !v.contains("\\")
        || style == org.yaml.snakeyaml.DumperOptions.ScalarStyle.SINGLE_QUOTED && !v.contains("'"))) {
      return new Position(file, p.line(), p.column() + 1 + offset);
    }
    if (style == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL) {
      int lineInValue = (int) v.substring(0, offset).chars().filter(c -> c == '\n').count();
      int lineStart = v.lastIndexOf('\n', offset - 1) + 1;
      int lineEnd = v.indexOf('\n', offset);
      String valueLine = v.substring(lineStart, lineEnd < 0 ? v.length() : lineEnd);
      int source = s.getStartMark().getLine() + 1 + lineInValue;
      List<String> lines = sourceLines();
      if (source < lines.size() && lines.get(source).endsWith(valueLine)) {
        int indent = lines.get(source).length() - valueLine.length();
        return new Position(file, source + 1, indent + offset - lineStart + 1);
      }
    }
    return p;
  }

  /** Sets the declared environments, in order; empty when the runbook declares none. */
  void environments(Set<String> declared) {
    environments = declared;
  }

  /**
   * Sets the declared variables; from then on every {@code ${name}} must name one of them (until
   * then, while the variables themselves are read, only {@code ${env:NAME}} is allowed).
   */
  void variables(Map<String, Variable> declared) {
    variables = declared;
    checkTemplates = true;
  }

  /** Ids of the windows read so far; windows are read before the cadences. */
  Set<String> windowIds() {
    return windowIds;
  }

  /** The names of every {@code ${env:NAME}} met so far. */
  Set<String> environmentReferences() {
    return environmentReferences;
  }

  /** The text with every run of white space (a parser's line breaks too) made one space. */
  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  void checkEnvironment(YamlMap at, Node node, String env) {
    if (!environments.isEmpty() && !environments.contains(env)) {
      throw at.error(node, "unknown environment '" + env + "' (declared: " + String.join(", ", environments) + ")");
    }
  }

  /** Checks a scalar's {@code ${...}} references against the declared variables. */
  void checkTemplate(ScalarNode s) {
    List<Templates.Reference> refs;
    try {
      refs = Templates.references(s.getValue());
    } catch (IllegalArgumentException e) {
      throw new RunbookException(YamlMap.position(file, s), e.getMessage());
    }
    for (Templates.Reference r : refs) {
      if (r.env()) {
        environmentReferences.add(r.name());
        continue;
      }
      if (!checkTemplates) {
        throw new RunbookException(
            YamlMap.position(file, s),
            "a variable's value may use ${env:NAME} but not another variable ('${" + r.name() + "}')");
      }
      if (!variables.containsKey(r.name())) {
        throw new RunbookException(
            referencePosition(s, r), "undefined variable '" + r.name() + "'");
      }
    }
  }

  /** The reference's own column when the scalar is plain and on one line. */
  private Position referencePosition(ScalarNode s, Templates.Reference r) {
    Position p = YamlMap.position(file, s);
    boolean plainOneLine =
        s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
            && s.getStartMark().getLine() == s.getEndMark().getLine()
            && !s.getValue().contains("\n");
    return plainOneLine ? new Position(file, p.line(), p.column() + r.offset()) : p;
  }

  void checkId(Node at, String id) {
    if (!ID.matcher(id).matches()) {
      throw new RunbookException(
          YamlMap.position(file, at), "invalid id '" + id + "' (letters, digits, '.', '-', '_')");
    }
  }
}
