package dev.maint.runbook;

import static dev.maint.runbook.SeedEncodingTest.norm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.markdown.RunbookRenderer;
import dev.maint.runbook.SeedEncodingTest.Seed;
import dev.maint.runbook.SeedEncodingTest.SeedSection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code maint render} of the shipped runbook, compared with the seed: every checklist item, table
 * row and command of the seed is in the document. The seed's items are parsed from its text at run
 * time; the document's {@code ${name}} references are filled in with the runbook's values (for
 * each of its environments), as an operator would type them.
 */
class SeedRenderTest {
  private static Seed seed;
  private static String document;

  @BeforeAll
  static void render() throws IOException {
    seed = Seed.parse(SeedImportTest.resource("/seed/scheduled-maintenance-runbook.txt"));
    Runbook shipped = RunbookLoader.load(Path.of("runbooks/forma3d-connect.yaml"));
    String markdown = RunbookRenderer.markdown(shipped, Optional.empty());
    // Filled in for every environment: the seed's rollback runs on the staging server.
    StringBuilder all = new StringBuilder();
    for (String env : shipped.environments()) {
      all.append(new Variables(shipped, env, Map.of("service", "<service-name>"), Map.of()).display(markdown));
    }
    document = norm(all.toString());
  }

  /** The seed's runbook content: the cadences' sections, the rollbacks and the quick reference. */
  private static List<SeedSection> runbookSections() {
    List<SeedSection> out = new ArrayList<>();
    seed.cadences().forEach(c -> out.addAll(c.descendants()));
    out.addAll(seed.sectionTitled("Rollback Procedures").children);
    out.add(seed.all().stream().filter(s -> s.title.startsWith("Quick Reference")).findFirst().orElseThrow());
    return out;
  }

  @Test
  void everyChecklistItemOfTheSeedIsInTheDocument() {
    List<String> missing = new ArrayList<>();
    int items = 0;
    for (SeedSection s : runbookSections()) {
      for (String item : s.items()) {
        items++;
        if (!document.contains(norm(item))) {
          missing.add(s.label() + ": " + item);
        }
      }
    }
    assertThat(items).as("checklist items in the seed").isPositive();
    assertThat(missing).isEmpty();
  }

  /** Every cell of the seed's tables but the maintenance log's history rows; SLAs as durations (24h). */
  @Test
  void everyTableRowOfTheSeedIsInTheDocument() {
    List<String> missing = new ArrayList<>();
    for (SeedSection s : seed.all()) {
      if (s.title.equals("Maintenance Log")) {
        continue;
      }
      for (SeedEncodingTest.Table t : s.tables()) {
        boolean sla = t.header().contains("SLA");
        for (List<String> row : t.rows()) {
          for (int i = 0; i < row.size(); i++) {
            String cell = sla && t.header().get(i).equals("SLA") ? durationOf(row.get(i)) : row.get(i);
            if (!document.contains(norm(cell))) {
              missing.add(s.label() + ": " + cell);
            }
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  private static String durationOf(String sla) {
    Matcher m = Pattern.compile("(\\d+)\\s*(hour|day|minute)s?").matcher(sla);
    return m.find() ? m.group(1) + m.group(2).charAt(0) : sla.toLowerCase(java.util.Locale.ROOT).contains("provider")
        ? "provider" : sla.toLowerCase(java.util.Locale.ROOT);
  }

  @Test
  void everyCommandOfTheSeedsCodeBlocksIsInTheDocument() {
    List<String> missing = new ArrayList<>();
    int commands = 0;
    for (SeedSection s : runbookSections()) {
      for (String command : SeedImportTest.commands(s)) {
        // ssh HOST and cd DIR say where the next commands run: the document has them as host= and workdir=.
        String seen = command.startsWith("ssh ") ? "host=" + command.substring(4)
            : command.startsWith("cd ") ? "workdir=" + command.substring(3) : command;
        commands++;
        if (!document.contains(norm(seen))) {
          missing.add(s.label() + ": " + command);
        }
      }
    }
    assertThat(commands).as("commands in the seed").isPositive();
    assertThat(missing).isEmpty();
  }
}
