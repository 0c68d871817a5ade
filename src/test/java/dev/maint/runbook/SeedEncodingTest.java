package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks that {@code runbooks/forma3d-connect.yaml} encodes the team's real runbook in full. The
 * seed (a Markdown runbook flattened to text: headings end with {@code ¶}, inline code spans lost
 * their backticks and may be glued to neighbouring words) is parsed at run time, so nothing here
 * hard-codes how many cadences, sections, items or commands there are. Text is compared with all
 * whitespace and backticks removed, case-insensitively.
 */
class SeedEncodingTest {
  private static final String SEED_RESOURCE = "/seed/scheduled-maintenance-runbook.txt";
  private static final Path RUNBOOK_FILE = Path.of("runbooks/forma3d-connect.yaml");

  private static Seed seed;
  private static Runbook runbook;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = SeedEncodingTest.class.getResourceAsStream(SEED_RESOURCE)) {
      assertThat(in).as("seed resource %s", SEED_RESOURCE).isNotNull();
      seed = Seed.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    runbook = RunbookLoader.load(RUNBOOK_FILE);
  }

  // ───────────────────────────────────────────── cadences and sections

  @Test
  void everySeedCadenceIsACadenceWithTheSeedsTitleInOrder() {
    List<SeedSection> cadences = seed.cadences();
    assertThat(cadences).as("cadences found in the seed").isNotEmpty();
    assertThat(runbook.cadences().stream().map(Cadence::id))
        .containsExactlyElementsOf(cadences.stream().map(SeedEncodingTest::cadenceId).toList());
    for (SeedSection c : cadences) {
      Cadence cadence = runbook.cadence(cadenceId(c)).orElseThrow();
      assertThat(norm(cadence.title())).as("title of %s", cadence.id()).isEqualTo(norm(c.title));
    }
  }

  @Test
  void cadenceFieldsComeFromTheCadenceTableAndTheSeedsWhenAndPrepLines() {
    Table table = seed.tableWithHeader("Cadence");
    assertThat(table.rows()).as("rows of the cadence table").hasSameSizeAs(seed.cadences());
    for (List<String> row : table.rows()) {
      String id = row.get(0).toLowerCase(Locale.ROOT).replace(' ', '-');
      Cadence cadence = runbook.cadence(id).orElse(null);
      assertThat(cadence).as("cadence '%s' of the cadence table", id).isNotNull();
      assertThat(norm(cadence.frequency())).as("frequency of %s", id).isEqualTo(norm(row.get(1)));
      assertThat(norm(cadence.focus())).as("focus of %s", id).isEqualTo(norm(row.get(2)));
      assertThat(norm(cadence.duration())).as("duration of %s", id).isEqualTo(norm(row.get(3)));
      assertThat(cadence.branch()).as("branch of %s", id).startsWith("maintenance/");
    }
    for (SeedSection c : seed.cadences()) {
      Cadence cadence = runbook.cadence(cadenceId(c)).orElseThrow();
      c.introLine("When:").ifPresent(w -> assertThat(norm(cadence.when())).as("when of %s", cadence.id()).isEqualTo(norm(w)));
      c.introLine("Prep:").ifPresent(p -> assertThat(norm(cadence.prep())).as("prep of %s", cadence.id()).isEqualTo(norm(p)));
    }
  }

  @Test
  void everySeedSectionIsASectionNestedUnderItsParent() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (SeedSection c : seed.cadences()) {
      Cadence cadence = runbook.cadence(cadenceId(c)).orElseThrow();
      for (SeedSection s : c.descendants()) {
        checked++;
        Optional<Section> found = yamlSection(cadence, s);
        if (found.isEmpty()) {
          problems.add("no section for seed section '" + s.label() + "' (or not nested under its parent)");
        } else if (!norm(found.get().title()).equals(norm(s.title))) {
          problems.add("section " + found.get().id() + " has title '" + found.get().title() + "', seed says '" + s.title + "'");
        } else if (s.number == null && !found.get().id().startsWith(s.parent.number + "-")) {
          problems.add("unnumbered section '" + s.title + "' has id " + found.get().id() + ", expected " + s.parent.number + "-...");
        }
      }
    }
    assertThat(checked).as("sections found in the seed").isPositive();
    assertThat(problems).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyChecklistItemIsAStepOfItsSectionInOrder() {
    List<DynamicTest> tests = new ArrayList<>();
    for (SeedSection c : seed.cadences()) {
      for (SeedSection s : c.descendants()) {
        tests.add(
            DynamicTest.dynamicTest(
                s.label(),
                () -> {
                  Cadence cadence = runbook.cadence(cadenceId(c)).orElseThrow();
                  Section section = yamlSection(cadence, s).orElseThrow(() -> new AssertionError("no section for " + s.label()));
                  assertThat(matchItems(s.items(), section.steps(), s.body(), gateIds(cadence.steps().stream().map(Cadence.PlacedStep::step).toList())))
                      .as("seed items of %s against the steps of section %s", s.label(), section.id())
                      .isEmpty();
                }));
      }
    }
    assertThat(tests).as("seed sections").isNotEmpty();
    assertThat(seed.cadences().stream().flatMap(c -> c.descendants().stream()).mapToInt(s -> s.items().size()).sum())
        .as("checklist items found in the seed")
        .isPositive();
    return tests.stream();
  }

  @Test
  void stepIdsAreLowercaseUniqueAndCarryTheCadenceLetterAndSectionId() {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Cadence cadence : runbook.cadences()) {
      String letter = cadence.id().substring(0, 1);
      for (Cadence.PlacedStep p : cadence.steps()) {
        String id = p.step().id();
        String prefix = letter + p.section().id() + "-";
        if (!id.startsWith(prefix) || id.length() == prefix.length()) {
          problems.add(id + " does not start with " + prefix);
        }
      }
    }
    for (Step step : allSteps()) {
      if (!step.id().equals(step.id().toLowerCase(Locale.ROOT))) {
        problems.add(step.id() + " is not lowercase");
      }
      if (!seen.add(step.id())) {
        problems.add(step.id() + " is not unique");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void sectionTablesCarryTheSeedsTables() {
    List<String> problems = new ArrayList<>();
    for (SeedSection c : seed.cadences()) {
      Cadence cadence = runbook.cadence(cadenceId(c)).orElseThrow();
      for (SeedSection s : c.descendants()) {
        List<Table> tables = s.tables();
        if (tables.isEmpty()) {
          continue;
        }
        Optional<DataTable> data = yamlSection(cadence, s).flatMap(Section::data);
        if (data.isEmpty()) {
          problems.add(s.label() + " has a table in the seed but no data");
          continue;
        }
        Table t = tables.get(0);
        if (!normCells(data.get().columns()).equals(normCells(t.header()))) {
          problems.add(s.label() + ": columns " + data.get().columns() + " differ from " + t.header());
        }
        List<List<String>> rows = data.get().rows().stream().map(SeedEncodingTest::normCells).toList();
        List<List<String>> seedRows = t.rows().stream().map(SeedEncodingTest::normCells).toList();
        if (!rows.equals(seedRows)) {
          problems.add(s.label() + ": rows " + data.get().rows() + " differ from " + t.rows());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyRunStepNamesItsWorkdir() {
    List<String> missing =
        allSteps().stream()
            .filter(s -> s.action() instanceof Action.Run run && run.workdir().isEmpty())
            .map(Step::id)
            .toList();
    assertThat(allSteps().stream().filter(s -> s.action() instanceof Action.Run)).as("run steps").isNotEmpty();
    assertThat(missing).as("run steps without workdir").isEmpty();
  }

  @Test
  void lightCalendarMonthsHaveLightSectionsInTheirCadences() {
    for (Reference.CalendarMonth month : runbook.calendar()) {
      if (!month.light()) {
        continue;
      }
      for (String id : month.cadences()) {
        assertThat(runbook.cadence(id).orElseThrow().allSections().stream().anyMatch(Section::light))
            .as("cadence %s of light month %d has light sections", id, month.month())
            .isTrue();
      }
    }
  }

  // ───────────────────────────────────────────── reference data

  @Test
  void cadenceChoiceHasEverySeedRow() {
    Table table = seed.tableWithHeader("Signal");
    assertThat(runbook.cadenceChoice().stream().map(c -> List.of(norm(c.signal()), norm(c.action()))))
        .containsExactlyElementsOf(table.rows().stream().map(SeedEncodingTest::normCells).toList());
  }

  @Test
  void emergencyTriggersCarryTheSeedsResponsesAndSlas() {
    Table table = seed.tableWithHeader("Trigger");
    assertThat(table.rows()).as("emergency triggers in the seed").isNotEmpty();
    assertThat(runbook.emergencies()).hasSameSizeAs(table.rows());
    for (int i = 0; i < table.rows().size(); i++) {
      List<String> row = table.rows().get(i);
      Reference.Emergency e = runbook.emergencies().get(i);
      assertThat(norm(e.trigger())).as("trigger of %s", e.id()).isEqualTo(norm(row.get(0)));
      assertThat(norm(e.response())).as("response of %s", e.id()).isEqualTo(norm(row.get(1)));
      assertThat(e.sla()).as("sla of %s (seed: %s)", e.id(), row.get(2)).isEqualTo(sla(row.get(2)));
      assertThat(e.steps()).as("steps of %s", e.id()).isNotEmpty();
    }
    assertThat(runbook.emergencies().stream().map(Reference.Emergency::id)).doesNotHaveDuplicates();
  }

  @Test
  void rollbacksCarryTheSeedsItemsAndCommands() {
    SeedSection section = seed.sectionTitled("Rollback Procedures");
    assertThat(section.children).as("rollback procedures in the seed").isNotEmpty();
    assertThat(runbook.rollbacks()).hasSameSizeAs(section.children);
    List<String> problems = new ArrayList<>();
    for (SeedSection s : section.children) {
      Optional<Reference.Rollback> found =
          runbook.rollbacks().stream().filter(r -> norm(r.title()).equals(norm(s.title))).findFirst();
      if (found.isEmpty()) {
        problems.add("no rollback titled '" + s.title + "'");
        continue;
      }
      Reference.Rollback rollback = found.get();
      if (s.items().isEmpty()) {
        problems.addAll(codeBlockIsCarriedOut(s, rollback));
      } else {
        problems.addAll(matchItems(s.items(), rollback.steps(), s.body(), gateIds(rollback.steps())));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void calendarHasEveryMonthOfTheSeedCalendar() {
    Table table = seed.tableWithHeader("Month");
    assertThat(table.rows()).as("months in the seed calendar").isNotEmpty();
    assertThat(runbook.calendar()).hasSameSizeAs(table.rows());
    for (int i = 0; i < table.rows().size(); i++) {
      List<String> row = table.rows().get(i);
      Reference.CalendarMonth month = runbook.calendar().get(i);
      String cadenceText = row.get(1);
      boolean light = cadenceText.contains("(light)");
      List<String> cadences =
          Arrays.stream(cadenceText.replace("(light)", "").split("\\+"))
              .map(x -> x.trim().toLowerCase(Locale.ROOT).replace(' ', '-'))
              .toList();
      assertThat(month.month()).isEqualTo(Month.valueOf(row.get(0).toUpperCase(Locale.ROOT)).getValue());
      assertThat(month.cadences()).as("cadences of %s", row.get(0)).containsExactlyElementsOf(cadences);
      assertThat(month.light()).as("light of %s", row.get(0)).isEqualTo(light);
      assertThat(norm(month.activities())).as("activities of %s", row.get(0)).isEqualTo(norm(row.get(2)));
    }
  }

  @Test
  void maintenanceWindowsFollowTheSeedsSuggestedWindows() {
    Table table = seed.tableWithHeader("Environment");
    assertThat(runbook.windows()).hasSameSizeAs(table.rows());
    Pattern times = Pattern.compile("(\\d{1,2}:\\d{2})\\s*[–-]\\s*(\\d{1,2}:\\d{2})");
    for (int i = 0; i < table.rows().size(); i++) {
      List<String> row = table.rows().get(i);
      Reference.Window w = runbook.windows().get(i);
      String text = row.get(1);
      assertThat(w.environment()).as("environment of %s", w.id()).isEqualTo(row.get(0).split("\\s")[0].toLowerCase(Locale.ROOT));
      List<DayOfWeek> days =
          Arrays.stream(DayOfWeek.values())
              .filter(d -> text.toUpperCase(Locale.ROOT).contains(d.name()))
              .toList();
      assertThat(w.days()).as("days of %s", w.id()).containsExactlyInAnyOrderElementsOf(days);
      Matcher m = times.matcher(text);
      if (m.find()) {
        assertThat(w.start()).as("start of %s", w.id()).contains(LocalTime.parse(pad(m.group(1))));
        assertThat(w.end()).as("end of %s", w.id()).contains(LocalTime.parse(pad(m.group(2))));
      } else {
        assertThat(w.start()).as("start of %s", w.id()).isEmpty();
        assertThat(w.end()).as("end of %s", w.id()).isEmpty();
      }
    }
    Set<String> windowIds = runbook.windows().stream().map(Reference.Window::id).collect(Collectors.toSet());
    assertThat(allSteps().stream().flatMap(s -> s.window().stream()))
        .as("windows named by steps")
        .isNotEmpty()
        .allMatch(windowIds::contains);
  }

  @Test
  void everyQuickReferenceCommandIsAnEntryOfItsGroup() {
    List<QuickLine> commands = seed.quickReference();
    assertThat(commands).as("quick-reference commands in the seed").isNotEmpty();
    Variables vars = new Variables(runbook, runbook.defaultEnvironment(), Map.of(), Map.of());
    List<String> problems = new ArrayList<>();
    for (QuickLine q : commands) {
      Optional<Reference.QuickCommand> entry =
          runbook.quickReference().stream()
              .filter(e -> norm(vars.resolve(e.command())).equals(norm(q.command())))
              .findFirst();
      if (entry.isEmpty()) {
        problems.add("no quick-reference entry runs '" + q.command() + "'");
        continue;
      }
      if (!norm(entry.get().group()).equals(norm(q.group()))) {
        problems.add(entry.get().name() + " is in group '" + entry.get().group() + "', seed says '" + q.group() + "'");
      }
      if (!q.comment().isEmpty() && !norm(entry.get().description()).equals(norm(q.comment()))) {
        problems.add(entry.get().name() + " has description '" + entry.get().description() + "', seed says '" + q.comment() + "'");
      }
    }
    assertThat(problems).isEmpty();
    assertThat(runbook.quickReference().stream().map(Reference.QuickCommand::name)).doesNotHaveDuplicates();
  }

  @Test
  void logColumnsAreTheSeedsMaintenanceLogColumns() {
    Table table = seed.sectionTitled("Maintenance Log").tables().get(0);
    assertThat(runbook.log().columns()).containsExactlyElementsOf(table.header());
  }

  @Test
  void revisionsAreTheSeedsRevisionHistory() {
    Table table = seed.tableWithHeader("Version");
    assertThat(runbook.revisions().stream().map(r -> List.of(norm(r.version()), norm(r.date()), norm(r.author()), norm(r.changes()))))
        .containsExactlyElementsOf(table.rows().stream().map(SeedEncodingTest::normCells).toList());
  }

  // ───────────────────────────────────────────── matching

  /**
   * Walks the steps in order: each seed item must be matched by a step whose title is the item's
   * text (optionally followed by a parenthesized qualifier, for one item done by several probes).
   * A step that matches no item is allowed only when it is a probe, a run step whose command is
   * in the section's code block, or a manual question that a later step's condition refers to.
   */
  private static List<String> matchItems(List<String> items, List<Step> steps, String body, Set<String> gates) {
    List<String> problems = new ArrayList<>();
    int next = 0;
    for (Step step : steps) {
      String title = norm(step.title());
      if (next < items.size()) {
        String item = norm(items.get(next));
        if (title.equals(item) || (title.startsWith(item + "(") && title.endsWith(")"))) {
          next++;
          continue;
        }
      }
      String kind = step.kind();
      boolean allowed =
          switch (kind) {
            case "http", "tls", "cert" -> true;
            case "run" -> body.contains(norm(((Action.Run) step.action()).command()));
            default -> gates.contains(step.id());
          };
      if (!allowed) {
        problems.add(
            "step " + step.id() + " ('" + step.title() + "', " + kind + ") matches no seed item"
                + (next < items.size() ? " (next expected: '" + items.get(next) + "')" : ""));
      }
    }
    for (String missing : items.subList(next, items.size())) {
      problems.add("seed item not encoded in order: '" + missing + "'");
    }
    return problems;
  }

  /** Ids of manual steps that a step's condition refers to (questions such as "was Nx updated?"). */
  private static Set<String> gateIds(List<Step> steps) {
    Set<String> referenced =
        steps.stream().flatMap(s -> s.when().steps().stream()).collect(Collectors.toSet());
    return steps.stream()
        .filter(s -> s.action() instanceof Action.Manual)
        .map(Step::id)
        .filter(referenced::contains)
        .collect(Collectors.toSet());
  }

  /**
   * For a procedure given only as a code block (the application rollback): {@code ssh HOST} is
   * the host of its run steps, {@code cd DIR} their workdir, every other command a run step
   * ({@code <service-name>} being the {@code service} variable).
   */
  private static List<String> codeBlockIsCarriedOut(SeedSection s, Reference.Rollback rollback) {
    List<String> problems = new ArrayList<>();
    String env = runbook.environments().stream().filter(e -> !e.equals(runbook.defaultEnvironment())).findFirst().orElse(runbook.defaultEnvironment());
    Variables staging = new Variables(runbook, env, Map.of("service", "<service-name>"), Map.of());
    List<Action.Run> runs =
        rollback.steps().stream().map(Step::action).filter(Action.Run.class::isInstance).map(Action.Run.class::cast).toList();
    if (runs.isEmpty()) {
      problems.add(rollback.id() + " has no run steps for its code block");
    }
    for (String line : s.codeLines()) {
      String command = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")).trim() : line.trim();
      if (command.startsWith("ssh ")) {
        String host = command.substring(4).trim();
        runs.stream()
            .filter(r -> r.host().map(staging::resolve).filter(host::equals).isEmpty())
            .forEach(r -> problems.add(rollback.id() + ": run '" + r.command() + "' is not on host " + host));
      } else if (command.startsWith("cd ")) {
        String dir = command.substring(3).trim();
        runs.stream()
            .filter(r -> r.workdir().map(staging::resolve).filter(dir::equals).isEmpty())
            .forEach(r -> problems.add(rollback.id() + ": run '" + r.command() + "' does not run in " + dir));
      } else if (runs.stream().noneMatch(r -> norm(staging.resolve(r.command())).equals(norm(command)))) {
        problems.add(rollback.id() + ": no run step for '" + command + "'");
      }
    }
    return problems;
  }

  private static Optional<Section> yamlSection(Cadence cadence, SeedSection s) {
    List<Section> siblings;
    if (s.parent.parent == null || s.parent.number != null && !s.parent.number.contains(".")) {
      siblings = cadence.sections();
    } else {
      Optional<Section> parent = yamlSection(cadence, s.parent);
      if (parent.isEmpty()) {
        return Optional.empty();
      }
      siblings = parent.get().sections();
    }
    Predicate<Section> same =
        s.number != null ? x -> x.id().equals(s.number) : x -> norm(x.title()).equals(norm(s.title));
    return siblings.stream().filter(same).findFirst();
  }

  private static List<Step> allSteps() {
    List<Step> steps = new ArrayList<>();
    runbook.cadences().forEach(c -> c.steps().forEach(p -> steps.add(p.step())));
    runbook.emergencies().forEach(e -> steps.addAll(e.steps()));
    runbook.rollbacks().forEach(r -> steps.addAll(r.steps()));
    return steps;
  }

  private static String cadenceId(SeedSection cadence) {
    return cadence.title.split("\\s+")[0].toLowerCase(Locale.ROOT);
  }

  /** "24 hours" → 24h, "1 hour" → 1h, "Immediate" → immediate, "Per provider timeline" → provider. */
  private static String sla(String text) {
    Matcher m = Pattern.compile("(\\d+)\\s*(hour|day|minute)s?", Pattern.CASE_INSENSITIVE).matcher(text);
    if (m.find()) {
      return m.group(1) + m.group(2).substring(0, 1).toLowerCase(Locale.ROOT);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return lower.contains("provider") ? "provider" : lower.trim();
  }

  private static String pad(String time) {
    return time.length() == 4 ? "0" + time : time;
  }

  /** Text without whitespace and backticks, lower case: survives the seed's flattening. */
  static String norm(String s) {
    return s.replaceAll("[\\s`]", "").toLowerCase(Locale.ROOT);
  }

  private static List<String> normCells(List<String> cells) {
    return cells.stream().map(SeedEncodingTest::norm).toList();
  }

  // ───────────────────────────────────────────── seed parsing

  /** A table of the seed: header cells and rows of cells. */
  record Table(List<String> header, List<List<String>> rows) {}

  /** A command line of the quick reference with its group heading and trailing comment. */
  record QuickLine(String group, String command, String comment) {}

  /** A heading of the seed with the lines up to the next heading. */
  static final class SeedSection {
    final String number;
    final String title;
    final SeedSection parent;
    final List<String> lines = new ArrayList<>();
    final List<SeedSection> children = new ArrayList<>();

    SeedSection(String number, String title, SeedSection parent) {
      this.number = number;
      this.title = title;
      this.parent = parent;
    }

    String label() {
      return number != null ? number + " " + title : title;
    }

    /** All nested sections, depth first. */
    List<SeedSection> descendants() {
      List<SeedSection> out = new ArrayList<>();
      for (SeedSection c : children) {
        out.add(c);
        out.addAll(c.descendants());
      }
      return out;
    }

    /** A line such as "When: ..." before the first subsection, without its label. */
    Optional<String> introLine(String label) {
      return lines.stream().filter(l -> l.startsWith(label)).map(l -> l.substring(label.length()).trim()).findFirst();
    }

    /** The section's own text, normalized. */
    String body() {
      return norm(String.join("\n", lines));
    }

    /**
     * Checklist items: lines beginning "- ", with continuation lines joined (a code span that
     * began an item's next line), split where several items share one line, including items
     * that follow a lead-in such as "... (e.g., 20 → 22): - Only at ...".
     */
    List<String> items() {
      List<String> joined = new ArrayList<>();
      StringBuilder current = null;
      for (String line : lines) {
        if (line.startsWith("- ")) {
          if (current != null) {
            joined.add(current.toString());
          }
          current = new StringBuilder(line.substring(2));
        } else if (current != null && !line.isBlank() && !line.startsWith("|") && !line.startsWith("#") && !line.contains(": - ")) {
          current.append(' ').append(line);
        } else {
          if (current != null) {
            joined.add(current.toString());
            current = null;
          }
          int lead = line.indexOf(": - ");
          if (lead >= 0 && !line.startsWith("|")) {
            joined.add(line.substring(lead + 4));
          }
        }
      }
      if (current != null) {
        joined.add(current.toString());
      }
      List<String> items = new ArrayList<>();
      for (String j : joined) {
        for (String part : j.split(" - ")) {
          if (!part.isBlank()) {
            items.add(part.trim());
          }
        }
      }
      return items;
    }

    /** Tables: a "|" header line followed by a "|---|" line, then rows (possibly broken over lines). */
    List<Table> tables() {
      List<Table> tables = new ArrayList<>();
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (!lines.get(i).startsWith("|") || !lines.get(i + 1).matches("\\|(\\s*:?-+:?\\s*\\|)+\\s*")) {
          continue;
        }
        List<String> header = cells(lines.get(i));
        StringBuilder body = new StringBuilder();
        int j = i + 2;
        while (j < lines.size() && lines.get(j).trim().endsWith("|")) {
          body.append(' ').append(lines.get(j));
          j++;
        }
        List<String> all = cells(body.toString());
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k + header.size() <= all.size(); k += header.size()) {
          rows.add(all.subList(k, k + header.size()));
        }
        tables.add(new Table(header, rows));
        i = j - 1;
      }
      return tables;
    }

    /** Lines of a code block: neither comments, items, table rows nor prose ending in ':' or '.'. */
    List<String> codeLines() {
      return lines.stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("- ") && !l.startsWith("|"))
          .filter(l -> !l.endsWith(":") && !l.endsWith("."))
          .toList();
    }

    private static List<String> cells(String row) {
      return Arrays.stream(row.split("\\|")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    }
  }

  /** The parsed seed. */
  static final class Seed {
    private static final Pattern NUMBERED = Pattern.compile("(\\d+(?:\\.\\d+)*)\\.?\\s+(.+)");
    final SeedSection root = new SeedSection(null, "", null);

    static Seed parse(String text) {
      Seed seed = new Seed();
      Map<String, SeedSection> byNumber = new LinkedHashMap<>();
      SeedSection current = seed.root;
      for (String line : text.lines().toList()) {
        if (!line.endsWith("¶")) {
          current.lines.add(line);
          continue;
        }
        String heading = line.substring(0, line.length() - 1).trim();
        Matcher m = NUMBERED.matcher(heading);
        SeedSection section;
        if (m.matches()) {
          String number = m.group(1);
          int dot = number.lastIndexOf('.');
          SeedSection parent = dot < 0 ? seed.root : byNumber.getOrDefault(number.substring(0, dot), seed.root);
          section = new SeedSection(number, m.group(2).trim(), parent);
          byNumber.put(number, section);
        } else {
          // An unnumbered heading belongs to the nearest numbered section (Node.js, pnpm → 3.4).
          SeedSection parent = current;
          while (parent != seed.root && parent.number == null) {
            parent = parent.parent;
          }
          section = new SeedSection(null, heading, parent);
        }
        section.parent.children.add(section);
        current = section;
      }
      return seed;
    }

    /** Top-level numbered sections that have numbered subsections: the cadences. */
    List<SeedSection> cadences() {
      return root.children.stream()
          .filter(s -> s.number != null && s.children.stream().anyMatch(c -> c.number != null))
          .toList();
    }

    List<SeedSection> all() {
      return root.descendants();
    }

    SeedSection sectionTitled(String title) {
      return all().stream()
          .filter(s -> s.title.equals(title))
          .findFirst()
          .orElseThrow(() -> new AssertionError("seed has no section titled '" + title + "'"));
    }

    Table tableWithHeader(String firstColumn) {
      return Stream.concat(Stream.of(root), all().stream())
          .flatMap(s -> s.tables().stream())
          .filter(t -> !t.header().isEmpty() && t.header().get(0).equals(firstColumn))
          .findFirst()
          .orElseThrow(() -> new AssertionError("seed has no table with first column '" + firstColumn + "'"));
    }

    /** The Quick Reference block: "# ─── Group ───" headings, commands with "# comment". */
    List<QuickLine> quickReference() {
      SeedSection s = all().stream().filter(x -> x.title.startsWith("Quick Reference")).findFirst().orElseThrow();
      Pattern group = Pattern.compile("#\\s*─+\\s*(.+?)\\s*─+\\s*");
      List<QuickLine> out = new ArrayList<>();
      String currentGroup = "";
      for (String line : s.lines) {
        if (line.startsWith("Revision History")) {
          break;
        }
        Matcher g = group.matcher(line);
        if (g.matches()) {
          currentGroup = g.group(1);
        } else if (!line.isBlank() && !line.startsWith("#")) {
          int hash = line.indexOf(" # ");
          String command = hash >= 0 ? line.substring(0, hash).trim() : line.trim();
          String comment = hash >= 0 ? line.substring(hash + 3).trim() : "";
          out.add(new QuickLine(currentGroup, command, comment));
        }
      }
      return out;
    }
  }
}
