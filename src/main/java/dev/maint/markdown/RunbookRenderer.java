package dev.maint.markdown;

import dev.maint.MaintException;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.QuickProbe;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import dev.maint.runbook.Variable;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Writes a runbook back as a document a person reads: CommonMark with GitHub tables and task
 * lists, or that document as one HTML page. Sections are headings, steps task-list items, commands
 * and probes fenced {@code sh} blocks with the command an operator would type ({@code curl} for
 * an http probe, {@code openssl s_client} for tls, {@code openssl x509 -in} for cert), then the
 * tables, schedule, emergencies, rollbacks and quick reference.
 *
 * <p>The Markdown carries {@code <!-- maint:ID -->} markers on the title, cadences, sections,
 * steps, emergencies, rollbacks and windows, and a run step's {@code host}, {@code workdir},
 * {@code expect_exit} and {@code timeout} in its code block's info string: {@link
 * MarkdownImporter} reads them back, so importing a rendered runbook gives the same ids, kinds and
 * commands. Conditions, windows of steps and other options stay in the YAML only.
 */
public final class RunbookRenderer {
  private final StringBuilder out = new StringBuilder();
  private final boolean markers;

  private RunbookRenderer(boolean markers) {
    this.markers = markers;
  }

  /**
   * The runbook as Markdown, with markers.
   *
   * @param cadenceId only this cadence (with the title and variables), or empty for the whole runbook
   * @throws MaintException (exit 2) when the runbook has no such cadence
   */
  public static String markdown(Runbook runbook, Optional<String> cadenceId) {
    RunbookRenderer r = new RunbookRenderer(true);
    r.runbook(runbook, cadenceId);
    // A title or command may hold an escape sequence or a bidirectional control (a YAML
    // double-quoted escape): the document, printed to a terminal or opened in an editor, shows it, never acts on it.
    return dev.maint.text.OneLine.escapeKeepingLines(literals(r.out.toString(), runbook));
  }

