package dev.maint.runbook;

import static dev.maint.runbook.SeedEncodingTest.norm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.markdown.ImportResult;
import dev.maint.markdown.MarkdownImporter;
import dev.maint.runbook.SeedEncodingTest.Seed;
import dev.maint.runbook.SeedEncodingTest.SeedSection;
import dev.maint.runbook.SeedEncodingTest.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code maint import} of the seed document, kept as Markdown in the test resources, compared item
 * by item with the seed's own items: those are parsed at run time from the flattened seed text
 * (with {@link SeedEncodingTest}'s parser), never hard-coded. Text is compared without whitespace
 * and backticks, case-insensitively, since the flattened seed lost its code spans' backticks.
 */
class SeedImportTest {
  private static Seed seed;
  private static String markdown;
  private static ImportResult result;
  private static Runbook imported;
  private static Variables values;

  @BeforeAll
  static void importTheSeed() throws IOException {
    seed = Seed.parse(resource("/seed/scheduled-maintenance-runbook.txt"));
    markdown = resource("/markdown/scheduled-maintenance-runbook.md");
    result = MarkdownImporter.importMarkdown("scheduled-maintenance-runbook.md", markdown);
    imported = RunbookLoader.parse("imported.yaml", result.yaml().getBytes(StandardCharsets.UTF_8));
    values = new Variables(imported, imported.defaultEnvironment(), Map.of("service_name", "<service-name>"), Map.of());
  }

  static String resource(String name) throws IOException {
    try (InputStream in = SeedImportTest.class.getResourceAsStream(name)) {
      assertThat(in).as("resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everySeedCadenceIsACadenceWithTheSeedsTitleInOrder() {
    assertThat(seed.cadences()).as("cadences of the seed").isNotEmpty();
    assertThat(imported.cadences().stream().map(Cadence::id))
        .containsExactlyElementsOf(seed.cadences().stream().map(SeedImportTest::cadenceId).toList());
    for (SeedSection c : seed.cadences()) {
      assertThat(norm(imported.cadence(cadenceId(c)).orElseThrow().title())).isEqualTo(norm(c.title));
    }
  }

  @TestFactory
  Stream<DynamicTest> everyChecklistItemOfEverySectionIsAStepWithItsText() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SeedSection c : seed.cadences()) {
      for (SeedSection s : c.descendants()) {
        tests.add(DynamicTest.dynamicTest(s.label(), () -> {
          Section section = section(imported.cadence(cadenceId(c)).orElseThrow(), s)
              .orElseThrow(() -> new AssertionError("no section for seed section " + s.label()));
          assertThat(unmatched(s.items(), section.steps())).as("seed items of %s not in order among the steps of %s",
              s.label(), section.id()).isEmpty();
        }));
      }
    }
    assertThat(tests).as("seed sections").isNotEmpty();
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyCommandOfTheSeedsCodeBlocksIsARunStepOrAProbe() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SeedSection c : seed.cadences()) {
      for (SeedSection s : c.descendants()) {
        List<String> commands = commands(s);
        if (commands.isEmpty()) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(s.label(), () -> {
          Section section = section(imported.cadence(cadenceId(c)).orElseThrow(), s).orElseThrow();
          for (String command : commands) {
            assertThat(section.steps()).as("a step of %s doing '%s'", section.id(), command)
                .anyMatch(step -> does(step, command));
          }
        }));
      }
    }
    for (SeedSection r : seed.sectionTitled("Rollback Procedures").children) {
      for (String command : commands(r)) {
        tests.add(DynamicTest.dynamicTest(r.title + ": " + command, () -> {
          Reference.Rollback rollback = imported.rollbacks().stream()
              .filter(x -> norm(x.title()).equals(norm(r.title))).findFirst().orElseThrow();
          if (command.startsWith("ssh ") || command.startsWith("cd ")) {
            String where = command.substring(command.indexOf(' ') + 1).strip();
            assertThat(rollback.steps()).as("run steps of rollback %s", rollback.id())
                .filteredOn(st -> st.action() instanceof Action.Run).isNotEmpty()
                .allMatch(st -> st.action() instanceof Action.Run run
                    && (command.startsWith("ssh ") ? run.host() : run.workdir()).map(values::display)
                        .filter(where::equals).isPresent());
          } else {
            assertThat(rollback.steps()).anyMatch(step -> does(step, command));
          }
        }));
      }
    }
    assertThat(tests).as("code-block commands in the seed").isNotEmpty();
    return tests.stream();
  }

  @Test
  void everyQuickReferenceCommandIsAnEntryOfItsGroup() {
    List<SeedEncodingTest.QuickLine> lines = seed.quickReference();
    assertThat(lines).isNotEmpty();
    for (SeedEncodingTest.QuickLine q : lines) {
      assertThat(imported.quickReference()).as("quick-reference entry '%s'", q.command())
          .anyMatch(e -> norm(values.display(e.command())).equals(norm(q.command()))
              && norm(e.group()).equals(norm(q.group()))
              && (q.comment().isEmpty() || norm(e.description()).equals(norm(q.comment()))));
    }
  }

  @Test
  void everyHealthUrlIsAnHttpStep() {
    Set<String> urls = new LinkedHashSet<>();
    Matcher m = Pattern.compile("curl\\s+(?:-\\S+\\s+)*(https?://\\S+)").matcher(resource());
    while (m.find()) {
      urls.add(m.group(1));
    }
    assertThat(urls).as("health URLs in the seed").isNotEmpty();
    List<String> probed = allSteps().stream().filter(s -> s.action() instanceof Action.Http)
        .map(s -> values.display(((Action.Http) s.action()).url())).toList();
    assertThat(probed).containsAll(urls);
  }

  @Test
  void bothCertificateChecksAreTlsStepsWithTheSeedsThirtyDays() {
    Set<String> targets = new LinkedHashSet<>();
    Matcher m = Pattern.compile("openssl s_client -connect (\\S+)").matcher(resource());
    while (m.find()) {
      targets.add(m.group(1));
    }
    Matcher days = Pattern.compile("have > (\\d+) days remaining").matcher(resource());
    assertThat(days.find()).as("the seed's threshold").isTrue();
    assertThat(targets).as("certificate checks in the seed").hasSizeGreaterThanOrEqualTo(2);
    for (String target : targets) {
      assertThat(allSteps()).as("a tls step for %s", target).anyMatch(s -> s.action() instanceof Action.Tls t
          && (values.display(t.host()) + ":" + values.display(t.port())).equals(target)
          && t.warnDays() == Integer.parseInt(days.group(1)));
    }
  }

  @Test
  void commandsThatChangeThingsAskFirst() {
    Pattern changing = Pattern.compile("(^|\\s)(update|upgrade|prune|migrate|rm|push)(\\s|$)|--force-recreate");
    List<Step> runs = allSteps().stream().filter(s -> s.action() instanceof Action.Run).toList();
    assertThat(runs).isNotEmpty();
    for (Step s : runs) {
      boolean changes = changing.matcher(((Action.Run) s.action()).command()).find();
      assertThat(s.confirm()).as("confirm of %s (%s)", s.id(), ((Action.Run) s.action()).command()).isEqualTo(changes);
    }
    assertThat(imported.quickReference().stream().filter(Reference.QuickCommand::confirm).map(Reference.QuickCommand::command))
        .allMatch(c -> changing.matcher(c).find()).isNotEmpty();
  }

  @Test
  void repeatedHostsAndPathsBecomeVariables() {
    assertThat(imported.variables().values().stream().flatMap(v -> v.defaultValue().stream()))
        .contains("connect-api.forma3d.be", "connect.forma3d.be", "/opt/forma3d");
    assertThat(allSteps().stream().filter(s -> s.action() instanceof Action.Tls)
        .map(s -> ((Action.Tls) s.action()).host())).allMatch(h -> h.startsWith("${"));
  }

  @Test
  void referenceTablesCarryTheSeedsRows() {
    Table choice = seed.tableWithHeader("Signal");
    assertThat(imported.cadenceChoice().stream().map(c -> List.of(norm(c.signal()), norm(c.action()))))
        .containsExactlyElementsOf(choice.rows().stream().map(r -> r.stream().map(SeedEncodingTest::norm).toList()).toList());
    Table triggers = seed.tableWithHeader("Trigger");
    assertThat(imported.emergencies().stream().map(e -> norm(e.trigger())))
        .containsExactlyElementsOf(triggers.rows().stream().map(r -> norm(r.get(0))).toList());
    assertThat(imported.emergencies().stream().map(Reference.Emergency::sla))
        .containsExactlyElementsOf(triggers.rows().stream().map(r -> sla(r.get(2))).toList());
    Table months = seed.tableWithHeader("Month");
    assertThat(imported.calendar()).hasSameSizeAs(months.rows());
    assertThat(imported.calendar().stream().filter(Reference.CalendarMonth::light).map(Reference.CalendarMonth::month))
        .containsExactly(12);
    assertThat(imported.windows()).hasSameSizeAs(seed.tableWithHeader("Environment").rows());
    assertThat(imported.revisions()).hasSameSizeAs(seed.tableWithHeader("Version").rows());
    assertThat(imported.log().columns()).containsExactlyElementsOf(seed.sectionTitled("Maintenance Log").tables().get(0).header());
  }

  @Test
  void unplacedTextIsReportedWithItsMarkdownLine() {
    List<String> lines = markdown.lines().toList();
    assertThat(result.warnings()).isNotEmpty();
    for (var w : result.warnings()) {
      String m = w.message();
      int open = m.contains("(\"") ? m.indexOf("(\"") + 2 : m.lastIndexOf(": \"") + 3;
      String quoted = m.substring(open).replaceAll("(\\.\\.\\.)?\".*$", "").replaceFirst("^- ", "");
      assertThat(lines.get(w.line() - 1).replaceAll("[*`\\[\\]]|\\(.*?\\.md\\)|^[-#>\\s]+", ""))
          .as("line %d of the document, warned about: %s", w.line(), w.message())
          .contains(quoted.substring(0, Math.min(12, quoted.length())));
    }
    assertThat(result.yaml()).contains("# line 7: This runbook defines the recurring maintenance cycles");
  }

  @Test
  void reimportingGivesTheSameIdsEvenAfterAnItemIsAdded() {
    ImportResult again = MarkdownImporter.importMarkdown("scheduled-maintenance-runbook.md", markdown);
    assertThat(again.yaml()).isEqualTo(result.yaml());
    String edited = markdown.replace("- [ ] Review new unresolved issues\n",
        "- [ ] A brand new item\n- [ ] Review new unresolved issues\n");
    Runbook after = RunbookLoader.parse("edited.yaml",
        MarkdownImporter.importMarkdown("edited.md", edited).yaml().getBytes(StandardCharsets.UTF_8));
    List<String> before = allSteps().stream().map(Step::id).toList();
    List<String> now = new ArrayList<>();
    after.cadences().forEach(c -> c.steps().forEach(p -> now.add(p.step().id())));
    assertThat(now).containsAll(before.stream().filter(id -> !id.startsWith("e-") && !id.startsWith("r-")).toList());
    assertThat(now).hasSize(before.stream().filter(id -> !id.startsWith("e-") && !id.startsWith("r-")).toList().size() + 1);
  }

  // ───────────────────────────────────────────── helpers

  static String resource() {
    try {
      return resource("/seed/scheduled-maintenance-runbook.txt");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** "24 hours" is 24h, "Immediate" immediate, "Per provider timeline" provider. */
  private static String sla(String text) {
    Matcher m = Pattern.compile("(\\d+)\\s*(hour|day|minute)s?", Pattern.CASE_INSENSITIVE).matcher(text);
    if (m.find()) {
      return m.group(1) + m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
    }
    return text.toLowerCase(Locale.ROOT).contains("provider") ? "provider" : text.strip().toLowerCase(Locale.ROOT);
  }

  private static String cadenceId(SeedSection c) {
    return c.title.split("\\s+")[0].toLowerCase(Locale.ROOT);
  }

  /** The imported section for a seed section: by number, or by title under its parent. */
  private static Optional<Section> section(Cadence cadence, SeedSection s) {
    List<Section> candidates = cadence.allSections();
    return candidates.stream()
        .filter(x -> s.number != null ? x.id().equals(s.number)
            : norm(x.title()).equals(norm(s.title)) && s.parent.number != null && x.id().startsWith(s.parent.number + "-"))
        .findFirst();
  }

  /** Seed items not found, in order, among the step titles (a title may add a "(qualifier)"). */
  private static List<String> unmatched(List<String> items, List<Step> steps) {
    List<String> missing = new ArrayList<>();
    int from = 0;
    for (String item : items) {
      String want = norm(item);
      int found = -1;
      for (int i = from; i < steps.size(); i++) {
        String title = norm(steps.get(i).title());
        if (title.equals(want) || title.startsWith(want + "(") && title.endsWith(")")) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.add(item);
      } else {
        from = found + 1;
      }
    }
    return missing;
  }

  /**
   * The commands of a seed section's code blocks. The flattened seed lost its fences: a block
   * starts at a {@code #} comment line and runs to the next list item, table, heading or blank
   * line; a line ending in {@code \} goes on on the next; a trailing {@code # comment} is not the
   * command.
   */
  static List<String> commands(SeedSection s) {
    List<String> out = new ArrayList<>();
    boolean inBlock = false;
    for (int i = 0; i < s.lines.size(); i++) {
      String line = s.lines.get(i);
      if (line.isBlank() || line.startsWith("- ") || line.startsWith("|") || line.endsWith(":")) {
        inBlock = false;
        continue;
      }
      if (line.startsWith("#")) {
        inBlock = true;
        continue;
      }
      if (!inBlock) {
        continue;
      }
      String command = line.strip();
      while (command.endsWith("\\") && i + 1 < s.lines.size()) {
        command = command.substring(0, command.length() - 1).strip() + " " + s.lines.get(++i).strip();
      }
      int comment = command.indexOf(" # ");
      out.add(comment >= 0 ? command.substring(0, comment).strip() : command);
    }
    return out;
  }

  /** Whether a step runs the command, or is the probe that does the command's job. */
  private static boolean does(Step step, String command) {
    Optional<QuickProbe> probe = QuickProbe.of(command);
    if (step.action() instanceof Action.Run run) {
      return norm(values.display(run.command())).equals(norm(command));
    }
    if (step.action() instanceof Action.Tls tls) {
      return probe.filter(p -> p.kind().equals("tls"))
          .filter(p -> p.target().equals(values.display(tls.host()) + ":" + values.display(tls.port()))).isPresent();
    }
    if (step.action() instanceof Action.Http http) {
      return probe.filter(p -> p.kind().equals("http")).filter(p -> p.target().equals(values.display(http.url())))
          .isPresent();
    }
    return false;
  }

  private static List<Step> allSteps() {
    List<Step> steps = new ArrayList<>();
    imported.cadences().forEach(c -> c.steps().forEach(p -> steps.add(p.step())));
    imported.emergencies().forEach(e -> steps.addAll(e.steps()));
    imported.rollbacks().forEach(r -> steps.addAll(r.steps()));
    return steps;
  }
}
