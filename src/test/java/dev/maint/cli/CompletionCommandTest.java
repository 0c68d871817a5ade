package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import dev.maint.testing.Pty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts as the shells run them: bash's function called with {@code COMP_WORDS},
 * {@code COMP_CWORD}, {@code COMP_LINE} and {@code COMP_POINT} set as bash sets them, fish's
 * {@code complete -C}, zsh on a real terminal; each calling a real {@code maint} on the {@code PATH}
 * (a launcher of this build's classes), with the embedded runbook and with a small one.
 */
class CompletionCommandTest {
  /** Bash's default COMP_WORDBREAKS, without the whitespace that separates words anyway. */
  private static final String WORDBREAKS = "\"'@><=;|&(:";

  @TempDir Path tmp;
  private Path work;
  private Path home;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectories(tmp.resolve("work"));
    home = Files.createDirectories(tmp.resolve("home"));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    // maint as a user has it on the PATH: a program that starts this build's classes.
    String launcher = "#!/bin/sh\nexec " + quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp " + quote(System.getProperty("java.class.path"))
        + " dev.maint.Main \"$@\"\n";
    executable(bin.resolve("maint"), launcher);
    executable(Files.createDirectories(work.resolve("scripts")).resolve("maint"), launcher);
    copy("small.yaml", work.resolve("small.yaml"));
    Files.writeString(work.resolve("ca.pem"), "not a certificate\n");
    Files.createDirectories(work.resolve("reports"));
    Files.createDirectories(work.resolve("records"));
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("LANG", "C.UTF-8");
    env.put("TERM", "dumb");
    for (String shell : List.of("bash", "zsh", "fish")) {
      Files.writeString(tmp.resolve("completion." + shell), new CliHarness(tmp).run("completion", shell).out());
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static void copy(String resource, Path to) throws IOException {
    Files.copy(Fixtures.class.getResourceAsStream("/completion/" + resource), to);
  }

  /** What a program printed, and what it printed to standard error. */
  private record Output(String out, String err) {
    List<String> lines() {
      return out.lines().filter(l -> !l.isEmpty()).toList();
    }
  }

  private Output exec(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(tmp.resolve("stderr").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s ended", command).isTrue();
    String err = Files.readString(tmp.resolve("stderr"));
    assertThat(p.exitValue()).as("%s: %s", command, err).isZero();
    return new Output(out, err);
  }

  /**
   * The words bash gives a completion function for {@code line} with the cursor at its end: split
   * at blanks outside quotes, and each word again at COMP_WORDBREAKS characters, a run of which is a
   * word of its own ({@code --report junit=} is {@code --report}, {@code junit}, {@code =}); an
   * empty last word after a blank.
   */
  static List<String> compWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    Boolean breaks = null;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        w.append(c);
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == ' ') {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
        breaks = null;
        continue;
      }
      boolean isBreak = WORDBREAKS.indexOf(c) >= 0 && c != '\'' && c != '"';
      if (breaks != null && breaks != isBreak && w.length() > 0) {
        words.add(w.toString());
        w.setLength(0);
      }
      breaks = isBreak;
      if (c == '\'' || c == '"') {
        quote = c;
      }
      w.append(c);
    }
    words.add(w.toString());
    return words;
  }

  /** COMPREPLY after bash's completion function ran for {@code line}, the cursor at its end. */
  private Output bash(String line) throws IOException, InterruptedException {
    String program = "source \"$1\"; COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; shift 2; COMP_WORDS=(\"$@\");"
        + " COMP_CWORD=$(( $# - 1 )); _complete_maint; printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> command = new ArrayList<>(List.of("bash", "--norc", "-c", program, "bash",
        tmp.resolve("completion.bash").toString(), line));
    command.addAll(compWords(line));
    Output o = exec(command);
    assertThat(o.err()).as("what bash printed to the prompt for '%s'", line).isEmpty();
    return o;
  }

  private List<String> complete(String line) throws IOException, InterruptedException {
    return bash(line).lines();
  }

  @Test
  void bashSplitsTheWayTheTestSays() {
    assertThat(compWords("maint walk --report junit=")).containsExactly("maint", "walk", "--report", "junit", "=");
    assertThat(compWords("maint walk --env=pr")).containsExactly("maint", "walk", "--env", "=", "pr");
    assertThat(compWords("maint 'a b' ")).containsExactly("maint", "'a b'", "");
  }

  @Test
  void commandsAndOptionsAreCompletedFromPicocliModel() throws Exception {
    assertThat(complete("maint cont")).containsExactly("continuous");
    assertThat(complete("maint continuous --format ")).containsExactly("text", "json");
    assertThat(complete("maint continuous --dry")).containsExactly("--dry-run");
    assertThat(complete("maint completion ")).containsExactly("bash", "zsh", "fish");
    assertThat(complete("maint ")).contains("list", "walk", "emergency", "monthly", "quarterly")
        .doesNotContain("__complete");
    assertThat(complete("maint --")).containsExactly("--help", "--version");
    assertThat(complete("maint log sh")).containsExactly("show");
  }

  @Test
  void cadenceIdsOfTheEmbeddedRunbook() throws Exception {
    assertThat(complete("maint mon")).containsExactly("monthly");
    assertThat(complete("maint walk ")).containsExactly("continuous", "monthly", "quarterly", "semi-annual");
    assertThat(complete("maint show s")).containsExactly("semi-annual");
    assertThat(complete("maint render q")).containsExactly("quarterly");
  }

  @Test
  void namesOfTheEmbeddedRunbook() throws Exception {
    assertThat(complete("maint monthly --env ")).containsExactly("staging", "production");
    assertThat(complete("maint emergency crit")).containsExactly("critical-cve");
    assertThat(complete("maint rollback ")).containsExactly("application", "database", "infrastructure");
    assertThat(complete("maint run pnpm-a")).containsExactly("pnpm-audit");
    assertThat(complete("maint monthly --only m2.4-tls-a")).containsExactly("m2.4-tls-api");
  }

  @Test
  void theRunbookOnTheLineIsRead() throws Exception {
    assertThat(complete("maint walk --runbook small.yaml ")).containsExactly("monthly", "weekly");
    assertThat(complete("maint show -r small.yaml w")).containsExactly("weekly");
    assertThat(complete("maint walk --runbook=small.yaml w")).containsExactly("weekly");
    assertThat(complete("maint monthly -r small.yaml --env ")).containsExactly("staging", "production");
    assertThat(complete("maint monthly -r small.yaml --env=pro")).containsExactly("production");
    assertThat(complete("maint emergency -r small.yaml ")).containsExactly("outage", "leaked-key");
    assertThat(complete("maint rollback -r small.yaml ")).containsExactly("application");
    assertThat(complete("maint run -r small.yaml disk-")).containsExactly("disk-usage", "disk-inodes");
    assertThat(complete("maint monthly -r small.yaml --set gr")).containsExactly("greeting=");
  }

  @Test
  void sectionAndStepIdsOfTheCadenceOnTheLine() throws Exception {
    assertThat(complete("maint monthly -r small.yaml --only "))
        .containsExactly("1", "check-notes", "say-hello", "2", "smoke");
    assertThat(complete("maint monthly -r small.yaml --skip 1,s")).containsExactly("1,say-hello", "1,smoke");
    assertThat(complete("maint monthly -r small.yaml --skip smoke,")).containsExactly("smoke,1", "smoke,check-notes",
        "smoke,say-hello", "smoke,2");
    assertThat(complete("maint monthly -r small.yaml --start-at=sa")).containsExactly("say-hello");
    assertThat(complete("maint walk -r small.yaml weekly --only ")).containsExactly("w1", "w-dashboard");
    assertThat(complete("maint emergency -r small.yaml outage --skip ")).containsExactly("outage",
        "e-outage-look");
    assertThat(complete("maint rollback application -r small.yaml --start-at r-")).containsExactly("r-app-revert");
  }

  @Test
  void reportKindsThenFiles() throws Exception {
    Files.writeString(work.resolve("results.xml"), "");
    assertThat(complete("maint monthly --report ")).containsExactly("junit=", "json=", "markdown=");
    assertThat(complete("maint monthly --report j")).containsExactly("junit=", "json=");
    assertThat(complete("maint monthly --report junit=re")).containsExactlyInAnyOrder("reports", "records",
        "results.xml");
    assertThat(complete("maint monthly --report junit=res")).containsExactly("results.xml");
    assertThat(complete("maint monthly --report junit=a.xml,markdown=sm")).containsExactly("small.yaml");
    assertThat(complete("maint monthly --report=json=sm")).containsExactly("small.yaml");
  }

  @Test
  void filesAndFolders() throws Exception {
    assertThat(complete("maint monthly --runbook sm")).containsExactly("small.yaml");
    assertThat(complete("maint check tls --ca-file c")).containsExactly("ca.pem");
    assertThat(complete("maint monthly --repo ")).containsExactlyInAnyOrder("reports", "records", "scripts");
    assertThat(complete("maint validate sma")).containsExactly("small.yaml");
  }

  @Test
  void theConfiguredRunbookIsRead() throws Exception {
    // The environment, as maint config shows it.
    env.put("MAINT_RUNBOOK", work.resolve("small.yaml").toString());
    assertThat(complete("maint walk ")).containsExactly("monthly", "weekly");
    // A fixed cadence command the runbook lacks would only fail: not offered.
    assertThat(complete("maint ")).contains("monthly", "walk").doesNotContain("quarterly", "continuous");
    env.remove("MAINT_RUNBOOK");

    // The user file.
    Path user = Files.createDirectories(home.resolve(".config/maint"));
    Files.writeString(user.resolve("config.yaml"), "runbook: " + work.resolve("small.yaml") + "\n");
    assertThat(complete("maint emergency ")).containsExactly("outage", "leaked-key");

    // The project file beats the user file; its path is relative to its folder.
    Path project = Files.createDirectories(work.resolve("ops"));
    Files.createDirectories(project.resolve(".git"));
    copy("hostile.yaml", project.resolve("other.yaml"));
    Files.writeString(project.resolve(".maint.yaml"), "runbook: other.yaml\n");
    Files.createDirectories(project.resolve("sub"));
    work = project.resolve("sub");
    assertThat(complete("maint monthly --env a")).containsExactly("a\\ b");
    // The line beats the configuration.
    assertThat(complete("maint monthly --runbook ../../small.yaml --env ")).containsExactly("staging", "production");
  }

  @Test
  void hostileIdsAreInsertedQuotedAndNeverRun() throws Exception {
    copy("hostile.yaml", work.resolve("hostile.yaml"));
    List<String> reply = complete("maint monthly -r hostile.yaml --env ");

    assertThat(reply).hasSize(6).contains("a\\ b", "it\\'s");
    // Each inserted word, when the line is run, is the environment's name as the runbook writes it.
    List<String> command = new ArrayList<>(List.of("bash", "--norc", "-c",
        "for w in " + String.join(" ", reply) + "; do printf '%s\\n' \"$w\"; done"));
    assertThat(exec(command).lines()).containsExactly("a b", "it's", "$(touch pwned)", "`touch pwned2`", "say \"hi\"",
        "x;touch pwned3");
    // Hostile text typed on the line is passed on as words, not run either.
    complete("maint monthly -r hostile.yaml --only '$(touch pwned4)' --env $(touch\\ pwned5) ");
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
    }
  }

  @Test
  void errorsGiveNoCandidatesAndPrintNothing() throws Exception {
    Files.writeString(work.resolve("broken.yaml"), "runbook: [unclosed\n");
    assertThat(bash("maint walk -r missing.yaml ").lines()).isEmpty();
    assertThat(bash("maint walk -r broken.yaml ").lines()).isEmpty();
    assertThat(bash("maint monthly -r broken.yaml --only ").lines()).isEmpty();
    // Options still complete: they do not need the runbook.
    assertThat(complete("maint monthly -r broken.yaml --no-c")).containsExactly("--no-color", "--no-commit");
    // A program that is not there: nothing, not "command not found".
    Files.delete(work.resolve("scripts/maint"));
    assertThat(bash("scripts/maint mon").lines()).isEmpty();

    CliHarness.Result r = new CliHarness(work).run("__complete", "bash", "walk", "-r", "broken.yaml", "");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("words:\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void registeredForMaintAndScriptsMaint() throws Exception {
    Output registered = exec(List.of("bash", "--norc", "-c", "source \"$1\"; complete -p maint scripts/maint", "bash",
        tmp.resolve("completion.bash").toString()));
    assertThat(registered.lines()).containsExactly("complete -F _complete_maint maint",
        "complete -F _complete_maint scripts/maint");
    assertThat(complete("scripts/maint mon")).containsExactly("monthly");
    assertThat(complete("scripts/maint monthly --only m2.4-tls-a")).containsExactly("m2.4-tls-api");
  }

  @Test
  void theHelpDoesNotListTheHiddenCommand() {
    CliHarness.Result r = new CliHarness(tmp).run("--help");
    assertThat(r.out()).contains("completion").doesNotContain("__complete");
  }

  @Test
  void anUnknownShellIsAUsageError() {
    CliHarness.Result r = new CliHarness(tmp).run("completion", "tcsh");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("tcsh");
  }

  private static boolean installed(String shell) {
    return Files.isExecutable(Path.of("/usr/bin", shell)) || Files.isExecutable(Path.of("/bin", shell));
  }

  /** What fish's {@code complete -C LINE} lists (its own completion, as Tab shows it), without descriptions. */
  private List<String> fish(String line) throws IOException, InterruptedException {
    Output o = exec(List.of("fish", "--no-config", "-c", "source $argv[1]; complete -C $argv[2]",
        tmp.resolve("completion.fish").toString(), line));
    assertThat(o.err()).as("what fish printed for '%s'", line).isEmpty();
    return o.lines().stream().map(l -> l.split("\t", 2)[0]).toList();
  }

  @Test
  void fishCompletesTheSameFromTheRunbook() throws Exception {
    assumeTrue(installed("fish"), "fish is not installed");
    copy("hostile.yaml", work.resolve("hostile.yaml"));
    Files.writeString(work.resolve("results.xml"), "");

    assertThat(fish("maint mon")).containsExactly("monthly");
    assertThat(fish("maint continuous --dry")).containsExactly("--dry-run");
    assertThat(fish("maint walk -r small.yaml ")).containsExactlyInAnyOrder("monthly", "weekly");
    assertThat(fish("maint monthly -r small.yaml --env ")).containsExactlyInAnyOrder("staging", "production");
    assertThat(fish("maint monthly -r small.yaml --env=pro")).containsExactly("--env=production");
    assertThat(fish("maint emergency -r small.yaml ")).containsExactlyInAnyOrder("outage", "leaked-key");
    assertThat(fish("maint rollback -r small.yaml ")).containsExactly("application");
    assertThat(fish("maint run -r small.yaml disk-")).containsExactlyInAnyOrder("disk-usage", "disk-inodes");
    assertThat(fish("maint monthly -r small.yaml --skip 1,s")).containsExactlyInAnyOrder("1,say-hello", "1,smoke");
    assertThat(fish("maint monthly --report ")).containsExactlyInAnyOrder("junit=", "json=", "markdown=");
    assertThat(fish("maint monthly --report junit=res")).containsExactly("junit=results.xml");
    assertThat(fish("maint monthly --repo r")).containsExactlyInAnyOrder("reports/", "records/");
    assertThat(fish("scripts/maint show mon")).containsExactly("monthly");
    assertThat(fish("maint monthly -r hostile.yaml --env '$('")).containsExactly("$(touch pwned)");
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
    }
  }

  @Test
  void zshCompletesOnARealTerminal() throws Exception {
    assumeTrue(installed("zsh"), "zsh is not installed");
    copy("hostile.yaml", work.resolve("hostile.yaml"));
    Files.writeString(work.resolve("results.xml"), "");
    Duration limit = Duration.ofSeconds(60);
    try (Pty zsh = Pty.shell(work, env, "zsh -f -i")) {
      // As a .zshrc would: the completion system, then the script. maint and scripts/maint become
      // functions that show the line Enter would run; the completion script still calls the real
      // program, as `command`.
      zsh.type("PS1='zsh> '; autoload -Uz compinit && compinit -u -D; source " + tmp.resolve("completion.zsh")
          + "; for f in maint scripts/maint; do functions[$f]='if [[ $1 == __complete ]]; then command " + "$0 \"$@\";"
          + " else print -r -- \"RAN:${(j:|:)@}\"; fi'; done; echo re''ady\r");
      zsh.await("ready", limit);

      int mark = zsh.mark();
      zsh.type("maint show mon\t");
      zsh.await(mark, "monthly", limit).type("\r").await(mark, "RAN:show|monthly", limit);

      mark = zsh.mark();
      zsh.type("maint monthly -r small.yaml --env \t");
      zsh.await(mark, "production", limit).await(mark, "staging", limit).type("\u0015");

      mark = zsh.mark();
      zsh.type("maint monthly -r small.yaml --env=pro\t");
      zsh.await(mark, "production", limit).type("\r").await(mark, "RAN:monthly|-r|small.yaml|--env=production", limit);

      mark = zsh.mark();
      zsh.type("maint monthly -r small.yaml --skip 1,say\t");
      zsh.await(mark, "hello", limit).type("\r").await(mark, "RAN:monthly|-r|small.yaml|--skip|1,say-hello", limit);

      mark = zsh.mark();
      zsh.type("maint monthly --report junit=resu\t");
      zsh.await(mark, "lts.xml", limit).type("\r").await(mark, "RAN:monthly|--report|junit=results.xml", limit);

      mark = zsh.mark();
      zsh.type("scripts/maint emergency -r small.yaml out\t");
      zsh.await(mark, "age", limit).type("\r").await(mark, "RAN:emergency|-r|small.yaml|outage", limit);

      mark = zsh.mark();
      zsh.type("maint monthly -r hostile.yaml --env x\t");
      zsh.await(mark, "pwned3", limit).type("\r").await(mark, "RAN:monthly|-r|hostile.yaml|--env|x;touch pwned3", limit);

      mark = zsh.mark();
      zsh.type("maint monthly -r hostile.yaml --env '$(\t");
      zsh.await(mark, "touch pwned", limit).type("\r").await(mark, "RAN:monthly|-r|hostile.yaml|--env|$(touch pwned)",
          limit);
    }
    try (var files = Files.list(work)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("pwned"));
    }
  }

  @Test
  void bashCompletesOnARealTerminal() throws Exception {
    Files.writeString(work.resolve("results.xml"), "");
    Duration limit = Duration.ofSeconds(60);
    try (Pty bash = Pty.shell(work, env)) {
      // As a .bashrc would; maint becomes a function that shows the line Enter would run, while the
      // completion script still calls the real program.
      bash.type("PS1='bash> '; source " + tmp.resolve("completion.bash") + "; maint() { if [[ $1 == __complete ]];"
          + " then command maint \"$@\"; else local IFS='|'; echo \"RAN:$*\"; fi; }; echo re''ady\r");
      bash.await("ready", limit);

      // Readline splits at '=': the word is put together again, and no space follows junit=.
      int mark = bash.mark();
      bash.type("maint monthly --report ju\t");
      bash.await(mark, "junit=", limit).type("resu\t");
      bash.await(mark, "lts.xml", limit).type("\r").await(mark, "RAN:monthly|--report|junit=results.xml", limit);

      mark = bash.mark();
      bash.type("maint monthly -r small.yaml --env=prod\t");
      bash.await(mark, "uction", limit).type("\r").await(mark, "RAN:monthly|-r|small.yaml|--env=production", limit);

      mark = bash.mark();
      bash.type("maint walk -r small.yaml week\t");
      bash.await(mark, "ly", limit).type("--only w-\t");
      bash.await(mark, "dashboard", limit).type("\r").await(mark, "RAN:walk|-r|small.yaml|weekly|--only|w-dashboard",
          limit);
    }
  }

  @Test
  void completionOpensNoRepositoryAndLogsNothing() throws Exception {
    // In a repository with a project file, as an operator's ops repository is.
    Files.createDirectories(work.resolve(".git"));
    Files.writeString(work.resolve(".maint.yaml"), "runbook: small.yaml\n");
    Path classes = tmp.resolve("classes.log");
    Output o = exec(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"), "dev.maint.Main",
        "__complete", "bash", "monthly", "--only", "s"));

    assertThat(o.out()).isEqualTo("words:\nsay-hello\nsmoke\n");
    assertThat(o.err()).isEmpty();
    assertThat(Files.readString(classes)).contains("dev.maint.runbook.RunbookLoader")
        .doesNotContain("org.eclipse.jgit", "ch.qos.logback", "org.slf4j", "org.jline.terminal");
  }
}
