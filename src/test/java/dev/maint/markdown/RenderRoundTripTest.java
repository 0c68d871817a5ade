package dev.maint.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.MaintException;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code render} then {@code import} of the shipped runbook gives back an equivalent runbook. */
class RenderRoundTripTest {
  private static Runbook shipped;
  private static String rendered;
  private static ImportResult result;
  private static Runbook again;

  @BeforeAll
  static void roundTrip() {
    shipped = RunbookLoader.load(Path.of("runbooks/forma3d-connect.yaml"));
    rendered = RunbookRenderer.markdown(shipped, Optional.empty());
    result = MarkdownImporter.importMarkdown("rendered.md", rendered);
    again = RunbookLoader.parse("again.yaml", result.yaml().getBytes(StandardCharsets.UTF_8));
  }

  /** A section as compared: id, title, nested sections; steps as id, kind and what they do. */
  private static List<String> outline(Runbook r) {
    List<String> out = new ArrayList<>();
    out.add("runbook " + r.id() + " " + r.title());
    for (Cadence c : r.cadences()) {
      out.add("cadence " + c.id() + " " + c.title() + " | when " + c.when() + " | prep " + c.prep());
      c.sections().forEach(s -> section(s, "", out));
    }
    for (Reference.Emergency e : r.emergencies()) {
      out.add("emergency " + e.id() + " " + e.trigger() + " | " + e.response() + " | " + e.sla());
      e.steps().forEach(s -> out.add(step(s)));
    }
    for (Reference.Rollback rb : r.rollbacks()) {
      out.add("rollback " + rb.id() + " " + rb.title());
      rb.steps().forEach(s -> out.add(step(s)));
    }
    r.quickReference().forEach(q -> out.add("quick " + q.group() + " | " + q.command() + " | " + q.description()));
    return out;
  }

  private static void section(Section s, String indent, List<String> out) {
    out.add(indent + "section " + s.id() + " " + s.title() + (s.data().isPresent() ? " +data" + s.data().get().rows().size() : ""));
    s.steps().forEach(st -> out.add(indent + "  " + step(st)));
    s.sections().forEach(x -> section(x, indent + "  ", out));
  }

  private static String step(Step s) {
    Action a = s.action();
    String what = "";
    if (a instanceof Action.Run run) {
      what = run.command() + " @" + run.host().orElse("") + ":" + run.workdir().orElse("")
          + " exit" + run.expectExit() + " " + run.timeoutSeconds() + "s";
    } else if (a instanceof Action.Http http) {
      what = http.url();
    } else if (a instanceof Action.Tls tls) {
      what = tls.host() + ":" + tls.port() + tls.name().map(n -> " name " + n).orElse("");
    } else if (a instanceof Action.Cert cert) {
      what = cert.path();
    }
    return "step " + s.id() + " " + s.kind() + " " + what + " | " + s.title();
  }

  @Test
  void renderThenImportGivesTheSameSectionsStepsKindsAndCommands() {
    assertThat(outline(again)).containsExactlyElementsOf(outline(shipped));
  }

