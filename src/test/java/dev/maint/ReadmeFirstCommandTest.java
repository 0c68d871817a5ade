package dev.maint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's set-up promise: on a fresh machine (a clone, no {@code ~/ops}, no application
 * checkout) its first command, copied as it is, starts walking the monthly cadence of the
 * embedded runbook.
 */
class ReadmeFirstCommandTest {
  private static final Pattern FIRST = Pattern.compile(
      "## Set-up from source: two commands\\n(?s:.*?)```sh\\n(scripts/maint [^#\\n]*?)\\s+#[^\\n]*\\n(mvn -B verify)");

  @TempDir Path tmp;

  @Test
  void theFirstSetUpCommandStartsTheMonthlyWalkOnAFreshMachine() throws IOException {
    Matcher m = FIRST.matcher(Files.readString(Path.of("README.md")));
    assertThat(m.find()).as("README's two set-up commands").isTrue();
    String[] words = m.group(1).strip().split(" +");
    assertThat(words[0]).isEqualTo("scripts/maint");
    // A clean clone: a git repository of its own, the home folder empty (no ~/ops, no ~/src).
    Path clone = Files.createDirectories(tmp.resolve("maint"));
    Git.initWithCommit(clone);
    Path home = Files.createDirectories(tmp.resolve("home"));
    String[] args = java.util.Arrays.copyOfRange(words, 1, words.length);
    for (int i = 0; i < args.length; i++) {
      args[i] = args[i].replaceFirst("^~/", home + "/");
    }

    CliHarness maint = new CliHarness(clone).env("HOME", home.toString()).typing("q" + "y");
    CliHarness.Result r = maint.run(args);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(maint.terminalOutput()).contains("[step 1 of ").contains("Quit now?");
    assertThat(r.out() + r.err()).contains("Walking monthly with:").contains("runbook      embedded");
    assertThat(r.err()).doesNotContain("no such directory");
  }
}
