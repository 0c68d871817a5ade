package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.ParseResult;

/**
 * The GitHub workflows run what exists: the repository's scripts, known tools, and maint
 * subcommands and options that the picocli command model really has.
 */
public class WorkflowsTest {
  private static final Path WORKFLOWS = Path.of(".github", "workflows");
  /** Tools a GitHub-hosted ubuntu runner has (with setup-java; node and npm come with it), and shell keywords. */
  private static final Set<String> RUNNER_TOOLS = Set.of("mvn", "git", "java", "curl", "sudo", "npm", "if", "then", "fi");

  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> workflow(String name) throws IOException {
    try (InputStream in = Files.newInputStream(WORKFLOWS.resolve(name))) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
  }

  /** The {@code on:} triggers; YAML 1.1 reads the key {@code on} as the boolean true. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> triggers(Map<String, Object> workflow) {
    Object on = workflow.containsKey("on") ? workflow.get("on") : ((Map<Object, Object>) (Map<?, ?>) workflow).get(true);
    return (Map<String, Object>) on;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> workflow) {
    List<Map<String, Object>> out = new ArrayList<>();
    Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
    jobs.values().forEach(job -> out.addAll((List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")));
    return out;
  }

  private static List<String> runCommands(Map<String, Object> workflow) {
    List<String> commands = new ArrayList<>();
    for (Map<String, Object> step : steps(workflow)) {
      if (step.get("run") instanceof String run) {
        run.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(commands::add);
      }
    }
    return commands;
  }

  private static Optional<Map<String, Object>> uses(Map<String, Object> workflow, String action) {
    return steps(workflow).stream().filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@")).findFirst();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> with(Map<String, Object> step) {
    return (Map<String, Object>) step.get("with");
  }

  /** Splits a command line as sh would for plain words, single and double quotes. */
  public static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }

  private ParseResult parseMaint(List<String> args) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CliContext context = new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(), tmp,
        Optional.empty(), false, false);
    return Cli.commandLine(context).parseArgs(args.toArray(String[]::new));
  }

  private void assertCommandsExist(Map<String, Object> workflow) {
    for (String command : runCommands(workflow)) {
      List<String> words = words(command);
      String program = words.get(0);
      if (program.startsWith("scripts/")) {
        Path script = Path.of(program);
        assertThat(script).as(command).exists();
        assertThat(Files.isExecutable(script)).as(program + " is executable").isTrue();
      } else {
        assertThat(RUNNER_TOOLS).as(command).contains(program);
      }
      if (program.equals("scripts/maint")) {
        assertThatCode(() -> parseMaint(words.subList(1, words.size()))).as(command).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void ciBuildsAndTestsEveryPushAndPullRequestWithTemurin17() throws IOException {
    Map<String, Object> ci = workflow("ci.yml");

    assertThat(triggers(ci)).containsKeys("push", "pull_request");
    assertThat(with(uses(ci, "actions/setup-java").orElseThrow()))
        .containsEntry("distribution", "temurin").containsEntry("java-version", "17");
    assertThat(runCommands(ci)).contains("mvn -B verify");
    assertCommandsExist(ci);
  }

  @Test
  @SuppressWarnings("unchecked")
  void maintenanceUploadsTheMetricsAndPublishesTheSiteToPagesAfterTheWeeklyRun() throws IOException {
    Map<String, Object> maintenance = workflow("maintenance.yml");
    Map<String, Object> site = (Map<String, Object>) ((Map<String, Object>) maintenance.get("jobs")).get("site");

    assertThat(steps(maintenance).stream().filter(s -> String.valueOf(s.get("uses")).startsWith("actions/upload-artifact@"))
        .map(WorkflowsTest::with).filter(w -> "maint-metrics".equals(w.get("name"))).findFirst().orElseThrow())
        .containsEntry("path", "target/maint/maint.prom");
    assertThat(runCommands(maintenance)).contains("scripts/maint due --textfile target/maint/maint.prom --format prometheus",
        "scripts/maint site --out target/site");
    assertThat(site.get("needs")).isEqualTo("continuous");
    assertThat((Map<String, Object>) site.get("permissions")).containsEntry("pages", "write").containsEntry("id-token", "write");
    assertThat(with(uses(maintenance, "actions/upload-pages-artifact").orElseThrow())).containsEntry("path", "target/site");
    assertThat(uses(maintenance, "actions/deploy-pages")).isPresent();
    assertCommandsExist(maintenance);
  }

  @Test
  void maintenanceRunsTheContinuousCadenceWeeklyAndOnDemandWithRealOptions() throws IOException {
    Map<String, Object> maintenance = workflow("maintenance.yml");

    assertThat(triggers(maintenance)).containsKeys("schedule", "workflow_dispatch");
    assertCommandsExist(maintenance);
    List<String> maint = runCommands(maintenance).stream().map(WorkflowsTest::words)
        .filter(w -> w.get(0).equals("scripts/maint")).findFirst().orElseThrow();
    ParseResult parsed = parseMaint(maint.subList(1, maint.size()));
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("continuous");
    assertThat(parsed.subcommand().hasMatchedOption("--non-interactive")).isTrue();
    assertThat(parsed.subcommand().matchedOptionValue("--report", List.of()).toString())
        .contains("JUNIT", "target/maint/junit.xml", "JSON", "target/maint/report.json");
  }

  @Test
  void maintenanceUploadsTheJunitAndJsonReportsMaintWrites() throws IOException {
    Map<String, Object> maintenance = workflow("maintenance.yml");

    assertThat(String.valueOf(with(uses(maintenance, "actions/upload-artifact").orElseThrow()).get("path")))
        .contains("target/maint/report.json", "target/maint/junit.xml");
  }

  @Test
  void everyActionIsPinnedToAFullCommitAndEveryWorkflowNamesItsPermissions() throws IOException {
    try (var files = Files.list(WORKFLOWS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        Map<String, Object> workflow = workflow(file.getFileName().toString());
        assertThat(workflow).as(file + " permissions").containsKey("permissions");
        for (Map<String, Object> step : steps(workflow)) {
          Object uses = step.get("uses");
          if (uses != null) {
            // A tag can be moved to other code after review; only a commit id names what ran.
            assertThat(String.valueOf(uses)).as(file + " step " + step.get("name"))
                .matches("[\\w.-]+/[\\w./-]+@[0-9a-f]{40}");
          }
        }
      }
    }
  }
}
