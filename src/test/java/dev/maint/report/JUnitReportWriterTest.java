package dev.maint.report;

import static dev.maint.testing.JUnitXml.child;
import static dev.maint.testing.JUnitXml.elements;
import static dev.maint.testing.JUnitXml.outcome;
import static dev.maint.testing.JUnitXml.testcase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.testing.Golden;
import dev.maint.testing.JUnitXml;
import dev.maint.testing.SampleReport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class JUnitReportWriterTest {
  @TempDir Path tmp;

  private String xml(boolean failOnWarn) {
    return Reports.text(ReportFormat.JUNIT, SampleReport.build(tmp, failOnWarn));
  }

  @Test
  void matchesTheGoldenFile() {
    Golden.assertMatches("report.junit.xml", xml(false));
  }

  @Test
  void validatesAgainstTheJUnitSchemaWithMarkupAndControlCharactersInNamesAndOutput() {
    String xml = xml(false);

    assertThatCode(() -> JUnitXml.validate(xml)).doesNotThrowAnyException();
    Element odd = testcase(JUnitXml.parse(xml), "odd-name");
    assertThat(odd.getAttribute("name")).isEqualTo("Names with & < > \" ' and bell red (odd-name)");
    assertThat(child(odd, "system-out").getTextContent()).contains("red & <tag>  ]]> done").doesNotContain("\u001b");
  }

  @Test
  void mapsEachStatusToWhatCiSystemsShow() {
    Document doc = JUnitXml.parse(xml(false));

    assertThat(outcome(testcase(doc, "preflight"))).isEqualTo("passed");
    assertThat(outcome(testcase(doc, "scan-ok"))).isEqualTo("passed");
    assertThat(outcome(testcase(doc, "audit-fails"))).isEqualTo("failure");
    assertThat(child(testcase(doc, "audit-fails"), "failure").getAttribute("message")).isEqualTo("exit code 1 (expected 0)");
    assertThat(outcome(testcase(doc, "tool-missing"))).isEqualTo("error");
    assertThat(child(testcase(doc, "slow"), "error").getAttribute("type")).isEqualTo("interrupted");
    assertThat(child(testcase(doc, "review-dashboard"), "skipped").getAttribute("message")).startsWith("manual: ");
    assertThat(child(testcase(doc, "january-only"), "skipped").getAttribute("message")).startsWith("condition not met");
  }

  @Test
  void warnPassesWithTheWarningInItsOutput() {
    Element warned = testcase(JUnitXml.parse(xml(false)), "scan-ok");

    assertThat(child(warned, "system-out").getTextContent())
        .startsWith("warn: certificate expires in 20 days (minimum 30)\nnote: renewal ticket OPS-12\n");
  }

  @Test
  void warnIsAFailureUnderFailOnWarn() {
    Document doc = JUnitXml.parse(xml(true));

    assertThat(child(testcase(doc, "scan-ok"), "failure").getAttribute("message"))
        .isEqualTo("warn: certificate expires in 20 days (minimum 30)");
    assertThat(child(doc.getDocumentElement(), "testsuite").getAttribute("failures")).isEqualTo("0");
    assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("2");
  }

  @Test
  void countsOnEverySuiteAddUpOnTheRoot() {
    Document doc = JUnitXml.parse(xml(false));
    Element root = doc.getDocumentElement();

    assertThat(List.of("tests", "failures", "errors", "skipped").stream()
            .map(a -> a + "=" + root.getAttribute(a)).collect(Collectors.joining(" ")))
        .isEqualTo("tests=8 failures=1 errors=2 skipped=2");
    for (String attr : List.of("tests", "failures", "errors", "skipped")) {
      int sum = elements(doc, "testsuite").stream().mapToInt(e -> Integer.parseInt(e.getAttribute(attr))).sum();
      assertThat(sum).as(attr).isEqualTo(Integer.parseInt(root.getAttribute(attr)));
    }
    assertThat(root.getAttribute("time")).isEqualTo("2.362");
  }

  @Test
  void oneSuitePerSectionWithClassnameCadenceDotSection() {
    Document doc = JUnitXml.parse(xml(false));

    assertThat(elements(doc, "testsuite")).extracting(e -> e.getAttribute("name"))
        .containsExactly("continuous.pre Pre-flight", "continuous.1 Scans", "continuous.2 Review");
    assertThat(testcase(doc, "audit-fails").getAttribute("classname")).isEqualTo("continuous.1");
    assertThat(testcase(doc, "audit-fails").getAttribute("time")).isEqualTo("1.500");
  }

  @Test
  void capsOutputAndStillWritesValidXml() throws Exception {
    RunReport sample = SampleReport.build(tmp, false);
    RunReport.Row first = sample.rows().get(0);
    String huge = "é\u001b[1m".repeat(JUnitReportWriter.OUTPUT_LIMIT) + "😀".repeat(JUnitReportWriter.OUTPUT_LIMIT);
    StepResult big = first.result().toBuilder().status(Status.PASS).reason("ok").note("")
        .evidence(java.util.Map.of("stdout", huge)).facts(java.util.Map.of()).build();
    RunReport report = sample.withExitCode(0)
        .withRows(List.of(new RunReport.Row(first.section(), first.title(), first.kind(), big)));

    String xml = Reports.text(ReportFormat.JUNIT, report);

    JUnitXml.validate(xml);
    assertThat(child(testcase(JUnitXml.parse(xml), first.stepId()), "system-out").getTextContent())
        .hasSizeLessThan(JUnitReportWriter.OUTPUT_LIMIT + 100)
        .contains("characters left out");
  }
}
