package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.ExitCode;
import dev.maint.testing.CliHarness;
import dev.maint.testing.Git;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code maint --help} and {@code maint COMMAND --help} print the text the build rendered with
 * picocli, and that text is, byte for byte, picocli's rendering of the annotated commands, coloured
 * or not as picocli decides; any setting the text was not rendered for is left to picocli, and so
 * are configured defaults picocli would refuse.
 */
class RenderedHelpTest {
  @TempDir Path tmp;

  private CliContext context() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(), tmp, Optional.empty(),
        false, false);
  }

  private static String resource(String stem, boolean coloured) throws IOException {
    String name = RenderedHelp.resource(stem, coloured);
    try (InputStream in = RenderedHelp.class.getResourceAsStream(name)) {
      assertThat(in).as("%s, written by the build at process-classes", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What picocli's {@code usage} prints for {@code tree} in this process (colour as it decides). */
  private static String usage(CommandLine tree) {
    StringWriter w = new StringWriter();
    tree.usage(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void theBuiltTextIsPicocliRenderingOfTheAnnotatedCommands() throws IOException {
    String plain = resource("maint", false);
    String coloured = resource("maint", true);

    assertThat(plain).isEqualTo(Cli.commandLine(context()).getUsageMessage(Ansi.OFF))
        .startsWith("Usage: maint [-hV] [COMMAND]\n").contains("\nCommands:\n", "\nExit codes:\n")
        .doesNotContain("\u001B[");
    assertThat(coloured).isEqualTo(Cli.commandLine(context()).getUsageMessage(Ansi.ON)).contains("\u001B[1mmaint\u001B[21m");
    assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(plain);
  }

  @Test
  void eachCommandsTextIsWhatPicocliPrintsForItsHelp() throws IOException {
    CommandLine tree = Cli.commandLine(context());
    assertThat(tree.getSubcommands()).hasSizeGreaterThan(20);
    for (String name : tree.getSubcommands().keySet()) {
      // The tree picocli builds to run NAME --help: that command alone, the others placeholders.
      CommandLine running = Cli.commandLine(context(), new String[] {name, "--help"}).getSubcommands().get(name);

      assertThat(resource("maint-" + name, false)).as(name)
          .isEqualTo(tree.getSubcommands().get(name).getUsageMessage(Ansi.OFF))
          .isEqualTo(running.getUsageMessage(Ansi.OFF)).startsWith("Usage: maint " + name + " ");
      assertThat(resource("maint-" + name, true)).as(name)
          .isEqualTo(tree.getSubcommands().get(name).getUsageMessage(Ansi.ON))
          .isEqualTo(running.getUsageMessage(Ansi.ON));
      CliHarness.Result help = new CliHarness(tmp).run(name, "--help");
      assertThat(help.exitCode()).as(name).isEqualTo(ExitCode.OK);
      assertThat(help.out()).as(name).isEqualTo(usage(running));
      assertThat(new CliHarness(tmp).run(name, "-h").out()).as(name).isEqualTo(help.out());
    }
  }

  @Test
  void aCommandsHelpWithConfiguredDefaultsIsTheRenderedText() throws IOException {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();
    Files.writeString(repo.resolve(".maint.yaml"), "operator: Ada Lovelace <ada@example.org>\nrunbook: ops.yaml\n");

    CliHarness.Result r = new CliHarness(repo).run("monthly", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(resource("maint-monthly", false));
  }

  /** picocli applies the configured defaults before it sees --help: what it refuses, it says. */
  @Test
  void aCommandsHelpWithDefaultsPicocliRefusesSaysWhatPicocliSays() throws IOException {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();
    Files.writeString(repo.resolve(".maint.yaml"), "operator: nobody\n");

    CliHarness.Result operator = new CliHarness(repo).run("monthly", "--help");
    Files.writeString(repo.resolve(".maint.yaml"), "runbook: \"ops\\0.yaml\"\n");
    CliHarness.Result nul = new CliHarness(repo).run("check", "-h");
    Files.writeString(repo.resolve(".maint.yaml"), "operator: [\n");
    CliHarness.Result yaml = new CliHarness(repo).run("list", "--help");

    assertThat(operator.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(operator.out()).isEmpty();
    assertThat(operator.err()).contains("operator must look like");
    assertThat(nul.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(nul.out()).isEmpty();
    assertThat(nul.err()).contains("Nul character not allowed");
    assertThat(yaml.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(yaml.err()).contains(".maint.yaml:");
  }

  @Test
  void aWordThatIsNoCommandIsLeftToPicocli() {
    assertThat(RenderedHelp.text("../maint")).isEmpty();
    assertThat(RenderedHelp.text("nosuch")).isEmpty();

    CliHarness.Result r = new CliHarness(tmp).run("nosuch", "--help");

    // picocli answers the root's --help and lets the unknown word pass.
    assertThat(r.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).isEqualTo(usage(Cli.commandLine(context())));
  }

  @Test
  void fromAJarTheEntryIsReadFromTheJarItself() throws IOException {
    Path jar = tmp.resolve("maint.jar");
    try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.zip.ZipEntry("dev/maint/cli/help/maint-x.txt"));
      out.write("Usage: maint x\n".getBytes(StandardCharsets.UTF_8));
    }
    String directories = System.getProperty("java.class.path");

    try (InputStream in = RenderedHelp.open("help/maint-x.txt", jar.toString())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Usage: maint x\n");
    }
    assertThat(RenderedHelp.open("help/maint.txt", jar.toString())).isNull();
    // A jar that cannot be opened: the class loader's resource.
    try (InputStream in = RenderedHelp.open("help/maint.txt", tmp.resolve("missing.jar").toString())) {
      assertThat(in).isNotNull();
    }
    try (InputStream in = RenderedHelp.open("help/maint.txt", directories)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(resource("maint", false));
    }
  }

  @Test
  void helpDashHAndNoCommandPrintWhatPicocliPrints() {
    String picocli = usage(Cli.commandLine(context()));

    CliHarness.Result help = new CliHarness(tmp).run("--help");
    CliHarness.Result h = new CliHarness(tmp).run("-h");
    CliHarness.Result none = new CliHarness(tmp).run();

    assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(help.out()).isEqualTo(picocli);
    assertThat(h.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(h.out()).isEqualTo(picocli);
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(none.out()).isEqualTo(picocli);
    // The tree picocli builds for --help when the text cannot be used (placeholders) says the same.
    assertThat(usage(Cli.commandLine(context(), new String[] {"--help"}))).isEqualTo(picocli);
  }

  @Test
  void picocliAnsiPropertyColoursItAsPicocliWould() {
    String before = System.getProperty("picocli.ansi");
    System.setProperty("picocli.ansi", "true");
    try {
      String picocli = usage(Cli.commandLine(context()));

      CliHarness.Result r = new CliHarness(tmp).run("--help");

      assertThat(picocli).contains("\u001B[");
      assertThat(r.out()).isEqualTo(picocli);
    } finally {
      restore("picocli.ansi", before);
    }
  }

  @Test
  void aWidthPropertyIsLeftToPicocli() throws IOException {
    String before = System.getProperty("picocli.usage.width");
    System.setProperty("picocli.usage.width", "120");
    try {
      String picocli = usage(Cli.commandLine(context()));

      CliHarness.Result r = new CliHarness(tmp).run("--help");

      assertThat(RenderedHelp.text(null)).isEmpty();
      assertThat(r.out()).isEqualTo(picocli).isNotEqualTo(resource("maint", false))
          .contains("  continuous   Walk the continuous cadence: automated scanning and alert triage (weekly).\n");
    } finally {
      restore("picocli.usage.width", before);
    }
  }

  @Test
  void tracingIsLeftToPicocli() {
    String before = System.getProperty("picocli.trace");
    try {
      System.setProperty("picocli.trace", "OFF");
      assertThat(RenderedHelp.renderedForThisProcess()).isTrue();
      System.setProperty("picocli.trace", "DEBUG");
      assertThat(RenderedHelp.renderedForThisProcess()).isFalse();
    } finally {
      restore("picocli.trace", before);
    }
  }

  /**
   * The environment picocli reads for colour ({@code NO_COLOR}, {@code CLICOLOR_FORCE}) and its
   * property, in real processes, whose output is piped: each prints picocli's text for it.
   */
  @Test
  void aProcessColoursItAsItsEnvironmentAsksPicocli() throws Exception {
    String plain = Cli.commandLine(context()).getUsageMessage(Ansi.OFF);
    String coloured = Cli.commandLine(context()).getUsageMessage(Ansi.ON);

    assertThat(process(Map.of("NO_COLOR", "1"), "--help")).isEqualTo(plain);
    assertThat(process(Map.of(), "--help")).isEqualTo(plain);
    assertThat(process(Map.of("CLICOLOR_FORCE", "1"), "--help")).isEqualTo(coloured);
    assertThat(process(Map.of("NO_COLOR", "1", "CLICOLOR_FORCE", "1"), "-h")).isEqualTo(plain);
    assertThat(process(Map.of(), "-Dpicocli.ansi=true", "--help")).isEqualTo(coloured);
    assertThat(process(Map.of("CLICOLOR_FORCE", "1"), "monthly", "--help"))
        .isEqualTo(Cli.commandLine(context()).getSubcommands().get("monthly").getUsageMessage(Ansi.ON));
  }

  /**
   * Standard output of {@code java [-Dx=y] dev.maint.Main args} with {@code env} and no other
   * colour variable; leading {@code -D} arguments go to the JVM.
   */
  private String process(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    int i = 0;
    for (; i < args.length && args[i].startsWith("-D"); i++) {
      cmd.add(args[i]);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.maint.Main"));
    cmd.addAll(List.of(args).subList(i, args.length));
    Path out = tmp.resolve("out.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectOutput(out.toFile())
        .redirectError(tmp.resolve("err.txt").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.equals("NO_COLOR") || k.startsWith("CLICOLOR") || k.startsWith("MAINT_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("maint ended").isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
