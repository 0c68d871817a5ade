package dev.maint.markdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.MaintException;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Markdown runbooks shaped unlike the seed import without an exception into a runbook that
 * validates; each shape has its own test.
 */
class OddShapesTest {
  private static Runbook load(String markdown) {
    ImportResult result = MarkdownImporter.importMarkdown("odd.md", markdown);
    return RunbookLoader.parse("odd.yaml", result.yaml().getBytes(StandardCharsets.UTF_8));
  }

  private static List<Step> steps(Runbook r) {
    return r.cadences().stream().flatMap(c -> c.steps().stream()).map(Cadence.PlacedStep::step).toList();
  }

  private static List<String> titles(Runbook r) {
    return steps(r).stream().map(Step::title).toList();
  }

  @Test
  void nestedListItemsAreStepsAfterTheirParent() {
    Runbook r = load("""
        # Ops
        ## Weekly
        ### 1.1 Checks
        - [ ] Parent item
          - [ ] Child one
          - Child two
            1. Grandchild
        - [ ] Next item
        """);
    assertThat(titles(r)).containsExactly("Parent item", "Child one", "Child two", "Grandchild", "Next item");
  }

  @Test
  void numberedListsAreStepsInTheirOrder() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Restore
        1. Restore the backup
        2) Redeploy
        10. Investigate
        """);
    assertThat(titles(r)).containsExactly("Restore the backup", "Redeploy", "Investigate");
  }

  @Test
  void starAndPlusBulletsAreStepsToo() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Mixed
        * Star item
        + Plus item
        - Dash item
        """);
    assertThat(titles(r)).containsExactly("Star item", "Plus item", "Dash item");
  }

  @Test
  void indentedCodeIsShellCommands() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Audit

        Run these:

            # Check for known vulnerabilities
            pnpm audit
            docker system prune -af
        """);
    assertThat(steps(r)).extracting(Step::kind).containsExactly("run", "run");
    assertThat(steps(r).get(0).title()).isEqualTo("Check for known vulnerabilities: `pnpm audit`");
    assertThat(steps(r).get(1).confirm()).isTrue();
  }

  @Test
  void tildeFencesAreCodeBlocksAndOtherLanguagesAreNotCommands() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Certificates
        ~~~bash
        openssl x509 -in /etc/ssl/ca.pem -noout -enddate
        curl -fsS https://app.example.test/health
        echo | openssl s_client -connect app.example.test:8443 -servername app.example.test 2>/dev/null
        ~~~
        ~~~yaml
        key: value
        ~~~
        - [ ] Rotate the CA if < 90 days remaining
        """);
    List<Step> steps = steps(r);
    assertThat(steps).extracting(Step::kind).containsExactly("cert", "http", "tls", "manual");
    assertThat(((Action.Cert) steps.get(0).action()).warnDays()).isEqualTo(90);
    assertThat(((Action.Tls) steps.get(2).action()).port()).isEqualTo("8443");
    assertThat(r.cadences().get(0).sections().get(0).description()).contains("key: value");
  }

  @Test
  void htmlCommentsAreIgnored() {
    Runbook r = load("""
        # Ops
        <!-- generated, do not edit -->
        ## Monthly
        ### 2.1 Things
        <!--
        a multi-line comment
        -->
        - [ ] Do it <!-- trailing note -->
        """);
    assertThat(titles(r)).containsExactly("Do it");
    assertThat(r.cadences().get(0).sections().get(0).description()).isEmpty();
  }

  @Test
  void frontMatterGivesTheIdTitleAndVersion() {
    Runbook r = load("""
        ---
        runbook: payments
        title: Payments runbook
        version: 2.3
        ---
        ## Monthly
        ### 2.1 Things
        - [ ] Do it
        """);
    assertThat(r.id()).isEqualTo("payments");
    assertThat(r.title()).isEqualTo("Payments runbook");
    assertThat(r.version()).isEqualTo("2.3");
  }

  @Test
  void headingsWithoutNumbersGetIdsFromTheirTitles() {
    Runbook r = load("""
        # Ops
        ## Weekly checks
        ### Database
        - Check replication lag
        #### Backups
        - Verify last night's backup
        ### Web
        - Check the front page
        """);
    Cadence weekly = r.cadences().get(0);
    assertThat(weekly.id()).isEqualTo("weekly-checks");
    assertThat(weekly.allSections()).extracting(Section::id)
        .containsExactly("weekly-checks-database", "weekly-checks-database-backups", "weekly-checks-web");
    assertThat(steps(r)).extracting(Step::id).doesNotHaveDuplicates().allMatch(id -> id.startsWith("wweekly-checks-"));
  }

  @Test
  void crlfLineEndingsReadLikeLf() {
    String lf = """
        # Ops
        ## Monthly
        ### 2.1 Things
        - [ ] Do it
        ```sh
        pnpm audit \\
          --prod
        ```
        """;
    ImportResult crlf = MarkdownImporter.importMarkdown("odd.md", lf.replace("\n", "\r\n"));
    assertThat(crlf.yaml()).isEqualTo(MarkdownImporter.importMarkdown("odd.md", lf).yaml()).doesNotContain("\r");
    assertThat(steps(load(lf.replace("\n", "\r\n")))).extracting(Step::kind).contains("run");
  }

  @Test
  void aCadenceWithoutSubheadingsHoldsItsOwnSection() {
    Runbook r = load("""
        # Ops
        ## 1. Daily
        - Look at the dashboards
        """);
    assertThat(r.cadences().get(0).sections()).extracting(Section::id).containsExactly("1");
    assertThat(titles(r)).containsExactly("Look at the dashboards");
  }

  @Test
  void shellVariablesInCommandsStayTheShells() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Things
        ```sh
        echo "${HOME}" '${USER}'
        ```
        """);
    assertThat(((Action.Run) steps(r).get(0).action()).command()).isEqualTo("echo \"$${HOME}\" '$${USER}'");
  }

  @Test
  void placeholdersBecomeVariablesButNeverInsideSingleQuotes() {
    Runbook r = load("""
        # Ops
        ## Monthly
        ### 2.1 Things
        ```sh
        docker compose restart <service-name>
        echo '<service-name>' | cat
        ```
        """);
    assertThat(steps(r)).extracting(s -> ((Action.Run) s.action()).command())
        .containsExactly("docker compose restart ${service_name}", "echo '<service-name>' | cat");
    assertThat(r.variables()).containsKey("service_name");
  }

  @Test
  void aDocumentWithoutCadencesIsAUsageError() {
    assertThatThrownBy(() -> MarkdownImporter.importMarkdown("notes.md", "# Notes\n\nJust prose.\n"))
        .isInstanceOf(MaintException.class)
        .hasMessage("notes.md: no cadence found: a cadence is a heading with checklist items or shell code blocks under it")
        .extracting(e -> ((MaintException) e).exitCode()).isEqualTo(2);
  }
}
