package dev.maint.build;

import dev.maint.cli.Cli;
import dev.maint.cli.CliContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool: writes the AsciiDoc man pages of {@code maint} and every subcommand with picocli's
 * {@link ManPageGenerator}. {@code mvn package} runs it (exec-maven-plugin) into {@code
 * target/generated-docs}; asciidoctor then turns them into troff man pages.
 *
 * <p>It lives with the tests because it is a build step, not part of the shipped jar; it builds
 * the command tree through {@link Cli#commandLine}, since the cadence commands are added in code
 * and not by annotation.
 */
public final class ManPages {
  private ManPages() {}

  /**
   * Writes the man pages.
   *
   * @param args the output directory
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
    }
    int rc = write(Path.of(args[0]));
    if (rc != 0) {
      throw new IllegalStateException("ManPageGenerator exited " + rc);
    }
  }

  /** Writes {@code maint.adoc}, {@code maint-monthly.adoc}, ... into {@code dir}; returns picocli's exit code. */
  public static int write(Path dir) throws IOException {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CliContext context = new CliContext(InputStream.nullInputStream(), none, none, Map.of(), Clock.systemUTC(),
        Path.of("").toAbsolutePath(), Optional.empty(), false, false);
    return ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true,
        Cli.commandLine(context).getCommandSpec());
  }
}
