package dev.maint.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Chromium;
import dev.maint.testing.HtmlChecker;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code maint site} from a repository holding real walks of the schedule test runbook, made with
 * pinned clocks: every cadence done once (semi-annual in July, quarterly in October, monthly on
 * 2026-11-03, continuous on 2026-11-03), December's light monthly walked partly and quit, an
 * emergency response and a rollback; the site is made on 2026-12-09, so the weeks and months
 * without a run before it are overdue. The pages are loaded in headless Chromium and checked by
 * the W3C's HTML checker.
 */
class SiteCommandTest extends RepoTest {
  private Walks schedule;
  private Path site;

  @BeforeEach
  void walkEveryKindOfRun() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
    walk("semi-annual", "2026-07-08T09:00:00Z");
    walk("quarterly", "2026-10-06T09:00:00Z");
    walk("monthly", "2026-11-03T09:00:00Z");
    walk("continuous", "2026-11-03T09:00:00Z");
    CliHarness.Result quit = schedule.maint(Walks.at("2026-12-01T09:00:00Z")).typing("\rdqy\r")
        .run(schedule.args(repo, "monthly", "--full"));
    assertThat(quit.out()).as(quit.err()).contains("Log entry committed to maintenance/2026-12");
    CliHarness.Result emergency = schedule.maint(Walks.at("2026-11-20T09:00:00Z")).typing("ddd")
        .run(schedule.args(repo, "emergency", "critical-cve"));
    assertThat(emergency.out()).as(emergency.err()).contains("Log entry committed to maintenance/2026-11");
    CliHarness.Result rollback = schedule.maint(Walks.at("2026-11-21T09:00:00Z"))
        .run(schedule.args(repo, "rollback", "database", "--non-interactive"));
    assertThat(rollback.out()).as(rollback.err()).contains("Log entry committed to maintenance/2026-11");
    site = tmp.resolve("public");
  }

  private void walk(String cadence, String instant) {
    CliHarness.Result r = schedule.maint(Walks.at(instant)).run(schedule.args(repo, cadence, "--non-interactive"));
    assertThat(r.out()).as(r.err()).contains("Log entry committed to");
  }

  private CliHarness.Result site(String... extra) {
    return schedule.maint().run(List.of("site", "--runbook", schedule.runbook().toString(), "--repo",
        repo.toString(), "--date", "2026-12-09", "--out", site.toString()), extra);
  }


  @Test
  void yearViewHasACellPerWeekOrMonthWithItsStateLinkingToItsRun() throws Exception {
    CliHarness.Result r = site();

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Site written to " + site + ": 7 runs, ");
    String dom = new Chromium(tmp).dumpDom(site.resolve("index.html"));

    // 2026 has 52 Mondays, so 52 weeks, W02 (from Monday 5 January) to W53; the one run is in W45, and
    // the other weeks before the one of 2026-12-09 (W50) are overdue.
    assertThat(cells(dom, "continuous")).hasSize(52);
    assertThat(cells(dom, "continuous").get(0)).contains("data-period=\"W02\"");
    assertThat(cell(dom, "continuous", "W45")).contains("data-state=\"done\"")
        .contains("href=\"runs/" + sessionOf("continuous") + ".html\"");
    assertThat(cell(dom, "continuous", "W44")).contains("data-state=\"overdue\"").doesNotContain("href=");
    assertThat(cell(dom, "continuous", "W50")).contains("data-state=\"due\"");
    assertThat(cell(dom, "continuous", "W51")).contains("data-state=\"not-due\"");
    assertThat(count(cells(dom, "continuous"), "overdue")).isEqualTo(47);
    // Monthly: due in the calendar's eight months; November done, December light and partly done then quit.
    assertThat(cells(dom, "monthly")).hasSize(8);
    assertThat(cell(dom, "monthly", "Nov")).contains("data-state=\"done\"");
    assertThat(cell(dom, "monthly", "Dec")).contains("data-state=\"partly-done\"").contains("data-light=\"true\"")
        .contains("partly done, overdue, light month")
        .contains("href=\"runs/" + sessionOf("monthly", "quit") + ".html\"");
    assertThat(cell(dom, "monthly", "Sep")).contains("data-state=\"overdue\"");
    assertThat(cell(dom, "quarterly", "Oct")).contains("data-state=\"done\"");
    assertThat(cell(dom, "semi-annual", "Jul")).contains("data-state=\"done\"");
    assertThat(dom).containsPattern("<p class=\"counts\">1 done · 47 overdue · 1 due · 3 not due</p>");
    // The emergency response and the rollback are listed beside the grid, and every run below it.
    String others = between(dom, "id=\"other-runs-table\"", "</table>");
    assertThat(others).contains("emergency-critical-cve").contains("rollback-database");
    assertThat(Pattern.compile("<tr>").matcher(between(dom, "id=\"all-runs-table\"", "</table>")).results().count())
        .isEqualTo(1 + 7);
  }

  @Test
  void runPageShowsStepsOperatorsDigestAndCommitAndTheMarkdownSummaryLiesBesideIt() throws Exception {
    site();
    String session = sessionOf("emergency-critical-cve");
    Path page = site.resolve("runs/" + session + ".html");

    String dom = new Chromium(tmp).dumpDom(page);

    assertThat(dom).contains("<h1>Run " + session + ": emergency-critical-cve</h1>")
        .contains("<dt>Operators</dt><dd>Ada Operator</dd>")
        .containsPattern("<dt>Runbook digest</dt><dd><code>sha256:[0-9a-f]{64}</code></dd>")
        .contains("<dt>Commit</dt><dd><code>" + git.run("log", "-1", "--format=%H", "--grep",
            "emergency-critical-cve", "maintenance/2026-11").strip() + "</code> on maintenance/2026-11</dd>")
        .containsPattern("<dt>Emergency</dt><dd>critical-cve \\(SLA 24h\\): .*; deadline .* met</dd>");
    assertThat(Pattern.compile("<tr data-step=").matcher(dom).results().count()).isEqualTo(3);
    assertThat(dom).containsPattern("<code>e-cve-patch</code></td><td class=\"status status-pass\">pass</td>");
    assertThat(Files.readString(site.resolve("runs/" + session + ".md")))
        .startsWith("## maint emergency-critical-cve: ✅ passed")
        .contains("session `" + session + "`");
  }

  @Test
  void openItemsPageListsWhatTheNewestRunOfEachCadenceLeftOpen() throws Exception {
    site();

    String dom = new Chromium(tmp).dumpDom(site.resolve("open-items.html"));

    String monthly = between(dom, "<h2 id=\"open-monthly\">", "</section>");
    assertThat(monthly).contains(sessionOf("monthly", "quit"));
    assertThat(dom).containsPattern("<p id=\"open-count\">\\d+ items? left open");
    assertThat(between(dom, "<h2 id=\"open-rollback-database\">", "</section>")).contains("Nothing left open.");
  }

  @Test
  void everyPageIsValidHtmlAndAPhoneScreenshotIsTaken() throws Exception {
    site();
    List<Path> pages;
    try (Stream<Path> files = Files.walk(site)) {
      pages = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }

    // index.html and year-2026.html, the open items, a page for each run.
    assertThat(pages).hasSize(2 + 1 + 7);
    assertThat(HtmlChecker.errors(pages)).isEmpty();
    Path png = new Chromium(tmp).screenshot(site.resolve("index.html"), tmp.resolve("phone.png"), 412, 915);
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(1000);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void aSecretInARunShowsMaskedOnItsPageAndInItsMarkdown() throws Exception {
    // The secret is in the probe's host name, sent by --resolve to the loopback's discard port where
    // nothing listens: the step errors with a reason naming the host, masked in the record.
    walks.editRunbook("run: exit 3", "http:\n              url: \"http://${token}.test:9/\"");
    CliHarness.Result walked = walks.maint().run(walks.args(repo, "monthly", "--non-interactive", "--resolve",
        Walks.SECRET + ".test:9:127.0.0.1"));
    assertThat(walked.out()).as(walked.err()).contains("Log entry committed to");

    CliHarness.Result r = walks.maint().run("site", "--runbook", walks.runbook().toString(), "--repo",
        repo.toString(), "--out", site.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    String session = git.run("log", "-1", "--format=%(trailers:key=Maint-Session,valueonly)", "maintenance/2026-11")
        .strip();
    String dom = new Chromium(tmp).dumpDom(site.resolve("runs/" + session + ".html"));
    assertThat(dom).containsPattern("<tr data-step=\"failing\">.*<td class=\"status status-error\">error</td>"
        + "<td>cannot connect to \\*\\*\\*\\.test:9").doesNotContain(Walks.SECRET);
    try (Stream<Path> files = Files.walk(site)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(p)).as(p.toString()).doesNotContain(Walks.SECRET);
      }
    }
  }

  @Test
  void pagesUseNoExternalAsset() throws Exception {
    site();
    try (Stream<Path> files = Files.walk(site)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".html")).toList()) {
        assertThat(Files.readString(p)).as(p.toString()).doesNotContainPattern("(src|href)=\"(https?:)?//")
            .doesNotContain("<script").doesNotContain("<link");
      }
    }
  }

  private String sessionOf(String cadence) throws IOException {
    return sessionOf(cadence, null);
  }

  /** The session of the run of {@code cadence} (with this outcome, when given), from {@code maint log}. */
  private String sessionOf(String cadence, String outcome) throws IOException {
    CliHarness.Result log = schedule.maint().run("log", "--format", "json", "--runbook", schedule.runbook().toString(),
        "--repo", repo.toString());
    for (JsonNode run : new ObjectMapper().readTree(log.out())) {
      if (run.path("cadence").asText().equals(cadence) && (outcome == null || run.path("outcome").asText().equals(outcome))) {
        return run.path("session").asText();
      }
    }
    throw new AssertionError("no run of " + cadence + " in " + log.out());
  }

  private static List<String> cells(String dom, String cadence) {
    return Pattern.compile("<li class=\"cell [^\"]*\" data-cadence=\"" + Pattern.quote(cadence) + "\".*?</li>")
        .matcher(dom).results().map(java.util.regex.MatchResult::group).toList();
  }

  private static String cell(String dom, String cadence, String period) {
    return cells(dom, cadence).stream().filter(c -> c.contains("data-period=\"" + period + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + cadence + " cell " + period));
  }

  private static long count(List<String> cells, String state) {
    return cells.stream().filter(c -> c.contains("data-state=\"" + state + "\"")).count();
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    assertThat(start).as("'" + from + "' in the page").isNotNegative();
    int end = text.indexOf(to, start);
    return text.substring(start, end < 0 ? text.length() : end);
  }
}
