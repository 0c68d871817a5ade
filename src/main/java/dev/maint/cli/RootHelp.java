package dev.maint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * {@code maint --help} without building picocli's command tree: the usage text picocli renders for
 * the root command, rendered when the jar is built ({@link #main}) into two resources beside this
 * class, {@value #PLAIN} and {@value #COLOURED}. Building the root command by reflection (a
 * dynamic proxy per annotation type, which Java 17 cannot archive with CDS) and rendering its usage
 * took about three times the JVM's own start (docs/benchmarks.md, Start-up).
 *
 * <p>The text is printed only when picocli would print exactly it: the default width of 80 columns
 * (no {@code picocli.usage.width}), the default colours (no {@code picocli.color.*}), no picocli
 * tracing, {@code \n} line ends; coloured or not as picocli itself decides ({@link Ansi#AUTO}:
 * the {@code picocli.ansi} property, {@code NO_COLOR}, {@code CLICOLOR}, {@code CLICOLOR_FORCE},
 * whether the output is a terminal). Otherwise, or in a build without the resources, picocli
 * builds the tree and renders it as before. {@code RootHelpTest} holds the resources to picocli's
 * rendering of the annotated commands, so they cannot go stale.
 */
public final class RootHelp {
  /** The resource holding the help without colour, UTF-8 with {@code \n} line ends. */
  static final String PLAIN = "root-help.txt";

  /** The resource holding the help with picocli's default ANSI colours, UTF-8 with {@code \n} line ends. */
  static final String COLOURED = "root-help.ansi.txt";

  private RootHelp() {}

  /**
   * The root command's help as picocli would print it in this process, when it was rendered at
   * build time for this process's settings; empty when picocli must render it.
   */
  static Optional<String> text() {
    if (!renderedForThisProcess()) {
      return Optional.empty();
    }
    try (InputStream in = RootHelp.class.getResourceAsStream(Ansi.AUTO.enabled() ? COLOURED : PLAIN)) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the settings that change picocli's usage text, other than colour, are the defaults
   * the resources were rendered with: {@code \n} line ends, and no {@code picocli.*} system
   * property but {@code picocli.ansi} (which {@link Ansi#AUTO} reads) and {@code picocli.trace}
   * left off (tracing prints to standard error while picocli builds the tree).
   */
  static boolean renderedForThisProcess() {
    if (!"\n".equals(System.lineSeparator())) {
      return false;
    }
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("picocli.") && !name.equals("picocli.ansi")
          && !(name.equals("picocli.trace") && "OFF".equalsIgnoreCase(System.getProperty(name)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * picocli's rendering of the root command's help, every command built from its annotations.
   *
   * @param ansi {@link Ansi#ON} for picocli's default colours, {@link Ansi#OFF} for none
   */
  static String render(Ansi ansi) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CliContext context = new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(),
        Path.of("").toAbsolutePath(), Optional.empty(), false, false);
    CommandLine root = Cli.commandLine(context);
    return root.getUsageMessage(ansi);
  }

  /**
   * Build step (exec-maven-plugin, at process-classes): writes {@value #PLAIN} and {@value
   * #COLOURED} into {@code args[0]}, the folder of this class in the build's output. Kept in the
   * jar rather than with the tests so that a build that skips the tests ({@code scripts/maint})
   * writes them too. Writes nothing where lines do not end in {@code \n}: the resources would not
   * be used there.
   *
   * @throws IllegalStateException when a {@code picocli.*} property would change the rendering
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: RootHelp OUTPUT_DIR");
    }
    if (!"\n".equals(System.lineSeparator())) {
      return;
    }
    if (!renderedForThisProcess()) {
      throw new IllegalStateException("a picocli.* system property is set: the help would not be picocli's default");
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    Files.writeString(dir.resolve(PLAIN), render(Ansi.OFF), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(COLOURED), render(Ansi.ON), StandardCharsets.UTF_8);
  }
}
