package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Only the command that runs is built; the help still lists every command, and completion knows them all. */
class LazyCommandsTest {
  @TempDir Path tmp;

  private CliContext context() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(), tmp, Optional.empty(),
        false, false);
  }

  /** A few of the commands, in the order they are registered. */
  private static final String[] SOME = {"continuous", "monthly", "quarterly", "semi-annual", "list", "show", "validate",
      "check", "completion", "emergency", "rollback", "walk"};

  @Test
  void aCommandLineBuildsOnlyTheCommandItNames() {
    CommandLine tree = Cli.commandLine(context(), new String[] {"list", "--runbook", "x.yaml"});

    assertThat(tree.getSubcommands()).containsOnlyKeys("list");
    assertThat(tree.getSubcommands().get("list").getCommandSpec().userObject()).isInstanceOf(ListCommand.class);
  }

  @Test
  void versionBuildsNoCommand() {
    assertThat(Cli.commandLine(context(), new String[] {"--version"}).getSubcommands()).isEmpty();
  }

  @Test
  void helpListsEveryCommandWithItsDescription() {
    CliHarness.Result r = new CliHarness(tmp).run("--help");

    assertThat(r.exitCode()).isZero();
    for (String name : Cli.commandLine(context()).getSubcommands().keySet()) {
      assertThat(r.out()).containsPattern("(?m)^  " + name + " +\\S");
    }
    assertThat(r.out()).contains("list         List the runbook's cadences with their sections and step counts.")
        .contains("monthly      Walk the monthly cadence: security patches and monitoring review.");
  }

  @Test
  void theWholeTreeHasEveryCommandBuiltInHelpOrder() {
    CommandLine tree = Cli.commandLine(context());

    assertThat(tree.getSubcommands().keySet()).containsSubsequence(SOME);
    assertThat(tree.getSubcommands().values()).allSatisfy(
        c -> assertThat(c.getCommandSpec().userObject()).isNotInstanceOf(Commands.Placeholder.class));
  }

  @Test
  void completionCompletesCommandsThatWereNotBuiltToRunIt() {
    CliHarness.Result names = new CliHarness(tmp).run("__complete", "bash", "");
    CliHarness.Result options = new CliHarness(tmp).run("__complete", "bash", "log", "show", "--for");

    assertThat(names.out().lines()).contains("check", "log", "walk", "render");
    assertThat(options.out()).isEqualTo("words:\n--format\n");
  }

  @Test
  void aTerminalIsACharacterDeviceOfTheTtyFamily() {
    assertThat(Cli.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Cli.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Cli.isTerminalDevice("/dev/console")).isTrue();
    assertThat(Cli.isTerminalDevice("pipe:[123456]")).isFalse();
    assertThat(Cli.isTerminalDevice("/dev/null")).isFalse();
    assertThat(Cli.isTerminalDevice("/home/ada/in.txt")).isFalse();
  }
}
