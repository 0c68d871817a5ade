package dev.maint.site;

import static dev.maint.site.Html.text;

import dev.maint.exec.Walker;
import dev.maint.record.CarryForward;
import dev.maint.record.RecordJson;
import dev.maint.record.RecordReader;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Runbook;
import dev.maint.text.LocalMinute;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTML of each page of {@code maint site}: HTML5 documents with their style inline, no script
 * and no other asset, linking each other by relative paths so they work from {@code file://} and
 * from any folder of a web server. Every colour stands beside its word (WCAG 2.1, 1.4.1 Use of
 * Colour), text keeps a contrast of at least 4.5:1 on its background (1.4.3), and the layout
 * wraps to a phone's width and prints without navigation.
 */
final class SitePages {
  /** The style of every page; the colours are pale fills under dark text. */
  static final String CSS = """
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
        background: #fff; margin: 0 auto; max-width: 72rem; padding: 0.75rem; line-height: 1.45; }
      a { color: #0b4f9c; }
      nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
      h1 { font-size: 1.5rem; margin: 0.75rem 0; }
      h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid #bbb; }
      h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
      .cells, .legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.3rem; }
      .cell, .legend li { border: 1px solid #6b6b6b; border-radius: 0.3rem; padding: 0.15rem 0.35rem;
        min-width: 4.5rem; font-size: 0.85rem; }
      .cell a, .cell span.in { display: block; color: #1b1b1b; }
      .period { font-weight: bold; display: block; }
      .light { border-style: dashed; border-width: 2px; }
      .done, .status-pass { background: #c9efc9; }
      .partly-done, .status-warn, .status-manual { background: #ffe39a; }
      .overdue, .status-fail, .status-error, .status-interrupted { background: #ffc9c9; }
      .due { background: #cfe2ff; }
      .not-due, .status-skipped { background: #eeeeee; }
      .table-wrap { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
      th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
      th { background: #f3f3f3; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
      dl.facts dt { font-weight: bold; }
      dl.facts dd { margin: 0; overflow-wrap: anywhere; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; padding: 0.4rem; margin: 0; }
      code { overflow-wrap: anywhere; }
      footer { margin-top: 2rem; font-size: 0.8rem; color: #4a4a4a; }
      @media (max-width: 40rem) { body { padding: 0.4rem; } .cell { min-width: 3.8rem; } }
      @media print {
        nav, footer { display: none; }
        a { color: inherit; text-decoration: none; }
        .cell, tr, section { break-inside: avoid; }
        * { -webkit-print-color-adjust: exact; }
      }
      """;

  private final Runbook runbook;
  private final ZoneId zone;
  private final LocalDate today;
  private final List<Integer> years;
  private final Map<String, String> commits;
  private final String generator;

  /**
   * @param today the day the site is made, in the runbook's time zone
   * @param years the years that get a page, ascending
   * @param commits the commit of each run, by session id
   * @param generator {@code maint VERSION}, for the footer
   */
  SitePages(Runbook runbook, LocalDate today, List<Integer> years, Map<String, String> commits, String generator) {
    this.runbook = runbook;
    this.zone = runbook.timezone();
    this.today = today;
    this.years = List.copyOf(years);
    this.commits = Map.copyOf(commits);
    this.generator = generator;
  }

  /** The file of a year's page, relative to the site's root. */
  static String yearFile(int year) {
    return "year-" + year + ".html";
  }

  /** The file of a run's page, relative to the site's root. */
  static String runFile(RunRecord r) {
    return "runs/" + Html.fileName(r.session()) + ".html";
  }

  /** The file of a run's Markdown summary, relative to the site's root. */
  static String markdownFile(RunRecord r) {
    return "runs/" + Html.fileName(r.session()) + ".md";
  }

  /** The year view of {@code year}: the grid of every scheduled cadence, other runs, and every run. */
  String year(int year, List<YearGrid.Row> rows, List<RecordReader.Found> runsOfYear) {
    StringBuilder b = new StringBuilder();
    b.append("<p>As of ").append(today).append(" (").append(text(zone.getId())).append("): ")
        .append(runsOfYear.size()).append(runsOfYear.size() == 1 ? " run" : " runs").append(" recorded in ")
        .append(year).append(".</p>\n");
    b.append("<nav aria-label=\"Years\"><ul>");
    for (int y : years) {
      b.append("<li>").append(y == year ? "<strong aria-current=\"page\">" + y + "</strong>"
          : "<a href=\"" + yearFile(y) + "\">" + y + "</a>").append("</li>");
    }
    b.append("</ul></nav>\n");
    b.append("<h2 id=\"legend\">Legend</h2>\n<ul class=\"legend\">");
    for (YearGrid.State s : YearGrid.State.values()) {
      b.append("<li class=\"").append(s.id()).append("\">").append(s.words()).append("</li>");
    }
    b.append("<li class=\"not-due light\">dashed border: light month</li></ul>\n");
    b.append("<p>A cell links to the run that counts for it: the newest whole run, else the newest partial"
        + " one. A week is Monday to Friday; a month cadence's window is its due rule's.</p>\n");
    for (YearGrid.Row row : rows) {
      String id = "cadence-" + text(row.cadence().id());
      b.append("<section aria-labelledby=\"").append(id).append("\">\n<h2 id=\"").append(id).append("\">")
          .append(text(row.cadence().title())).append(" <small>(").append(text(row.cadence().id())).append(", ")
          .append(row.weekly() ? "weekly" : text(row.cadence().due().orElseThrow().label())).append(")</small></h2>\n");
      b.append("<p class=\"counts\">");
      List<String> counts = new ArrayList<>();
      for (YearGrid.State s : YearGrid.State.values()) {
        long n = row.count(s);
        if (n > 0) {
          counts.add(n + " " + s.words());
        }
      }
      b.append(counts.isEmpty() ? "no window in " + year : String.join(" · ", counts)).append("</p>\n");
      b.append("<ol class=\"cells\">\n");
      for (YearGrid.Cell c : row.cells()) {
        b.append("<li class=\"cell ").append(c.state().id()).append(c.occurrence().light() ? " light" : "")
            .append("\" data-cadence=\"").append(text(c.cadence())).append("\" data-period=\"").append(c.label())
            .append("\" data-state=\"").append(c.state().id()).append("\" data-light=\"")
            .append(c.occurrence().light()).append("\" title=\"").append(c.label()).append(": ")
            .append(text(c.words())).append(" (").append(c.occurrence().window().start()).append(" to ")
            .append(c.occurrence().window().end()).append(")\">");
        String inner = "<span class=\"period\">" + c.label() + "</span> " + text(c.words());
        if (c.run().isPresent()) {
          b.append("<a href=\"").append(runFile(c.run().get().record())).append("\">").append(inner).append("</a>");
        } else {
          b.append("<span class=\"in\">").append(inner).append("</span>");
        }
        b.append("</li>\n");
      }
      b.append("</ol>\n</section>\n");
    }
    Set<String> scheduled = rows.stream().map(r -> r.cadence().id()).collect(Collectors.toSet());
    List<RecordReader.Found> others = runsOfYear.stream()
        .filter(f -> !scheduled.contains(f.record().cadence())).toList();
    b.append("<h2 id=\"other-runs\">Emergencies, rollbacks and unscheduled runs</h2>\n");
    b.append(others.isEmpty() ? "<p>None in " + year + ".</p>\n" : runTable(others, "other-runs-table"));
    b.append("<h2 id=\"all-runs\">Every run in ").append(year).append("</h2>\n");
    b.append(runsOfYear.isEmpty() ? "<p>None.</p>\n" : runTable(runsOfYear, "all-runs-table"));
    return page("Maintenance " + year + " — " + runbook.title(), "Maintenance in " + year, "", b.toString());
  }

  private String runTable(List<RecordReader.Found> runs, String id) {
    StringBuilder b = new StringBuilder();
    b.append("<div class=\"table-wrap\"><table id=\"").append(id).append("\">\n<thead><tr><th scope=\"col\">Started"
        + "</th><th scope=\"col\">Cadence</th><th scope=\"col\">Environment</th><th scope=\"col\">Operator</th>"
        + "<th scope=\"col\">Outcome</th><th scope=\"col\">Steps</th></tr></thead>\n<tbody>\n");
    for (RecordReader.Found f : runs) {
      RunRecord r = f.record();
      b.append("<tr><td><a href=\"").append(runFile(r)).append("\">").append(text(LocalMinute.of(r.startedAt(), zone)))
          .append("</a></td><td>").append(text(r.cadence())).append("</td><td>").append(text(r.environmentShown()))
          .append("</td><td>").append(text(name(r.operator()))).append("</td><td>").append(text(outcome(r)))
          .append("</td><td>").append(text(r.countsText())).append("</td></tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  /** One run in full. */
  String run(RecordReader.Found found) {
    RunRecord r = found.record();
    StringBuilder b = new StringBuilder();
    b.append("<dl class=\"facts\">\n");
    fact(b, "Cadence", text(r.cadence()));
    fact(b, "Environment", text(r.environmentShown()));
    fact(b, "Outcome", text(outcome(r)));
    fact(b, "Steps", r.steps().size() + " of " + r.stepCount() + " recorded — " + text(r.countsText()));
    fact(b, "Operators", text(String.join(", ", operators(r))));
    fact(b, "Started", text(LocalMinute.of(r.startedAt(), zone)));
    fact(b, "Ended", instant(r.ended()).map(i -> text(LocalMinute.of(i, zone))).orElse("—"));
    fact(b, "Duration", instant(r.ended()).map(e -> duration(Duration.between(r.startedAt(), e))).orElse("—"));
    fact(b, "Runbook", text(r.runbook().id() + " " + r.runbook().version() + " from " + r.runbook().source()));
    fact(b, "Runbook digest", "<code>sha256:" + text(r.runbook().sha256()) + "</code>");
    fact(b, "Commit", Optional.ofNullable(commits.get(r.session())).map(c -> "<code>" + text(c) + "</code> on "
        + text(found.ref())).orElse("not found"));
    fact(b, "Record", "<code>" + text(found.ref() + ":" + found.path()) + "</code>");
    if (r.emergency() != null) {
      RunRecord.Emergency e = r.emergency();
      fact(b, "Emergency", text(e.trigger() + " (SLA " + e.sla() + "): " + e.description() + "; deadline "
          + instant(e.deadline()).map(i -> LocalMinute.of(i, zone)).orElse(e.deadline()) + (e.met() ? " met"
          : " missed")));
    }
    if (!r.previousSession().isEmpty()) {
      fact(b, "Previous run", text(r.previousSession()) + (r.acknowledged() ? " (its open items acknowledged)" : ""));
    }
    b.append("</dl>\n<p><a href=\"").append(Html.fileName(r.session())).append(".md\">Markdown summary</a></p>\n");
    b.append("<h2 id=\"steps\">Steps</h2>\n<div class=\"table-wrap\"><table id=\"steps-table\">\n<thead><tr>"
        + "<th scope=\"col\">Step</th><th scope=\"col\">Status</th><th scope=\"col\">Reason</th>"
        + "<th scope=\"col\">Note</th><th scope=\"col\">By</th><th scope=\"col\">Time</th></tr></thead>\n<tbody>\n");
    for (RunRecord.StepRecord s : r.steps()) {
      b.append("<tr data-step=\"").append(text(s.id())).append("\"><td>").append(text(s.title()))
          .append(" <code>").append(text(s.id())).append("</code></td><td class=\"status status-")
          .append(text(s.status())).append("\">").append(text(s.status())).append("</td><td>").append(text(s.reason()))
          .append("</td><td>").append(text(s.note())).append("</td><td>").append(text(name(s.by())))
          .append("</td><td>").append(String.format(Locale.ROOT, "%.1f s", s.durationMs() / 1000.0))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
    List<RunRecord.StepRecord> withEvidence = r.steps().stream().filter(s -> !s.evidence().isEmpty()).toList();
    if (!withEvidence.isEmpty()) {
      b.append("<h2 id=\"evidence\">Facts and evidence</h2>\n");
      for (RunRecord.StepRecord s : withEvidence) {
        b.append("<h3>").append(text(s.title())).append(" <code>").append(text(s.id())).append("</code></h3>\n")
            .append("<dl class=\"facts\">\n");
        s.evidence().forEach((k, v) -> fact(b, text(k), v instanceof String str && !str.contains("\n")
            ? text(str) : "<pre>" + text(v instanceof String str ? str : RecordJson.writeValue(v)) + "</pre>"));
        b.append("</dl>\n");
      }
    }
    if (!r.carriedForward().isEmpty()) {
      b.append("<h2 id=\"carried\">Carried forward from session ").append(text(r.previousSession())).append("</h2>\n")
          .append(itemTable(r.carriedForward(), true));
    }
    return page("Run " + r.session() + " — " + r.cadence(), "Run " + r.session() + ": " + r.cadence(), "../",
        b.toString());
  }

  /**
   * What each cadence's newest run left open (with what it carried unresolved from earlier runs),
   * cadences in the order they were last walked.
   */
  String openItems(List<RecordReader.Found> runs) {
    Map<String, RecordReader.Found> newest = new LinkedHashMap<>();
    runs.forEach(f -> newest.putIfAbsent(f.record().cadence(), f));
    StringBuilder b = new StringBuilder();
    int total = newest.values().stream().mapToInt(f -> CarryForward.open(f.record()).size()).sum();
    b.append("<p id=\"open-count\">").append(total).append(total == 1 ? " item" : " items")
        .append(" left open by the newest run of each cadence; the next run of the cadence shows them to its"
            + " operator.</p>\n");
    for (RecordReader.Found f : newest.values()) {
      RunRecord r = f.record();
      List<RunRecord.CarriedItem> open = CarryForward.open(r);
      String id = "open-" + text(r.cadence());
      b.append("<section aria-labelledby=\"").append(id).append("\">\n<h2 id=\"").append(id).append("\">")
          .append(text(r.cadence())).append("</h2>\n<p>Newest run: <a href=\"").append(runFile(r)).append("\">")
          .append(text(r.session())).append("</a>, ").append(text(LocalMinute.of(r.startedAt(), zone))).append(", ")
          .append(text(outcome(r))).append(".</p>\n");
      b.append(open.isEmpty() ? "<p>Nothing left open.</p>\n" : itemTable(open, false)).append("</section>\n");
    }
    return page("Open items — " + runbook.title(), "Open items", "", b.toString());
  }

  private static String itemTable(List<RunRecord.CarriedItem> items, boolean withNow) {
    StringBuilder b = new StringBuilder("<div class=\"table-wrap\"><table class=\"items\">\n<thead><tr>"
        + "<th scope=\"col\">Step</th><th scope=\"col\">Left</th><th scope=\"col\">Status</th>"
        + "<th scope=\"col\">Reason</th><th scope=\"col\">Note</th>"
        + (withNow ? "<th scope=\"col\">Now</th>" : "") + "</tr></thead>\n<tbody>\n");
    for (RunRecord.CarriedItem i : items) {
      b.append("<tr data-step=\"").append(text(i.step())).append("\"><td><code>").append(text(i.step()))
          .append("</code></td><td>").append(text(i.kind())).append("</td><td class=\"status status-")
          .append(text(i.status())).append("\">").append(text(i.status())).append("</td><td>")
          .append(text(i.reason())).append("</td><td>").append(text(i.note())).append("</td>");
      if (withNow) {
        b.append("<td>").append(i.now().isEmpty() ? "not recorded" : text(i.now()))
            .append(i.resolved() ? " (resolved)" : "").append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  private String page(String title, String heading, String root, String body) {
    int current = today.getYear();
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + text(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n"
        + "<header><nav aria-label=\"Site\"><ul><li><a href=\"" + root + "index.html\">This year (" + current
        + ")</a></li><li><a href=\"" + root + "open-items.html\">Open items</a></li></ul></nav></header>\n"
        + "<main>\n<h1>" + text(heading) + "</h1>\n" + body + "</main>\n"
        + "<footer><p>" + text(runbook.title()) + " (" + text(runbook.id()) + ") · made by " + text(generator)
        + " from the git record on " + today + "</p></footer>\n</body>\n</html>\n";
  }

  private static void fact(StringBuilder b, String term, String html) {
    b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
  }

  /** {@code completed}, or {@code quit} / {@code interrupted}; a completed run that left steps is partly done. */
  private static String outcome(RunRecord r) {
    return r.outcome() + (r.outcome().equals("completed") && YearGrid.partial(r) ? " (partly done)" : "");
  }

  /** The operator and everyone else who recorded a step, names only; not maint itself. */
  private static Set<String> operators(RunRecord r) {
    Set<String> names = new LinkedHashSet<>();
    names.add(name(r.operator()));
    r.steps().stream().map(RunRecord.StepRecord::by).filter(by -> !by.isEmpty() && !by.equals(Walker.MAINT))
        .map(SitePages::name).forEach(names::add);
    return names;
  }

  private static String name(String operator) {
    int lt = operator.indexOf('<');
    return lt > 0 ? operator.substring(0, lt).strip() : operator;
  }

  private static Optional<Instant> instant(String s) {
    try {
      return s.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String duration(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60)
        + " min";
  }
}