  @Test
  void theRenderedRunbookImportsWithoutWarnings() {
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void variablesSectionTablesCalendarAndWindowsComeBack() {
    assertThat(again.variables().keySet()).containsExactlyElementsOf(shipped.variables().keySet());
    assertThat(again.variables().get("api_host").defaultValue()).isEqualTo(shipped.variables().get("api_host").defaultValue());
    assertThat(again.calendar()).isEqualTo(shipped.calendar());
    assertThat(again.windows()).isEqualTo(shipped.windows());
    assertThat(again.cadenceChoice()).isEqualTo(shipped.cadenceChoice());
    assertThat(again.revisions()).isEqualTo(shipped.revisions());
    assertThat(again.log().columns()).isEqualTo(shipped.log().columns());
    List<String> tables = new ArrayList<>();
    shipped.cadences().forEach(c -> c.allSections().forEach(s -> s.data().ifPresent(d -> tables.add(s.id() + d))));
    List<String> back = new ArrayList<>();
    again.cadences().forEach(c -> c.allSections().forEach(s -> s.data().ifPresent(d -> back.add(s.id() + d))));
    assertThat(back).isNotEmpty().isEqualTo(tables);
  }

  @Test
  void importingTheRenderTwiceIsStable() {
    Runbook third = RunbookLoader.parse("third.yaml", MarkdownImporter.importMarkdown("third.md",
        RunbookRenderer.markdown(again, Optional.empty())).yaml().getBytes(StandardCharsets.UTF_8));
    assertThat(outline(third)).containsExactlyElementsOf(outline(again));
  }

  @Test
  void oneCadenceRendersAloneAndAnUnknownOneIsAUsageError() {
    String monthly = RunbookRenderer.markdown(shipped, Optional.of("monthly"));
    assertThat(monthly).contains("<!-- maint:monthly -->", "<!-- maint:m2.1-pnpm-audit -->")
        .doesNotContain("<!-- maint:quarterly -->", "## Rollback Procedures");
    assertThatThrownBy(() -> RunbookRenderer.markdown(shipped, Optional.of("yearly")))
        .isInstanceOf(MaintException.class).hasMessageStartingWith("no cadence 'yearly' (have: continuous, monthly");
  }

  @Test
  void detailsThatLookLikeMarkdownBlocksStayDetails() {
    Runbook tricky = RunbookLoader.parse("tricky.yaml", """
        runbook: tricky
        cadences:
          - id: monthly
            sections:
              - id: "1"
                title: One
                steps:
                  - id: only
                    title: "Check *this* | that"
                    details: "- not an item\\n# not a heading\\n1. not numbered\\n> not a quote"
                    run: "printf '%s\\\\n' \\"$${HOME}\\" | cat"
                    expect_exit: [0, 1]
        """.getBytes(StandardCharsets.UTF_8));
    String md = RunbookRenderer.markdown(tricky, Optional.empty());
    Runbook back = RunbookLoader.parse("back.yaml", MarkdownImporter.importMarkdown("t.md", md).yaml()
        .getBytes(StandardCharsets.UTF_8));
    Step step = back.cadences().get(0).steps().get(0).step();
    assertThat(step.id()).isEqualTo("only");
    assertThat(step.details()).contains("- not an item", "# not a heading", "1. not numbered", "> not a quote");
    assertThat(((Action.Run) step.action()).command()).isEqualTo(((Action.Run) tricky.cadences().get(0).steps().get(0)
        .step().action()).command());
    assertThat(((Action.Run) step.action()).expectExit()).containsExactly(0, 1);
  }

  @Test
  void aLiteralDollarBraceReadsAsTheReaderTypesItAndImportsBackTheSame() {
    Runbook literal = RunbookLoader.parse("literal.yaml", """
        runbook: literal
        variables:
          greeting: {default: hello}
        cadences:
          - id: monthly
            title: "Monthly $${SHELL} checks"
            sections:
              - id: "1"
                title: "Paths in $${HOME}"
                steps:
                  - id: home
                    title: "Print $${HOME} and ${greeting}"
                    details: "The shell expands $${PATH}, maint expands ${greeting}; $${greeting} stays as written."
                    run: "echo \\"$${HOME}\\" ${greeting}"
                  - id: manual
                    title: "Read $${USER}'s mail"
        quick_reference:
          - name: which-host
            group: Shell
            command: "echo $${HOSTNAME}"
            description: "Which host: $${HOSTNAME}"
        """.getBytes(StandardCharsets.UTF_8));

    String md = RunbookRenderer.markdown(literal, Optional.empty());
    String html = RunbookRenderer.html(literal, Optional.empty());
    ImportResult imported = MarkdownImporter.importMarkdown("literal.md", md);
    Runbook back = RunbookLoader.parse("back.yaml", imported.yaml().getBytes(StandardCharsets.UTF_8));

    assertThat(md).contains("Monthly ${SHELL} checks", "Paths in ${HOME}", "Print ${HOME} and ${greeting}",
        "The shell expands ${PATH}, maint expands ${greeting}", "echo \"${HOME}\" ${greeting}", "Read ${USER}'s mail",
        "echo ${HOSTNAME}", "Which host: ${HOSTNAME}")
        // A declared variable's name keeps the escape: ${greeting} there would be the variable.
        .contains("$${greeting} stays as written")
        .doesNotContain("$${HOME}", "$${PATH}", "$${USER}", "$${SHELL}", "$${HOSTNAME}");
    assertThat(html).contains("Print ${HOME} and ${greeting}").doesNotContain("$${HOME}");
    assertThat(outline(back)).isEqualTo(outline(literal));
    Step step = back.cadences().get(0).steps().get(0).step();
    Step before = literal.cadences().get(0).steps().get(0).step();
    assertThat(step.details()).isEqualTo(before.details());
    assertThat(back.cadences().get(0).title()).isEqualTo("Monthly $${SHELL} checks");
  }

  @Test
  void htmlIsOnePageWithTheRunbooksTextEscaped() {
    Runbook hostile = RunbookLoader.parse("hostile.yaml", """
        runbook: hostile
        title: "<script>alert(1)</script>"
        cadences:
          - id: monthly
            sections:
              - id: "1"
                title: One
                steps:
                  - id: a
                    title: "<img src=x onerror=alert(1)> check"
        """.getBytes(StandardCharsets.UTF_8));
    String html = RunbookRenderer.html(hostile, Optional.empty());
    assertThat(html).startsWith("<!DOCTYPE html>").contains("&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt; check",
        "type=\"checkbox\"").doesNotContain("<script>", "<img", "maint:");
  }
}