  /**
   * The runbook as one self-contained HTML page (no scripts, no external resources); text from
   * the runbook is escaped, never passed through as HTML.
   *
   * @param cadenceId only this cadence, or empty for the whole runbook
   * @throws MaintException (exit 2) when the runbook has no such cadence
   */
  public static String html(Runbook runbook, Optional<String> cadenceId) {
    RunbookRenderer r = new RunbookRenderer(false);
    r.runbook(runbook, cadenceId);
    String body = HtmlRenderer.builder()
        .extensions(List.of(org.commonmark.ext.gfm.tables.TablesExtension.create(),
            org.commonmark.ext.task.list.items.TaskListItemsExtension.create()))
        .escapeHtml(true)
        .sanitizeUrls(true)
        .build()
        .render(MarkdownImporter.parser().parse(
            dev.maint.text.OneLine.escapeKeepingLines(literals(r.out.toString(), runbook))));
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(dev.maint.text.OneLine.escape(runbook.title()))
        + "</title>\n<style>\nbody{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        + "line-height:1.5}\ntable{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem}\n"
        + "pre{background:#f6f8fa;padding:.5rem;overflow:auto}li{margin:.25rem 0}\n</style>\n</head>\n<body>\n"
        + body + "</body>\n</html>\n";
  }

  private void runbook(Runbook runbook, Optional<String> cadenceId) {
    List<Cadence> cadences = cadenceId.isEmpty() ? runbook.cadences()
        : List.of(runbook.cadence(cadenceId.get()).orElseThrow(() -> MaintException.usage("no cadence '"
            + cadenceId.get() + "' (have: " + runbook.cadences().stream().map(Cadence::id)
                .collect(Collectors.joining(", ")) + ")")));
    out.append("# ").append(runbook.title()).append(marker(runbook.id())).append("\n\n");
    if (!runbook.version().isEmpty()) {
      out.append("**Version**: ").append(runbook.version()).append("\n\n");
    }
    variables(runbook);
    if (cadenceId.isEmpty() && !runbook.cadenceChoice().isEmpty()) {
      out.append("## Choosing the Right Cadence\n\n");
      table(List.of("Signal", "Action"),
          runbook.cadenceChoice().stream().map(c -> List.of(c.signal(), c.action())).toList());
    }
    for (Cadence c : cadences) {
      cadence(c);
    }
    if (cadenceId.isPresent()) {
      return;
    }
    emergencies(runbook.emergencies());
    rollbacks(runbook.rollbacks());
    schedule(runbook);
    quickReference(runbook.quickReference());
    if (!runbook.log().columns().isEmpty()) {
      out.append("## Maintenance Log\n\n");
      table(runbook.log().columns(), List.of());
    }
    if (!runbook.revisions().isEmpty()) {
      out.append("## Revision History\n\n");
      table(List.of("Version", "Date", "Author", "Changes"), runbook.revisions().stream()
          .map(r -> List.of(r.version(), r.date(), r.author(), r.changes())).toList());
    }
  }

  private void variables(Runbook runbook) {
    if (runbook.variables().isEmpty()) {
      return;
    }
    out.append("## Variables\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Variable v : runbook.variables().values()) {
      String value = v.secret() ? "" : v.defaultValue().map(d -> d.isEmpty() ? "" : code(d)).orElse("");
      rows.add(List.of(code(v.name()), value, (v.secret() ? "Secret. " : "") + v.description()));
    }
    table(List.of("Name", "Default", "Description"), rows);
  }

  private void cadence(Cadence c) {
    out.append("## ").append(c.title()).append(marker(c.id())).append("\n\n");
    field("Frequency", c.frequency());
    field("Focus", c.focus());
    field("Duration", c.duration());
    field("When", c.when());
    field("Prep", c.prep());
    out.append('\n');
    for (Section s : c.sections()) {
      section(s, 3);
    }
  }

  private void field(String name, String value) {
    if (!value.isBlank()) {
      out.append("**").append(name).append("**: ").append(oneLine(value)).append("  \n");
    }
  }

  private void section(Section s, int level) {
    out.append("#".repeat(Math.min(level, 6))).append(' ');
    if (s.id().matches("\\d+(\\.\\d+)*")) {
      out.append(s.id()).append(' ');
    }
    out.append(s.title()).append(marker(s.id())).append("\n\n");
    if (!s.description().isBlank()) {
      out.append(block(s.description(), "")).append("\n\n");
    }
    s.data().ifPresent(d -> table(d.columns(), d.rows()));
    steps(s.steps());
    for (Section sub : s.sections()) {
      section(sub, level + 1);
    }
  }

  private void steps(List<Step> steps) {
    for (Step st : steps) {
      out.append("- [ ] ").append(oneLine(st.title())).append(marker(st.id())).append('\n');
      if (!st.details().isBlank()) {
        out.append('\n').append(block(st.details(), "  ")).append('\n');
      }
      st.data().ifPresent(d -> {
        out.append('\n');
        table(d.columns(), d.rows(), "  ");
      });
      command(st).ifPresent(cmd -> {
        String fence = cmd.contains("```") ? "~~~" : "```";
        out.append('\n').append("  ").append(fence).append("sh").append(info(st.action())).append('\n');
        cmd.lines().forEach(l -> out.append("  ").append(l).append('\n'));
        if (cmd.endsWith("\n")) {
          // The block's last line break is not the command's: an empty line says the command ends in one.
          out.append('\n');
        }
        out.append("  ").append(fence).append('\n');
      });
      out.append('\n');
    }
  }

  /** A run step's options as {@code key=value} words after the language: renderers ignore them, import reads them. */
  private static String info(Action a) {
    if (!(a instanceof Action.Run run)) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    run.host().filter(h -> !h.contains(" ")).ifPresent(h -> s.append(" host=").append(h));
    run.workdir().filter(w -> !w.contains(" ")).ifPresent(w -> s.append(" workdir=").append(w));
    if (!run.expectExit().equals(List.of(0))) {
      s.append(" expect_exit=").append(run.expectExit().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    if (run.timeoutSeconds() != 600) {
      s.append(" timeout=").append(run.timeoutSeconds());
    }
    return s.toString();
  }

  /** The command an operator would type to do what the step does; empty for a manual step. */
  static Optional<String> command(Step st) {
    Action a = st.action();
    if (a instanceof Action.Run run) {
      return Optional.of(run.command());
    }
    if (a instanceof Action.Http http) {
      String url = http.url();
      if (http.method().equals("GET") && !QuickProbe.of("curl -fsS " + url).map(QuickProbe::target).equals(Optional.of(url))) {
        // A URL with & or ? the shell would split, or a ${name} host: quoted, as the importer reads it back.
        url = "\"" + url + "\"";
      }
      return Optional.of("curl -fsS " + (http.method().equals("GET") ? "" : "-X " + http.method() + " ") + url);
    }
    if (a instanceof Action.Tls tls) {
      return Optional.of("echo | openssl s_client -connect " + tls.host() + ":" + tls.port()
          + tls.name().map(n -> " -servername " + n).orElse("") + " 2>/dev/null | openssl x509 -noout -dates");
    }
    if (a instanceof Action.Cert cert) {
      return Optional.of("openssl x509 -in " + cert.path() + " -noout -enddate");
    }
    return Optional.empty();
  }

  private void emergencies(List<Reference.Emergency> emergencies) {
    if (emergencies.isEmpty()) {
      return;
    }
    out.append("## Emergency Procedures\n\n");
    table(List.of("Trigger", "Response", "SLA"), emergencies.stream()
        .map(e -> List.of(e.trigger() + marker(e.id()), e.response(), e.sla())).toList());
    for (Reference.Emergency e : emergencies) {
      if (!e.steps().isEmpty()) {
        out.append("### ").append(e.trigger()).append(marker(e.id())).append("\n\n");
        steps(e.steps());
      }
    }
  }

  private void rollbacks(List<Reference.Rollback> rollbacks) {
    if (rollbacks.isEmpty()) {
      return;
    }
    out.append("## Rollback Procedures\n\n");
    for (Reference.Rollback r : rollbacks) {
      out.append("### ").append(r.title()).append(marker(r.id())).append("\n\n");
      if (!r.description().isBlank()) {
        out.append(block(r.description(), "")).append("\n\n");
      }
      steps(r.steps());
    }
  }

  private void schedule(Runbook runbook) {
    if (runbook.calendar().isEmpty() && runbook.windows().isEmpty()) {
      return;
    }
    out.append("## Maintenance Calendar\n\n");
    if (!runbook.calendar().isEmpty()) {
      table(List.of("Month", "Cadence", "Key Activities"), runbook.calendar().stream()
          .map(m -> List.of(Month.of(m.month()).getDisplayName(TextStyle.FULL, Locale.ENGLISH),
              String.join(" + ", m.cadences()) + (m.light() ? " (light)" : ""), m.activities()))
          .toList());
    }
    if (!runbook.windows().isEmpty()) {
      out.append("### Maintenance Windows\n\n");
      table(List.of("Environment", "Window", "Description"), runbook.windows().stream()
          .map(w -> List.of(w.environment() + marker(w.id()), window(w), w.description())).toList());
    }
  }

  private static String window(Reference.Window w) {
    String days = w.days().isEmpty() ? "Any day"
        : w.days().stream().map(d -> d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).collect(Collectors.joining(" or "));
    return days + w.start().map(s -> ", " + s + "–" + w.end().orElseThrow()).orElse(", any time");
  }

  private void quickReference(List<Reference.QuickCommand> quick) {
    if (quick.isEmpty()) {
      return;
    }
    out.append("## Quick Reference — Commands\n\n```sh\n");
    String group = null;
    for (Reference.QuickCommand q : quick) {
      if (!q.group().equals(group)) {
        if (group != null) {
          out.append('\n');
        }
        group = q.group();
        if (!group.isEmpty()) {
          out.append("# ─── ").append(group).append(" ───\n");
        }
      }
      out.append(q.command()).append(q.description().isEmpty() ? "" : "  # " + oneLine(q.description()))
          .append('\n');
    }
    out.append("```\n\n");
  }

  private void table(List<String> columns, List<List<String>> rows) {
    table(columns, rows, "");
  }

  private void table(List<String> columns, List<List<String>> rows, String indent) {
    out.append(indent).append("| ").append(columns.stream().map(RunbookRenderer::cell).collect(Collectors.joining(" | ")))
        .append(" |\n").append(indent).append('|');
    columns.forEach(c -> out.append("---|"));
    out.append('\n');
    for (List<String> row : rows) {
      out.append(indent).append("| ").append(row.stream().map(RunbookRenderer::cell).collect(Collectors.joining(" | ")))
          .append(" |\n");
    }
    out.append('\n');
  }

  /** A table cell: one line, {@code |} escaped (GFM tables), a marker's comment kept as is. */
  private static String cell(String text) {
    return oneLine(text).replace("|", "\\|");
  }

  private String marker(String id) {
    return markers ? " <!-- maint:" + id + " -->" : "";
  }

  private static String code(String text) {
    String fence = text.contains("`") ? "`` " : "`";
    return fence + text + (fence.length() > 1 ? " ``" : "`");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  /**
   * Free text as Markdown paragraphs, each line indented; a line that would start a list, heading,
   * quote, table or fence is escaped, so the text stays the step's details when imported again.
   */
  private static String block(String text, String indent) {
    return text.strip().lines()
        .map(l -> l.isBlank() ? "" : indent + l.stripLeading()
            .replaceFirst("^([-+*#>|]|```|~~~)", "\\\\$1").replaceFirst("^(\\d+)([.)])(\\s)", "$1\\\\$2$3"))
        .collect(Collectors.joining("\n"));
  }

  /** A runbook's escape {@code $${X}}: a literal {@code ${X}}, in every string of a runbook. */
  private static final java.util.regex.Pattern ESCAPED = java.util.regex.Pattern.compile("\\$\\$\\{([^}]*)}");

  /**
   * The document as its reader should see it: each {@code $${X}} (the runbook's escape for a literal
   * {@code ${X}}, in titles, details, descriptions and commands alike) shown as {@code ${X}}, which
   * {@code maint import} reads back as the same literal. Where X is a declared variable the escape
   * stays as written: {@code ${X}} would read, and import, as that variable.
   */
  private static String literals(String markdown, Runbook runbook) {
    return ESCAPED.matcher(markdown).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
        runbook.variables().containsKey(m.group(1)) ? m.group() : m.group().substring(1)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
