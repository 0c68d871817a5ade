package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
  @TempDir Path tmp;

  /** Sources the script in bash and asks for the completions of a command line ending in a space or a prefix. */
  private List<String> complete(Path script, String... words) throws IOException, InterruptedException {
    String line = String.join(" ", words);
    String program = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$*\";"
        + " COMP_POINT=${#COMP_LINE}; _complete_maint 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> cmd = new ArrayList<>(List.of("bash", "-c", program, "bash", script.toString()));
    cmd.addAll(List.of(words));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(line + ": " + out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void bashScriptCompletesSubcommandsAndOptionValues() throws Exception {
    CliHarness.Result r = new CliHarness(tmp).run("completion", "bash");
    Path script = Files.writeString(tmp.resolve("maint.bash"), r.out());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash\n# maint completion for bash");
    assertThat(complete(script, "maint", "cont")).containsExactly("continuous");
    assertThat(complete(script, "maint", "continuous", "--format", "")).containsExactly("text", "json");
    assertThat(complete(script, "maint", "continuous", "--dry")).containsExactly("--dry-run");
  }

  @Test
  void zshScriptSaysItRunsThroughBashcompinit() {
    CliHarness.Result r = new CliHarness(tmp).run("completion", "zsh");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().lines().limit(4)).anyMatch(l -> l.contains("zsh") && l.contains("bash completion script"));
    assertThat(r.out()).contains("autoload -U +X bashcompinit && bashcompinit");
  }

  @Test
  void anUnknownShellIsAUsageError() {
    CliHarness.Result r = new CliHarness(tmp).run("completion", "fish");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("fish");
  }
}
