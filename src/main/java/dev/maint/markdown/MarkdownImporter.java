package dev.maint.markdown;

import dev.maint.MaintException;
import dev.maint.runbook.QuickProbe;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Turns a Markdown runbook (CommonMark with GitHub's tables and task lists) into a runbook in the
 * format of {@code docs/runbook-format.md}; {@code docs/import-render.md} describes the mapping.
 * In short: the one level-1 heading is the title; the headings below it are cadences, those below
 * a cadence its sections (nested by heading level; a leading number such as {@code 3.3.1} is the
 * section id); list items are manual steps; shell code blocks give {@code run} steps, {@code curl
 * URL} an {@code http} probe, {@code openssl s_client -connect HOST:PORT} a {@code tls} probe and
 * {@code openssl x509 -in FILE} a {@code cert} probe; tables are a section's {@code data} or, by
 * their columns, the runbook's reference tables. Headings that say emergency, rollback, calendar,
 * quick reference, log, revision or variables fill those parts. {@code <!-- maint:ID -->} markers
 * (written by {@link RunbookRenderer}) give ids; other ids are made from the text, so the same
 * document always gives the same ids.
 *
 * <p>The importer never runs anything. Text it cannot place is kept (as a section's description,
 * a step's details or a comment at the top of the YAML) and reported as an {@link ImportWarning}.
 */
public final class MarkdownImporter {
  /** Largest document accepted, in bytes: the limit of a runbook. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private static final Pattern MARKER = Pattern.compile("<!--\\s*maint:([A-Za-z0-9][A-Za-z0-9._-]*)\\s*-->");
  /** {@code curl -fsS "URL"} as {@link RunbookRenderer} writes an http step whose URL needs quotes. */
  private static final Pattern QUOTED_CURL =
      Pattern.compile("curl -fsS \"((?:https?://|\\$\\{\\w+\\})(?:[^\"\\\\`$\\s]|\\$\\{\\w+\\})*)\"");
  private static final Pattern NUMBERED = Pattern.compile("(\\d+(?:\\.\\d+)*)\\.?\\s+(.+)");
  private static final Pattern FIELD =
      Pattern.compile("(?i)(when|prep|frequency|focus|duration|version)\\s*:\\s*(.+)");
  private static final Pattern TEMPLATE = Pattern.compile("(?<!\\$)\\$\\{([^}]*)}");
  private static final Pattern CERT = Pattern.compile("\\bopenssl\\s+x509\\b.*?\\s-in\\s+(\\S+)");
  private static final Pattern NAMED_COMMAND =
      Pattern.compile("(?:^Run\\s+`([^`]+)`.*|^.*:\\s*`([^`]+)`\\s*\\.?$)");
  private static final Pattern PROGRAM = Pattern.compile("[a-z][\\w.+-]*(\\s+\\S+)+");
  private static final Pattern MORE_DAYS = Pattern.compile(">\\s*(\\d{1,4})\\s*days?");
  private static final Pattern FEWER_DAYS = Pattern.compile("<\\s*(\\d{1,4})\\s*days?");
  private static final Pattern TIMES = Pattern.compile("(\\d{1,2}:\\d{2})\\s*[–—-]\\s*(\\d{1,2}:\\d{2})");
  private static final Pattern DURATION =
      Pattern.compile("(?i)(\\d+)\\s*(minutes?|mins?|m|hours?|hrs?|h|days?|d)\\b");

  private final String name;
  private final List<ImportWarning> warnings = new ArrayList<>();
  /** Text kept as comments at the top of the YAML: it has no place in a runbook. */
  private final List<String> kept = new ArrayList<>();
  /** Variables the document declares in a Variables table; their {@code ${name}} stays a reference. */
  private final Map<String, Draft.Variable> declared = new LinkedHashMap<>();

  private String title = "";
  private String version = "";
  private String runbookMarker;
  private final Map<String, Object> frontMatter = new LinkedHashMap<>();
  private final List<Draft.Cadence> cadences = new ArrayList<>();
  private final List<Draft.Procedure> emergencies = new ArrayList<>();
  private final List<Draft.Procedure> rollbacks = new ArrayList<>();
  private final List<Draft.Quick> quick = new ArrayList<>();
  private final List<Map<String, Object>> choice = new ArrayList<>();
  private final List<Map<String, Object>> revisions = new ArrayList<>();
  private final List<Map<String, Object>> windows = new ArrayList<>();
  private final List<Draft.Table> calendars = new ArrayList<>();
  private final List<Draft.Table> cadenceTables = new ArrayList<>();
  private List<String> logColumns;

  private MarkdownImporter(String name) {
    this.name = name;
  }

  /**
   * Imports a Markdown document.
   *
   * @param name the document's name as the user gave it, for messages
   * @param markdown the document (any line endings; a YAML front matter block is read too)
   * @return the runbook as YAML with the warnings
   * @throws MaintException (exit 2) when the document has no cadence: no heading with checklist
   *     items or shell commands under it
   */
  public static ImportResult importMarkdown(String name, String markdown) {
    MarkdownImporter importer = new MarkdownImporter(name);
    String text = importer.frontMatter(markdown.replace("\r\n", "\n").replace('\r', '\n').replace("\uFEFF", ""));
    Node document = parser().parse(text);
    importer.read(document);
    if (importer.cadences.isEmpty()) {
      throw MaintException.usage(name + ": no cadence found: a cadence is a heading with checklist items"
          + " or shell code blocks under it");
    }
    return importer.finish();
  }

  /** The CommonMark parser with GFM tables and task lists, keeping source positions for warnings. */
  static Parser parser() {
    return Parser.builder()
        .extensions(List.of(TablesExtension.create(), TaskListItemsExtension.create()))
        .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
        .build();
  }

  // ───────────────────────────────────────────── structure

  /** A heading with the blocks up to the next heading and the headings nested under it. */
  private static final class Part {
    final int level;
    final String title;
    final String number;
    final String marker;
    final int line;
    final List<Node> blocks = new ArrayList<>();
    final List<Part> children = new ArrayList<>();

    Part(int level, String title, String number, String marker, int line) {
      this.level = level;
      this.title = title;
      this.number = number;
      this.marker = marker;
      this.line = line;
    }
  }

  /** Blanks a leading YAML front matter block (keeping line numbers) and reads its keys. */
  private String frontMatter(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      return text;
    }
    for (int end = 1; end < lines.size(); end++) {
      String l = lines.get(end).strip();
      if (l.equals("---") || l.equals("...")) {
        String yaml = String.join("\n", lines.subList(1, end));
        try {
          Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
          if (loaded instanceof Map<?, ?> map) {
            map.forEach((k, v) -> frontMatter.put(String.valueOf(k), v));
          }
        } catch (YAMLException e) {
          warn(1, "front matter is not YAML: ignored");
        }
        for (int i = 0; i <= end; i++) {
          lines.set(i, "");
        }
        return String.join("\n", lines);
      }
    }
    return text;
  }

  private void read(Node document) {
    Part root = new Part(0, "", null, null, 1);
    List<Part> stack = new ArrayList<>(List.of(root));
    for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading h) {
        while (stack.get(stack.size() - 1).level >= h.getLevel()) {
          stack.remove(stack.size() - 1);
        }
        String text = text(h, false).strip();
        Matcher num = NUMBERED.matcher(text);
        Part p = num.matches() && !num.group(1).contains(" ")
            ? new Part(h.getLevel(), num.group(2).strip(), num.group(1), marker(h), line(h))
            : new Part(h.getLevel(), text, null, marker(h), line(h));
        stack.get(stack.size() - 1).children.add(p);
        stack.add(p);
      } else {
        stack.get(stack.size() - 1).blocks.add(n);
      }
    }
    declareVariables(root);
    List<Part> top = new ArrayList<>();
    List<Node> intro = new ArrayList<>(root.blocks);
    List<Part> h1 = root.children.stream().filter(p -> p.level == 1).toList();
    if (h1.size() == 1) {
      Part t = h1.get(0);
      title = t.title;
      runbookMarker = t.marker;
      intro.addAll(t.blocks);
      root.children.stream().filter(p -> p != t).forEach(top::add);
      top.addAll(t.children);
    } else {
      top.addAll(root.children);
    }
    readIntro(intro);
    for (Part p : top) {
      readTop(p);
    }
  }

  /** Lines such as {@code **Version**: 1.0} give the version; other text is kept. */
  private void readIntro(List<Node> blocks) {
    for (int i = 0; i < blocks.size(); i++) {
      Node b = blocks.get(i);
      if (b instanceof Paragraph p) {
        List<String> rest = new ArrayList<>();
        String[] lines = text(p, true).split("\n");
        int firstKept = line(p);
        for (int k = 0; k < lines.length; k++) {
          Matcher f = FIELD.matcher(lines[k].strip());
          if (f.matches() && f.group(1).equalsIgnoreCase("version")) {
            version = f.group(2).strip();
          } else if (!lines[k].isBlank() && !f.matches()) {
            if (rest.isEmpty()) {
              firstKept = line(p) + k;
            }
            rest.add(lines[k].strip());
          }
        }
        if (!rest.isEmpty() && !caption(blocks, i)) {
          keep(firstKept, "text before the first cadence", String.join(" ", rest));
        }
      } else {
        reference(b, blocks, i);
      }
    }
  }

  /** A top-level heading: a cadence, or a part of the runbook its words name. */
  private void readTop(Part p) {
    String t = p.title.toLowerCase(Locale.ROOT);
    if (p.marker == null && (t.contains("emergenc") || t.contains("out-of-band"))) {
      readEmergencies(p);
    } else if (p.marker == null && t.contains("rollback")) {
      readRollbacks(p);
    } else if (p.marker == null && t.contains("quick reference")) {
      readQuickReference(p);
    } else if (p.marker == null && !hasSteps(p) || t.equals("variables")) {
      readReference(p);
    } else {
      cadences.add(cadence(p));
    }
  }

  /** Whether a part holds checklist items or shell code (it is then a cadence). */
  private static boolean hasSteps(Part p) {
    for (Node b : p.blocks) {
      if (b instanceof ListBlock || b instanceof IndentedCodeBlock
          || b instanceof FencedCodeBlock f && shell(f.getInfo())) {
        return true;
      }
    }
    return p.children.stream().anyMatch(MarkdownImporter::hasSteps);
  }

  private static boolean shell(String info) {
    String lang = info == null ? "" : info.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
    return ShellBlock.SHELL_LANGUAGES.contains(lang);
  }

  /** Reference tables anywhere in the part; everything else is kept as a comment. */
  private void readReference(Part p) {
    for (int i = 0; i < p.blocks.size(); i++) {
      Node b = p.blocks.get(i);
      if (b instanceof Paragraph par) {
        if (!caption(p.blocks, i)) {
          keep(line(par), "text under \"" + p.title + "\"", text(par, false));
        }
      } else {
        reference(b, p.blocks, i);
      }
    }
    p.children.forEach(this::readReference);
  }

  /** A paragraph ending in ':' just before a table introduces that table: nothing to keep. */
  private static boolean caption(List<Node> blocks, int i) {
    return i + 1 < blocks.size() && blocks.get(i + 1) instanceof TableBlock
        && text(blocks.get(i), false).strip().endsWith(":");
  }

  /** A block outside the cadences: a reference table is read, anything else kept. */
  private void reference(Node b, List<Node> blocks, int i) {
    if (b instanceof TableBlock t) {
      referenceTable(table(t));
    } else if (b instanceof ThematicBreak || b instanceof HtmlBlock h && h.getLiteral().strip().startsWith("<!--")) {
      return;
    } else {
      keep(line(b), "text outside the cadences", blockText(b));
    }
  }

  /** Tables outside cadences are told apart by their columns (as the seed's are). */
  private void referenceTable(Draft.Table t) {
    List<String> h = t.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    if (h.size() >= 2 && h.get(0).equals("cadence") && h.get(1).contains("frequency")) {
      cadenceTables.add(t);
    } else if (h.size() >= 2 && h.get(0).equals("signal") && h.get(1).equals("action")) {
      for (List<String> r : t.rows()) {
        choice.add(map("signal", cell(r, 0), "action", cell(r, 1)));
      }
    } else if (h.size() >= 3 && h.get(0).startsWith("trigger") && h.get(1).startsWith("response")) {
      emergencyRows(t);
    } else if (h.size() >= 2 && h.get(0).equals("month") && h.get(1).startsWith("cadence")) {
      calendars.add(t);
    } else if (h.size() >= 2 && h.get(0).equals("environment") && h.get(1).startsWith("window")) {
      windowRows(t);
    } else if (h.size() >= 3 && h.get(0).equals("date") && h.contains("operator")) {
      logColumns = t.columns();
    } else if (h.size() >= 2 && h.get(0).equals("version") && h.get(1).equals("date")) {
      for (List<String> r : t.rows()) {
        revisions.add(map("version", cell(r, 0), "date", cell(r, 1), "author", cell(r, 2), "changes", cell(r, 3)));
      }
    } else if (h.size() >= 2 && h.get(0).equals("name") && h.get(1).equals("default")) {
      return; // read first, by declareVariables
    } else {
      keep(t.line(), "a table with columns " + t.columns(), tableText(t));
    }
  }

  /** Variables tables are read before anything else: their names stay {@code ${name}} references. */
  private void declareVariables(Part p) {
    for (Node b : p.blocks) {
      if (b instanceof TableBlock tb) {
        Draft.Table t = table(tb);
        List<String> h = t.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        if (h.size() >= 2 && h.get(0).equals("name") && h.get(1).equals("default")) {
          for (List<String> r : t.rows()) {
            String n = cell(r, 0).replace("`", "").strip();
            if (n.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
              String d = cell(r, 1).replace("`", "");
              declared.put(n, new Draft.Variable(n, d.isEmpty() ? null : d, cell(r, 2)));
            }
          }
        }
      }
    }
    p.children.forEach(this::declareVariables);
  }

  // ───────────────────────────────────────────── cadences and sections

  private Draft.Cadence cadence(Part p) {
    Draft.Cadence c = new Draft.Cadence();
    c.marker = p.marker;
    c.title = lit(p.title);
    c.line = p.line;
    Draft.Section implicit = new Draft.Section();
    implicit.number = p.number;
    implicit.title = c.title;
    implicit.line = p.line;
    List<Node> own = new ArrayList<>();
    List<String> prose = new ArrayList<>();
    for (Node b : p.blocks) {
      if (b instanceof Paragraph par) {
        for (String l : text(par, true).split("\n")) {
          Matcher f = FIELD.matcher(l.strip());
          if (f.matches()) {
            String v = lit(f.group(2).strip());
            switch (f.group(1).toLowerCase(Locale.ROOT)) {
              case "when" -> c.when = v;
              case "prep" -> c.prep = v;
              case "frequency" -> c.frequency = v;
              case "focus" -> c.focus = v;
              case "duration" -> c.duration = v;
              default -> prose.add(l.strip());
            }
          } else if (!l.isBlank()) {
            prose.add(l.strip());
          }
        }
        if (!prose.isEmpty()) {
          Paragraph kept = par;
          own.add(kept);
          prose.clear();
        }
      } else {
        own.add(b);
      }
    }
    boolean ownSteps = own.stream().anyMatch(b -> !(b instanceof Paragraph) && !(b instanceof ThematicBreak)
        && !(b instanceof HtmlBlock));
    if (ownSteps || p.children.isEmpty()) {
      readBlocks(implicit, own);
      c.sections.add(implicit);
    } else {
      for (Node b : own) {
        if (b instanceof Paragraph par) {
          keep(line(par), "text of cadence \"" + p.title + "\" before its first section",
              String.join(" ", proseLines(par)));
        }
      }
    }
    for (Part child : p.children) {
      c.sections.add(section(child));
    }
    return c;
  }

  /** The lines of a paragraph that are not {@code When:}-style fields. */
  private static List<String> proseLines(Paragraph par) {
    return List.of(text(par, true).split("\n")).stream()
        .filter(l -> !l.isBlank() && !FIELD.matcher(l.strip()).matches()).map(String::strip).toList();
  }

  private Draft.Section section(Part p) {
    Draft.Section s = new Draft.Section();
    s.marker = p.marker;
    s.number = p.number;
    s.title = lit(p.title);
    s.line = p.line;
    readBlocks(s, p.blocks);
    for (Part child : p.children) {
      s.sections.add(section(child));
    }
    return s;
  }

  /** The blocks of a section: steps from lists and code, description from prose, data from a table. */
  private void readBlocks(Draft.Section s, List<Node> blocks) {
    List<Draft.Step> steps = new ArrayList<>();
    String[] pendingMarker = {null};
    for (int i = 0; i < blocks.size(); i++) {
      Node b = blocks.get(i);
      if (b instanceof Paragraph par) {
        String marker = marker(par);
        String text = lit(String.join(" ", proseLines(par)));
        if (marker != null && text.isBlank()) {
          pendingMarker[0] = marker;
          continue;
        }
        boolean leadIn = i + 1 < blocks.size() && blocks.get(i + 1) instanceof ListBlock && text.endsWith(":");
        if (leadIn && !steps.isEmpty()) {
          // A lead-in to a later list ("Evaluating a major upgrade (e.g., 20 → 22):") belongs to its items.
          items((ListBlock) blocks.get(++i), steps, text, pendingMarker);
        } else {
          s.description = paragraphs(s.description, text);
        }
      } else if (b instanceof ListBlock list) {
        items(list, steps, null, pendingMarker);
      } else if (b instanceof FencedCodeBlock f && shell(f.getInfo()) || b instanceof IndentedCodeBlock) {
        codeSteps(b, steps, s, pendingMarker);
      } else if (b instanceof FencedCodeBlock f) {
        s.description = paragraphs(s.description, lit(fenced(f)));
      } else if (b instanceof TableBlock tb) {
        Draft.Table t = table(tb);
        if (s.data == null) {
          s.data = t;
        } else {
          s.description = paragraphs(s.description, lit(tableText(t)));
          warn(t.line(), "a second table in section \"" + s.title + "\": kept in its description");
        }
      } else if (b instanceof HtmlBlock h) {
        Matcher m = MARKER.matcher(h.getLiteral());
        if (m.find()) {
          pendingMarker[0] = m.group(1);
        } else if (!h.getLiteral().strip().startsWith("<!--")) {
          s.description = paragraphs(s.description, lit(h.getLiteral().strip()));
          warn(line(h), "HTML in section \"" + s.title + "\": kept in its description");
        }
      } else if (b instanceof BlockQuote q) {
        s.description = paragraphs(s.description, lit(blockText(q)));
      } else if (!(b instanceof ThematicBreak)) {
        s.description = paragraphs(s.description, lit(blockText(b)));
        warn(line(b), "text in section \"" + s.title + "\" kept in its description");
      }
    }
    merge(steps);
    s.steps.addAll(steps);
  }

  /** Checklist items (any bullet, numbered or task list), nested items after their parent. */
  private void items(ListBlock list, List<Draft.Step> out, String leadIn, String[] pendingMarker) {
    for (Node n = list.getFirstChild(); n != null; n = n.getNext()) {
      if (!(n instanceof ListItem li)) {
        continue;
      }
      Paragraph first = null;
      for (Node c = li.getFirstChild(); c != null; c = c.getNext()) {
        if (c instanceof Paragraph p) {
          first = p;
          break;
        }
        if (!(c instanceof org.commonmark.ext.task.list.items.TaskListItemMarker)) {
          break;
        }
      }
      Draft.Step step = new Draft.Step(first == null ? "" : lit(text(first, false).strip()), line(li));
      step.item = true;
      step.marker = first == null ? null : marker(first);
      if (step.marker == null) {
        step.marker = pendingMarker[0];
      }
      pendingMarker[0] = null;
      step.codeSpans = first == null ? List.of() : codeSpans(first);
      if (leadIn != null) {
        step.details = leadIn;
      }
      List<Draft.Step> after = new ArrayList<>();
      for (Node c = li.getFirstChild(); c != null; c = c.getNext()) {
        if (c == first || c instanceof org.commonmark.ext.task.list.items.TaskListItemMarker) {
          continue;
        }
        if (c instanceof Paragraph p) {
          step.details = paragraphs(step.details, lit(text(p, false)));
        } else if (c instanceof ListBlock nested) {
          items(nested, after, null, pendingMarker);
        } else if (c instanceof FencedCodeBlock f && shell(f.getInfo()) || c instanceof IndentedCodeBlock) {
          List<Draft.Step> commands = new ArrayList<>();
          if (step.marker != null) {
            // A rendered step: its code block is its one command, however many lines it has.
            Draft.Step whole = commandStep(lit(renderedCommand(c)), "", "", line(c), null, null);
            if (c instanceof FencedCodeBlock f) {
              runOptions(whole, f.getInfo());
            }
            commands.add(whole);
          } else {
            String[] none = {null};
            codeSteps(c, commands, null, none);
          }
          if (commands.size() == 1 && !step.automatedOrMerged()) {
            step.takeActionOf(commands.get(0));
            if (step.title.isBlank()) {
              step.title = commands.get(0).title;
            }
          } else {
            after.addAll(commands);
          }
        } else if (c instanceof FencedCodeBlock f) {
          step.details = paragraphs(step.details, lit(fenced(f)));
        } else {
          step.details = paragraphs(step.details, lit(blockText(c)));
        }
      }
      if (step.title.isBlank()) {
        step.title = step.details.isBlank() ? "Step" : step.details.lines().findFirst().orElse("Step");
      }
      out.add(step);
      out.addAll(after);
    }
  }

  /** The commands of a shell code block as steps; comments without a command go to the description. */
  private void codeSteps(Node code, List<Draft.Step> out, Draft.Section s, String[] pendingMarker) {
    boolean console = code instanceof FencedCodeBlock f && f.getInfo() != null
        && f.getInfo().strip().startsWith("console");
    int first = line(code) + (code instanceof FencedCodeBlock ? 1 : 0);
    if (pendingMarker[0] != null) {
      Draft.Step whole = commandStep(lit(renderedCommand(code)), "", "", first, null, null);
      whole.marker = pendingMarker[0];
      pendingMarker[0] = null;
      out.add(whole);
      return;
    }
    ShellBlock block = ShellBlock.parse(literal(code), first, console);
    for (ShellBlock.Command c : block.commands) {
      Draft.Step step = commandStep(lit(c.text()), lit(c.comment()), lit(c.trailing()), c.line(), c.host(),
          c.workdir());
      if (!c.comment().isEmpty()) {
        step.title = c.shared() > 1
            ? lit(c.comment()) + (step.probe() ? " (" + target(step) + ")" : ": `" + lit(c.text()) + "`")
            : lit(c.comment());
        if (c.shared() > 1) {
          // Commands sharing a comment are told apart by what they work on, not by a number.
          List<String> words = List.of(c.text().split("\\|")[0].strip().split("\\s+")).stream()
              .filter(w -> !w.startsWith("-")).toList();
          String what = step.probe() ? target(step).replaceFirst("^https?://", "").split("[.:/]")[0]
              : String.join(" ", words.subList(Math.max(1, words.size() - 2), words.size()));
          step.slugSource = Ids.slug(c.comment(), 3) + "-" + Ids.slug(what, 3);
        }
      }
      out.add(step);
    }
    for (ShellBlock.Orphan o : block.orphans) {
      if (s != null) {
        s.description = paragraphs(s.description, lit(o.text()));
        warn(o.line(), "a comment without a command (\"" + shorten(o.text()) + "\"): kept in the description of"
            + " section \"" + s.title + "\"");
      } else {
        keep(o.line(), "a comment without a command", o.text());
      }
    }
  }

  /**
   * {@code host=}, {@code workdir=}, {@code expect_exit=0,1} and {@code timeout=SECONDS} words
   * after the language of a rendered step's code block (where {@link RunbookRenderer} writes them).
   */
  private void runOptions(Draft.Step step, String info) {
    if (info == null || !step.kind.equals("run")) {
      return;
    }
    for (String word : info.strip().split("\\s+")) {
      int eq = word.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = word.substring(0, eq);
      String value = lit(word.substring(eq + 1));
      switch (key) {
        case "host" -> step.sshHost = value;
        case "workdir" -> step.workdir = value;
        case "expect_exit" -> {
          if (value.matches("\\d{1,3}(,\\d{1,3})*")) {
            step.expectExit = java.util.Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
          }
        }
        case "timeout" -> {
          if (value.matches("\\d{1,9}")) {
            step.timeout = Long.valueOf(value);
          }
        }
        default -> { }
      }
    }
  }

  /** A step for one command: a probe when the command is one, else a {@code run} step. */
  private static Draft.Step commandStep(String text, String comment, String trailing, int line, String host,
      String workdir) {
    Draft.Step step = new Draft.Step("`" + text + "`", line);
    step.comment = comment;
    step.details = trailing;
    Optional<QuickProbe> probe = quotedCurlUrl(text).map(u -> new QuickProbe("http", u, Optional.empty()))
        .or(() -> QuickProbe.of(text));
    Matcher cert = CERT.matcher(text);
    if (probe.isPresent() && probe.get().kind().equals("tls")) {
      step.kind = "tls";
      String target = probe.get().target();
      int colon = target.lastIndexOf(':');
      step.tlsHost = colon > 0 ? target.substring(0, colon) : target;
      step.tlsPort = colon > 0 ? target.substring(colon + 1) : "443";
      step.tlsName = probe.get().name().orElse(null);
    } else if (probe.isPresent()) {
      step.kind = "http";
      step.url = probe.get().target();
    } else if (cert.find() && !text.contains("s_client")) {
      step.kind = "cert";
      step.certPath = cert.group(1);
    } else {
      step.kind = "run";
      step.command = text;
      step.sshHost = host;
      step.workdir = workdir;
      step.confirm = ShellBlock.changesThings(text);
    }
    return step;
  }

  private static String target(Draft.Step s) {
    return switch (s.kind) {
      case "tls" -> s.tlsHost + ":" + s.tlsPort;
      case "http" -> s.url;
      default -> s.certPath;
    };
  }

  /**
   * A code-block command that a checklist item of the same section names in a code span becomes
   * that item's step; an item that says {@code Run `CMD`} or ends in {@code : `CMD`} runs CMD.
   */
  private static void merge(List<Draft.Step> steps) {
    for (Draft.Step c : new ArrayList<>(steps)) {
      if (c.item || c.kind.equals("manual")) {
        continue;
      }
      String command = squeeze(c.kind.equals("run") ? c.command : c.title.replace("`", ""));
      for (Draft.Step item : steps) {
        if (item.item && !item.automatedOrMerged()
            && item.codeSpans.stream().map(MarkdownImporter::squeeze).anyMatch(command::equals)) {
          item.takeActionOf(c);
          steps.remove(c);
          break;
        }
      }
    }
    for (Draft.Step item : steps) {
      if (!item.item || item.automatedOrMerged()) {
        continue;
      }
      Matcher named = NAMED_COMMAND.matcher(item.title);
      if (named.matches()) {
        String command = named.group(1) != null ? named.group(1) : named.group(2);
        if (PROGRAM.matcher(command).matches()) {
          item.takeActionOf(commandStep(command, "", "", item.line, null, null));
        }
      }
    }
  }

  private static String squeeze(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  // ───────────────────────────────────────────── emergencies, rollbacks, quick reference

  private void emergencyRows(Draft.Table t) {
    for (List<String> r : t.rows()) {
      Draft.Procedure e = new Draft.Procedure();
      String trigger = cell(r, 0);
      Matcher m = MARKER.matcher(trigger);
      e.marker = m.find() ? m.group(1) : null;
      e.trigger = lit(MARKER.matcher(trigger).replaceAll("").strip());
      e.response = lit(cell(r, 1));
      e.sla = sla(cell(r, 2), t.line());
      e.line = t.line();
      int n = 0;
      for (String part : e.response.split(",")) {
        String p = part.strip();
        if (!p.isEmpty()) {
          e.steps.add(new Draft.Step(Character.toUpperCase(p.charAt(0)) + p.substring(1), t.line()));
          n++;
        }
      }
      if (n == 0) {
        e.steps.add(new Draft.Step(e.trigger, t.line()));
      }
      emergencies.add(e);
    }
  }

  /** {@code 24 hours} is 24h, {@code Immediate} immediate, {@code Per provider timeline} provider. */
  private String sla(String text, int line) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("immediate")) {
      return "immediate";
    }
    if (t.contains("provider")) {
      return "provider";
    }
    Matcher d = DURATION.matcher(text);
    if (d.find()) {
      return d.group(1) + d.group(2).toLowerCase(Locale.ROOT).charAt(0);
    }
    warn(line, "SLA \"" + text + "\" is not a duration: written as immediate");
    return "immediate";
  }

  /** The trigger table, and headings under the emergency heading holding a trigger's steps. */
  private void readEmergencies(Part p) {
    int before = emergencies.size();
    Part own = new Part(p.level, p.title, null, null, p.line);
    own.blocks.addAll(p.blocks);
    readReference(own);
    for (Part child : p.children) {
      Draft.Procedure e = emergencies.subList(before, emergencies.size()).stream()
          .filter(x -> child.marker != null ? child.marker.equals(x.marker)
              : Ids.slug(x.trigger, 8).equals(Ids.slug(child.title, 8)))
          .findFirst().orElse(null);
      if (e == null) {
        readReference(child);
        continue;
      }
      Draft.Section holder = new Draft.Section();
      holder.title = child.title;
      readBlocks(holder, child.blocks);
      if (!holder.steps.isEmpty()) {
        e.steps.clear();
        e.steps.addAll(holder.steps);
      }
      if (!holder.description.isBlank()) {
        warn(child.line, "text under \"" + child.title + "\" kept as the details of its first step");
        e.steps.get(0).details = paragraphs(holder.description, e.steps.get(0).details);
      }
    }
  }

  /** Each heading under the rollback heading is a rollback; its text leads every one's description. */
  private void readRollbacks(Part p) {
    String intro = p.blocks.stream().filter(b -> b instanceof Paragraph).map(b -> lit(text(b, false)))
        .reduce("", MarkdownImporter::paragraphs);
    List<Part> parts = p.children.isEmpty() ? List.of(p) : p.children;
    for (Part child : parts) {
      Draft.Section holder = new Draft.Section();
      holder.title = child.title;
      readBlocks(holder, child == p ? p.blocks : child.blocks);
      Draft.Procedure r = new Draft.Procedure();
      r.marker = child.marker;
      r.title = lit(child.title);
      r.description = child == p ? holder.description : paragraphs(intro, holder.description);
      r.line = child.line;
      r.steps.addAll(holder.steps);
      if (r.steps.isEmpty()) {
        r.steps.add(new Draft.Step(r.title, child.line));
      }
      rollbacks.add(r);
    }
  }

  /** Code blocks under the quick-reference heading: one named command per line, grouped by comment headings. */
  private void readQuickReference(Part p) {
    List<Node> all = new ArrayList<>(p.blocks);
    p.children.forEach(c -> all.addAll(c.blocks));
    for (int i = 0; i < all.size(); i++) {
      Node b = all.get(i);
      if (b instanceof FencedCodeBlock f && shell(f.getInfo()) || b instanceof IndentedCodeBlock) {
        ShellBlock block = ShellBlock.parse(literal(b), line(b) + (b instanceof FencedCodeBlock ? 1 : 0), false);
        for (ShellBlock.Command c : block.commands) {
          Draft.Quick q = new Draft.Quick();
          q.command = lit(c.text());
          q.group = lit(c.group());
          q.description = lit(c.trailing().isEmpty() ? c.comment() : c.trailing());
          q.confirm = ShellBlock.changesThings(c.text()) && QuickProbe.of(c.text()).isEmpty();
          quick.add(q);
        }
        for (ShellBlock.Orphan o : block.orphans) {
          keep(o.line(), "a quick-reference comment without a command", o.text());
        }
      } else if (b instanceof Paragraph par) {
        if (!caption(all, i)) {
          keep(line(par), "text under \"" + p.title + "\"", text(par, false));
        }
      } else {
        reference(b, all, i);
      }
    }
  }

  // ───────────────────────────────────────────── schedule

  private void windowRows(Draft.Table t) {
    for (List<String> r : t.rows()) {
      String envCell = cell(r, 0);
      Matcher m = MARKER.matcher(envCell);
      String marker = m.find() ? m.group(1) : null;
      String plain = MARKER.matcher(envCell).replaceAll("").strip();
      String env = Ids.slug(plain.replaceAll("\\(.*", ""), 3);
      if (env.isEmpty()) {
        warn(t.line(), "window row without an environment: left out");
        continue;
      }
      String window = cell(r, 1);
      List<String> days = new ArrayList<>();
      String lower = window.toLowerCase(Locale.ROOT);
      for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
        int at = lower.indexOf(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT));
        if (at >= 0) {
          days.add(d.name());
        }
      }
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("id", marker != null ? marker : Ids.slug(plain, 6));
      w.put("environment", env);
      w.put("days", days);
      Matcher times = TIMES.matcher(window);
      if (times.find()) {
        w.put("start", pad(times.group(1)));
        w.put("end", pad(times.group(2)));
      }
      String third = cell(r, 2);
      boolean described = t.columns().size() > 2 && t.columns().get(2).equalsIgnoreCase("description");
      w.put("description", lit(described ? third : plain + " — " + window + (third.isEmpty() ? "" : "; " + third)));
      windows.add(w);
    }
  }

  private static String pad(String time) {
    return time.length() == 4 ? "0" + time : time;
  }

  // ───────────────────────────────────────────── finishing

  private ImportResult finish() {
    List<Draft.Step> all = new ArrayList<>();
    cadences.forEach(c -> c.sections.forEach(s -> flatten(s).forEach(x -> all.addAll(x.steps))));
    int cadenceSteps = all.size();
    emergencies.forEach(e -> all.addAll(e.steps));
    rollbacks.forEach(r -> all.addAll(r.steps));
    healthPaths();
    cadences.forEach(c -> c.sections.forEach(s -> flatten(s).forEach(MarkdownImporter::thresholds)));
    Map<String, Draft.Variable> variables = new LinkedHashMap<>(declared);
    // A rendered runbook (its title carries a marker) lists all its variables in its table: a host
    // it writes out twice is written out in the runbook too, so it must not become a new variable.
    new VariableExtractor(variables).extract(cadences, emergencies, rollbacks, quick, runbookMarker == null);
    assignIds();
    cadenceSteps = 0;
    for (Draft.Cadence c : cadences) {
      for (Draft.Section s : c.sections) {
        cadenceSteps += flatten(s).stream().mapToInt(x -> x.steps.size()).sum();
      }
    }
    String yaml = new YamlWriter().write(header(), runbookDocument(variables));
    return new ImportResult(yaml, warnings, cadences.size(), cadenceSteps);
  }

  private static List<Draft.Section> flatten(Draft.Section s) {
    List<Draft.Section> out = new ArrayList<>(List.of(s));
    s.sections.forEach(x -> out.addAll(flatten(x)));
    return out;
  }

  /**
   * A checklist item naming URL paths in code spans ({@code Spot-check `/health`, `/health/ready`})
   * whose URLs the document's {@code curl} commands give becomes one {@code http} probe per path.
   */
  private void healthPaths() {
    Map<String, String> urlsByPath = new LinkedHashMap<>();
    List<String> urls = new ArrayList<>();
    cadences.forEach(c -> c.sections.forEach(s -> flatten(s).forEach(x -> x.steps.stream()
        .filter(st -> st.url != null).forEach(st -> urls.add(st.url)))));
    quick.forEach(q -> QuickProbe.of(q.command).filter(p -> p.kind().equals("http")).ifPresent(p -> urls.add(p.target())));
    for (String u : urls) {
      Matcher m = Pattern.compile("https?://[^/\\s]+(/[^?#\\s]*)").matcher(u);
      if (m.find()) {
        urlsByPath.putIfAbsent(m.group(1), u);
      }
    }
    for (Draft.Cadence c : cadences) {
      for (Draft.Section top : c.sections) {
        for (Draft.Section s : flatten(top)) {
          List<Draft.Step> out = new ArrayList<>();
          for (Draft.Step st : s.steps) {
            List<String> paths = st.codeSpans.stream().filter(x -> x.startsWith("/")).toList();
            if (st.item && st.kind.equals("manual") && st.marker == null && !paths.isEmpty()
                && paths.size() == st.codeSpans.size() && paths.stream().allMatch(urlsByPath::containsKey)) {
              for (String path : paths) {
                Draft.Step probe = new Draft.Step(st.title + " (`" + path + "`)", st.line);
                probe.slugSource = Ids.slug(path, 4);
                probe.kind = "http";
                probe.url = urlsByPath.get(path);
                probe.details = st.details;
                probe.item = true;
                out.add(probe);
              }
            } else {
              out.add(st);
            }
          }
          s.steps.clear();
          s.steps.addAll(out);
        }
      }
    }
  }

  /** "> 30 days remaining" in a section sets its tls probes' warning days; "< 90 days" its cert probes'. */
  private static void thresholds(Draft.Section s) {
    StringBuilder text = new StringBuilder(s.description);
    s.steps.forEach(st -> text.append('\n').append(st.title).append('\n').append(st.details));
    Matcher more = MORE_DAYS.matcher(text);
    Matcher fewer = FEWER_DAYS.matcher(text);
    Integer tlsDays = more.find() ? Integer.valueOf(more.group(1)) : null;
    Integer certDays = fewer.find() ? Integer.valueOf(fewer.group(1)) : null;
    for (Draft.Step st : s.steps) {
      Integer days = st.kind.equals("tls") ? (tlsDays != null ? tlsDays : certDays)
          : st.kind.equals("cert") ? (certDays != null ? certDays : tlsDays) : null;
      if (days != null) {
        st.warnDays = days;
        st.failDays = Math.min(7, days);
      }
    }
  }

  private void assignIds() {
    Ids cadenceIds = new Ids();
    Ids sectionIds = new Ids();
    Ids stepIds = new Ids();
    Set<String> markerSeen = new java.util.HashSet<>();
    for (Draft.Cadence c : cadences) {
      c.sections.forEach(s -> flatten(s).forEach(x -> {
        if (x.marker != null) {
          sectionIds.reserve(x.marker);
        }
        x.steps.stream().filter(st -> st.marker != null).forEach(st -> stepIds.reserve(st.marker));
      }));
      if (c.marker != null) {
        cadenceIds.reserve(c.marker);
      }
    }
    emergencies.forEach(e -> e.steps.stream().filter(st -> st.marker != null).forEach(st -> stepIds.reserve(st.marker)));
    rollbacks.forEach(r -> r.steps.stream().filter(st -> st.marker != null).forEach(st -> stepIds.reserve(st.marker)));
    for (Draft.Cadence c : cadences) {
      String base = Ids.slug(c.title.split("\\s+[—–-]\\s+|:\\s")[0], 3);
      c.id = c.marker != null && markerSeen.add("c:" + c.marker) ? c.marker
          : cadenceIds.unique(base.isEmpty() ? "cadence" : base);
      for (Draft.Section s : c.sections) {
        sectionIds(s, c.id, sectionIds, markerSeen);
      }
      String letter = c.id.substring(0, 1);
      for (Draft.Section s : c.sections) {
        for (Draft.Section x : flatten(s)) {
          for (Draft.Step st : x.steps) {
            stepId(st, letter + x.id + "-", stepIds, markerSeen);
          }
        }
      }
    }
    Ids emergencyIds = new Ids();
    for (Draft.Procedure e : emergencies) {
      e.id = e.marker != null && markerSeen.add("e:" + e.marker) ? e.marker : emergencyIds.unique(Ids.slug(e.trigger, 3));
      e.steps.forEach(st -> stepId(st, "e-" + e.id + "-", stepIds, markerSeen));
    }
    Ids rollbackIds = new Ids();
    for (Draft.Procedure r : rollbacks) {
      String base = Ids.slug(r.title.replaceAll("(?i)\\brollbacks?\\b", ""), 3);
      r.id = r.marker != null && markerSeen.add("r:" + r.marker) ? r.marker
          : rollbackIds.unique(base.isEmpty() ? "rollback" : base);
      r.steps.forEach(st -> stepId(st, "r-" + r.id + "-", stepIds, markerSeen));
    }
    Ids quickNames = new Ids();
    for (Draft.Quick q : quick) {
      Optional<QuickProbe> probe = QuickProbe.of(q.command);
      String base = probe.map(p -> p.kind() + "-" + Ids.slug(p.target().replaceAll("\\$\\{([^}]*)}", "$1")
              .replaceAll("^https?://[^/]+", ""), 4))
          .orElseGet(() -> Ids.slug(List.of(q.command.split("\\|")[0].strip().split("\\s+")).stream()
              .filter(w -> !w.startsWith("-")).limit(4).reduce((a, b) -> a + " " + b).orElse("command"), 4));
      q.name = quickNames.unique(base.isEmpty() || base.endsWith("-") ? base + "command" : base);
    }
  }

  private void sectionIds(Draft.Section s, String parent, Ids ids, Set<String> markerSeen) {
    if (s.marker != null && markerSeen.add("s:" + s.marker)) {
      s.id = s.marker;
    } else if (s.number != null) {
      s.id = ids.unique(s.number);
    } else {
      String slug = Ids.slug(s.title, 3);
      s.id = ids.unique(parent + "-" + (slug.isEmpty() ? "section" : slug));
    }
    for (Draft.Section x : s.sections) {
      sectionIds(x, s.id, ids, markerSeen);
    }
  }

  private static void stepId(Draft.Step st, String prefix, Ids ids, Set<String> markerSeen) {
    if (st.marker != null && markerSeen.add("st:" + st.marker)) {
      st.id = st.marker;
      return;
    }
    String slug = st.slugSource != null && !st.slugSource.isEmpty() ? st.slugSource : Ids.slug(st.title, 4);
    st.id = ids.unique(prefix + (slug.isEmpty() ? "step" : slug));
  }

  private String header() {
    StringBuilder h = new StringBuilder("Imported by maint import from " + name + ". Check it with: maint validate FILE\n");
    if (!kept.isEmpty()) {
      h.append("\nText of the document with no place in a runbook:\n");
      kept.forEach(k -> h.append(k).append('\n'));
    }
    return h.toString();
  }

  private Map<String, Object> runbookDocument(Map<String, Draft.Variable> variables) {
    Map<String, Object> top = new LinkedHashMap<>();
    String fmTitle = frontMatter.get("title") instanceof String s ? s : null;
    String runbookTitle = !title.isBlank() ? lit(title) : fmTitle != null ? lit(fmTitle) : lit(name);
    String idFromMatter = frontMatter.get("runbook") instanceof String s ? s : null;
    String id = runbookMarker != null ? runbookMarker : idFromMatter != null && idFromMatter.matches("[A-Za-z0-9][A-Za-z0-9._-]*")
        ? idFromMatter : Ids.slug(runbookTitle, 4);
    top.put("runbook", id.isEmpty() ? "imported" : id);
    top.put("title", runbookTitle);
    Object fmVersion = frontMatter.get("version");
    if (!version.isEmpty() || fmVersion != null) {
      top.put("version", version.isEmpty() ? String.valueOf(fmVersion) : lit(version));
    }
    if (frontMatter.get("timezone") instanceof String tz) {
      top.put("timezone", tz);
    }
    LinkedHashSet<String> envs = new LinkedHashSet<>();
    windows.forEach(w -> envs.add((String) w.get("environment")));
    if (!envs.isEmpty()) {
      top.put("environments", new ArrayList<>(envs));
      top.put("default_environment", envs.contains("production") ? "production" : envs.iterator().next());
    }
    if (!variables.isEmpty()) {
      Map<String, Object> vars = new LinkedHashMap<>();
      for (Draft.Variable v : variables.values()) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!v.description().isEmpty()) {
          m.put("description", v.description());
        }
        if (v.defaultValue() != null) {
          m.put("default", v.defaultValue());
        }
        vars.put(v.name(), m);
      }
      top.put("variables", vars);
    }
    if (logColumns != null) {
      top.put("log", map("file", "maintenance/log.md", "columns", logColumns));
    }
    applyCadenceTables();
    List<Object> cs = new ArrayList<>();
    for (Draft.Cadence c : cadences) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id);
      m.put("title", c.title);
      putText(m, "frequency", c.frequency);
      putText(m, "focus", c.focus);
      putText(m, "duration", c.duration);
      putText(m, "when", c.when);
      putText(m, "prep", c.prep);
      m.put("sections", c.sections.stream().map(this::sectionMap).toList());
      cs.add(m);
    }
    top.put("cadences", cs);
    if (!choice.isEmpty()) {
      top.put("cadence_choice", choice);
    }
    if (!emergencies.isEmpty()) {
      top.put("emergencies", emergencies.stream().map(e -> (Object) map("id", e.id, "trigger", e.trigger,
          "response", e.response, "sla", e.sla, "steps", e.steps.stream().map(this::stepMap).toList())).toList());
    }
    if (!rollbacks.isEmpty()) {
      top.put("rollbacks", rollbacks.stream().map(r -> {
        Map<String, Object> m = map("id", r.id, "title", r.title);
        putText(m, "description", r.description);
        m.put("steps", r.steps.stream().map(this::stepMap).toList());
        return (Object) m;
      }).toList());
    }
    List<Object> calendar = calendarMonths();
    if (!calendar.isEmpty()) {
      top.put("calendar", calendar);
    }
    if (!windows.isEmpty()) {
      top.put("windows", windows);
    }
    if (!quick.isEmpty()) {
      top.put("quick_reference", quick.stream().map(q -> {
        Map<String, Object> m = map("name", q.name);
        putText(m, "group", q.group);
        m.put("command", q.command);
        putText(m, "description", q.description);
        if (q.confirm) {
          m.put("confirm", true);
        }
        return (Object) m;
      }).toList());
    }
    if (!revisions.isEmpty()) {
      top.put("revisions", revisions);
    }
    return top;
  }

  /** The cadence table's Frequency, Focus and Duration columns fill the cadences its first column names. */
  private void applyCadenceTables() {
    for (Draft.Table t : cadenceTables) {
      List<String> h = t.columns().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
      for (List<String> r : t.rows()) {
        String id = Ids.slug(cell(r, 0), 3);
        Draft.Cadence c = cadences.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
        if (c == null) {
          warn(t.line(), "the cadence table names \"" + cell(r, 0) + "\", which is no cadence heading");
          continue;
        }
        for (int i = 1; i < h.size(); i++) {
          String v = lit(cell(r, i));
          if (h.get(i).contains("frequency") && c.frequency.isEmpty()) {
            c.frequency = v;
          } else if (h.get(i).contains("focus") && c.focus.isEmpty()) {
            c.focus = v;
          } else if (h.get(i).contains("duration") && c.duration.isEmpty()) {
            c.duration = v;
          }
        }
      }
    }
  }

  /** Calendar rows: the month, the cadences it names that are cadences here, {@code (light)}. */
  private List<Object> calendarMonths() {
    List<Object> out = new ArrayList<>();
    Map<String, Integer> months = new HashMap<>();
    for (Month m : Month.values()) {
      months.put(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
      months.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m.getValue());
    }
    Set<String> ids = new LinkedHashSet<>(cadences.stream().map(c -> c.id).toList());
    for (Draft.Table t : calendars) {
      for (List<String> r : t.rows()) {
        String monthCell = cell(r, 0).strip().toLowerCase(Locale.ROOT);
        Integer month = monthCell.matches("\\d{1,2}") ? Integer.valueOf(monthCell) : months.get(monthCell);
        if (month == null || month < 1 || month > 12) {
          warn(t.line(), "calendar row \"" + cell(r, 0) + "\" is no month: left out");
          continue;
        }
        String cadenceCell = cell(r, 1);
        List<String> named = new ArrayList<>();
        for (String part : cadenceCell.replaceAll("\\(.*?\\)", "").split("\\+|,|&|\\band\\b")) {
          String id = Ids.slug(part, 3);
          if (ids.contains(id)) {
            named.add(id);
          } else if (!id.isEmpty()) {
            warn(t.line(), "calendar month " + cell(r, 0) + " names \"" + part.strip() + "\", which is no cadence: left out");
          }
        }
        Map<String, Object> m = map("month", month, "cadences", named);
        putText(m, "activities", lit(cell(r, 2)));
        if (cadenceCell.toLowerCase(Locale.ROOT).contains("light")) {
          m.put("light", true);
        }
        out.add(m);
      }
    }
    return out;
  }

  private Map<String, Object> sectionMap(Draft.Section s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id);
    m.put("title", s.title.isBlank() ? s.id : s.title);
    putText(m, "description", s.description);
    if (s.data != null) {
      m.put("data", map("columns", s.data.columns().stream().map(this::lit).toList(),
          "rows", s.data.rows().stream().map(r -> r.stream().map(this::lit).toList()).toList()));
    }
    if (!s.steps.isEmpty()) {
      m.put("steps", s.steps.stream().map(this::stepMap).toList());
    }
    if (!s.sections.isEmpty()) {
      m.put("sections", s.sections.stream().map(this::sectionMap).toList());
    }
    return m;
  }

  private Map<String, Object> stepMap(Draft.Step st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", st.id);
    m.put("title", st.title.isBlank() ? st.id : st.title.replace('\n', ' '));
    putText(m, "details", st.details);
    switch (st.kind) {
      case "run" -> {
        m.put("run", st.command);
        if (st.workdir != null) {
          m.put("workdir", st.workdir);
        }
        if (st.sshHost != null) {
          m.put("host", st.sshHost);
        }
        if (st.expectExit != null) {
          m.put("expect_exit", st.expectExit);
        }
        if (st.timeout != null) {
          m.put("timeout", st.timeout);
        }
        if (st.confirm) {
          m.put("confirm", true);
        }
      }
      case "http" -> {
        m.put("readonly", true);
        m.put("http", map("url", st.url));
      }
      case "tls" -> {
        m.put("readonly", true);
        Map<String, Object> t = map("host", st.tlsHost, "port", st.tlsPort);
        if (st.tlsName != null) {
          t.put("name", st.tlsName);
        }
        days(t, st);
        m.put("tls", t);
      }
      case "cert" -> {
        m.put("readonly", true);
        Map<String, Object> c = map("path", st.certPath);
        days(c, st);
        m.put("cert", c);
      }
      default -> { }
    }
    return m;
  }

  private static void days(Map<String, Object> m, Draft.Step st) {
    if (st.warnDays != null) {
      m.put("warn_days", st.warnDays);
      m.put("fail_days", st.failDays);
    }
  }

  // ───────────────────────────────────────────── text helpers

  /**
   * Text of the document as a runbook string: a {@code ${name}} that is no declared variable is
   * escaped as {@code $${name}}, so the shell (not {@code maint}) expands it, as the document meant.
   */
  private String lit(String s) {
    if (s == null || !s.contains("${")) {
      return s;
    }
    Matcher m = TEMPLATE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(declared.containsKey(m.group(1)) ? m.group() : "$" + m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Inline text: code spans keep their backticks, emphasis and links their text, markers vanish. */
  static String text(Node node, boolean keepLineBreaks) {
    StringBuilder out = new StringBuilder();
    appendText(node, out, keepLineBreaks);
    return out.toString();
  }

  private static void appendText(Node node, StringBuilder out, boolean breaks) {
    for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Text t) {
        out.append(t.getLiteral());
      } else if (n instanceof Code c) {
        out.append('`').append(c.getLiteral()).append('`');
      } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
        out.append(breaks ? "\n" : " ");
      } else if (n instanceof HtmlInline) {
        // Comments (markers among them) are not text; other inline HTML is kept as written.
        if (!((HtmlInline) n).getLiteral().startsWith("<!--")) {
          out.append(((HtmlInline) n).getLiteral());
        }
      } else {
        appendText(n, out, breaks);
      }
    }
  }

  /** The {@code <!-- maint:ID -->} marker among a block's inline HTML, if any. */
  private static String marker(Node node) {
    for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof HtmlInline h) {
        Matcher m = MARKER.matcher(h.getLiteral());
        if (m.matches()) {
          return m.group(1);
        }
      }
    }
    return null;
  }

  private static List<String> codeSpans(Node node) {
    List<String> out = new ArrayList<>();
    for (Node n = node.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Code c) {
        out.add(c.getLiteral());
      } else {
        out.addAll(codeSpans(n));
      }
    }
    return out;
  }

  /** The 1-based Markdown line a node starts on. */
  static int line(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      List<SourceSpan> spans = n.getSourceSpans();
      if (!spans.isEmpty()) {
        return spans.get(0).getLineIndex() + 1;
      }
    }
    return 1;
  }

  private static String literal(Node code) {
    return code instanceof FencedCodeBlock f ? f.getLiteral() : ((IndentedCodeBlock) code).getLiteral();
  }

  /**
   * The one command of a rendered step's code block: the block as written, except that a block
   * ending in an empty line is a command ending in a newline ({@link RunbookRenderer} adds that
   * line because the block's own last line break is not part of the command).
   */
  private static String renderedCommand(Node code) {
    String text = literal(code);
    String command = text.strip();
    return text.substring(text.stripTrailing().length()).chars().filter(ch -> ch == '\n').count() >= 2
        ? command + "\n" : command;
  }

  /**
   * A rendered {@code http} step's command: {@code curl -fsS "URL"} with a URL the shell would
   * otherwise split or one starting with a {@code ${name}} host, which {@link QuickProbe} does not
   * take for a probe. Empty for any other command.
   */
  private static Optional<String> quotedCurlUrl(String command) {
    Matcher m = QUOTED_CURL.matcher(command.strip());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String fenced(FencedCodeBlock f) {
    return "```" + (f.getInfo() == null ? "" : f.getInfo()) + "\n" + f.getLiteral() + "```";
  }

  /** Any block as plain text: lists item by item, code as written. */
  private static String blockText(Node b) {
    if (b instanceof FencedCodeBlock || b instanceof IndentedCodeBlock) {
      return literal(b).strip();
    }
    if (b instanceof HtmlBlock h) {
      return h.getLiteral().strip();
    }
    if (b instanceof TableBlock t) {
      return tableText(table(t));
    }
    if (b instanceof Paragraph || b instanceof Heading) {
      return text(b, false);
    }
    List<String> parts = new ArrayList<>();
    for (Node n = b.getFirstChild(); n != null; n = n.getNext()) {
      String t = blockText(n);
      if (!t.isBlank()) {
        parts.add(b instanceof ListBlock ? "- " + t : t);
      }
    }
    return String.join("\n", parts);
  }

  private static Draft.Table table(TableBlock t) {
    List<String> columns = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Node part = t.getFirstChild(); part != null; part = part.getNext()) {
      for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
        if (!(row instanceof TableRow)) {
          continue;
        }
        List<String> cells = new ArrayList<>();
        for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
          if (c instanceof TableCell cell) {
            cells.add(htmlMarkerText(cell));
          }
        }
        if (part instanceof TableHead) {
          columns.addAll(cells);
        } else if (part instanceof TableBody) {
          rows.add(cells);
        }
      }
    }
    return new Draft.Table(columns, rows, line(t));
  }

  /** A cell's text, keeping a {@code maint:} marker (emergency and window ids live in cells). */
  private static String htmlMarkerText(TableCell cell) {
    StringBuilder out = new StringBuilder(text(cell, false).strip());
    String marker = marker(cell);
    if (marker != null) {
      out.append(" <!-- maint:").append(marker).append(" -->");
    }
    return out.toString();
  }

  private static String tableText(Draft.Table t) {
    StringBuilder out = new StringBuilder("| " + String.join(" | ", t.columns()) + " |\n|");
    t.columns().forEach(c -> out.append("---|"));
    for (List<String> r : t.rows()) {
      out.append("\n| ").append(String.join(" | ", r)).append(" |");
    }
    return out.toString();
  }

  private static String cell(List<String> row, int i) {
    return i < row.size() ? row.get(i).strip() : "";
  }

  private static String paragraphs(String a, String b) {
    if (a == null || a.isBlank()) {
      return b == null ? "" : b;
    }
    return b == null || b.isBlank() ? a : a + "\n\n" + b;
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void putText(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isBlank()) {
      m.put(key, value);
    }
  }

  private void warn(int line, String message) {
    warnings.add(new ImportWarning(line, message));
  }

  /** Keeps text that has no place as a YAML comment, with a warning. */
  private void keep(int line, String what, String text) {
    if (text == null || text.isBlank()) {
      return;
    }
    kept.add("line " + line + ": " + text.strip().replace("\n", "\n  "));
    warn(line, what + " kept as a comment at the top of the runbook: \"" + shorten(text) + "\"");
  }

  private static String shorten(String text) {
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }
}
