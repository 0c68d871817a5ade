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
 * {@code maint --help} and {@code maint COMMAND --help} without building picocli's command tree:
 * the usage text picocli renders for {@code maint} and each of its commands, rendered when the jar
 * is built ({@link #main}) into resources beside this class, {@code help/maint.txt}, {@code
 * help/maint-monthly.txt}, ..., each also as {@code .ansi.txt} with picocli's default colours.
 * Building a command by reflection (a dynamic proxy per annotation type, which Java 17 cannot
 * archive with CDS) and rendering its usage took about three times the JVM's own start
 * (docs/benchmarks.md, Start-up).
 *
 * <p>A text is printed only when picocli would print exactly it: the default width of 80 columns
 * (no {@code picocli.usage.width}), the default colours (no {@code picocli.color.*}), no picocli
 * tracing, {@code \n} line ends; coloured or not as picocli itself decides ({@link Ansi#AUTO}:
 * the {@code picocli.ansi} property, {@code NO_COLOR}, {@code CLICOLOR}, {@code CLICOLOR_FORCE},
 * whether the output is a terminal). Otherwise, or in a build without the resources, picocli
 * builds the command and renders it as before. {@code RenderedHelpTest} holds the resources to
 * picocli's rendering of the annotated commands, so they cannot go stale.
 */
public final class RenderedHelp {
  /** The root command's resource name without its ending; a command's is {@code maint-NAME}. */
  static final String ROOT = "maint";

  private RenderedHelp() {}

  /**
   * The help of {@code maint} (null {@code command}) or of {@code maint COMMAND} as picocli would
   * print it in this process, when it was rendered at build time for this process's settings;
   * empty when picocli must render it (or {@code command} is not one of maint's).
   */
  static Optional<String> text(String command) {
    if (command != null && !isName(command) || !renderedForThisProcess()) {
      return Optional.empty();
    }
    String name = resource(command == null ? ROOT : ROOT + "-" + command, Ansi.AUTO.enabled());
    try (InputStream in = open(name, System.getProperty("java.class.path", ""))) {
      return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code word} can be a command's name ({@code [a-z][a-z-]*}); it comes from the command line. */
  private static boolean isName(String word) {
    if (word.isEmpty() || word.charAt(0) == '-') {
      return false;
    }
    // A loop, not a regular expression or a stream: either would load tens of classes for this.
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The resource {@code name} (relative to this class), or null. Run as {@code java -jar}, the
   * class path is the jar alone and the entry is read from it directly: {@link
   * Class#getResourceAsStream} goes through a {@code jar:} URL connection, about 5 ms of a cold
   * start, as much as the rest of printing the help.
   *
   * @param classPath the {@code java.class.path} property
   */
  static InputStream open(String name, String classPath) throws IOException {
    String entry = RenderedHelp.class.getPackageName().replace('.', '/') + "/" + name;
    if (classPath.endsWith(".jar") && classPath.indexOf(java.io.File.pathSeparatorChar) < 0) {
      try {
        java.util.zip.ZipFile jar = new java.util.zip.ZipFile(classPath);
        java.util.zip.ZipEntry e = jar.getEntry(entry);
        if (e == null) {
          jar.close();
          return null;
        }
        // Closing the stream closes the jar.
        return new java.io.FilterInputStream(jar.getInputStream(e)) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              jar.close();
            }
          }
        };
      } catch (IOException e) {
        // Read as any resource below.
      }
    }
    return RenderedHelp.class.getResourceAsStream(name);
  }

  /** The resource name, relative to this class, of a rendered help. */
  static String resource(String stem, boolean coloured) {
    return "help/" + stem + (coloured ? ".ansi.txt" : ".txt");
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

  /** The whole command tree, every command built from its annotations, as picocli renders it. */
  static CommandLine tree() {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    return Cli.commandLine(new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(),
        Path.of("").toAbsolutePath(), Optional.empty(), false, false));
  }

  /**
   * Build step (exec-maven-plugin, at process-classes): writes the help of {@code maint} and of
   * each of its commands, plain and coloured, into {@code args[0]/help}, {@code args[0]} being the
   * folder of this class in the build's output. Kept in the jar rather than with the tests so that
   * a build that skips the tests ({@code scripts/maint}) writes them too. Writes nothing where
   * lines do not end in {@code \n}: the resources would not be used there.
   *
   * @throws IllegalStateException when a {@code picocli.*} property would change the rendering
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: RenderedHelp OUTPUT_DIR");
    }
    if (!"\n".equals(System.lineSeparator())) {
      return;
    }
    if (!renderedForThisProcess()) {
      throw new IllegalStateException("a picocli.* system property is set: the help would not be picocli's default");
    }
    Path dir = Files.createDirectories(Path.of(args[0], "help"));
    CommandLine root = tree();
    write(dir, ROOT, root);
    root.getSubcommands().forEach((name, sub) -> write(dir, ROOT + "-" + name, sub));
  }

  private static void write(Path dir, String stem, CommandLine command) {
    try {
      for (boolean coloured : new boolean[] {false, true}) {
        Files.writeString(dir.resolve(Path.of(resource(stem, coloured)).getFileName()),
            command.getUsageMessage(coloured ? Ansi.ON : Ansi.OFF), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
