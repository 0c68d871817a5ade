package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import dev.maint.markdown.RunbookRenderer;
import dev.maint.runbook.Runbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maint render [CADENCE] [--format markdown|html] [-o FILE]}: the runbook as a document. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Write the runbook (or one cadence) as a Markdown or HTML document: sections, checklists, "
        + "commands, probes as the commands an operator would type, tables, schedule, emergencies, rollbacks. "
        + "maint import reads the Markdown back with the same ids. See docs/import-render.md.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "2:unknown cadence or format, a runbook error, or the file cannot be written"})
public final class RenderCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "CADENCE", description = "Only this cadence (default: the whole runbook).")
  String cadence;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown",
      description = "markdown or html (default: markdown).")
  Format format = Format.MARKDOWN;

  /** The document written; picocli checks the value while parsing (exit 2, as for every --format). */
  enum Format {
    MARKDOWN, HTML;

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the document here (replacing it) instead of to standard output.")
  Path output;

  @Mixin RunbookOptions runbookOptions;

  private final CliContext context;

  RenderCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Runbook runbook = runbookOptions.load(context);
    String document = format == Format.HTML
        ? RunbookRenderer.html(runbook, Optional.ofNullable(cadence))
        : RunbookRenderer.markdown(runbook, Optional.ofNullable(cadence));
    if (output == null) {
      context.out().print(document);
      context.out().flush();
      return ExitCode.OK;
    }
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFile.write(context.cwd().resolve(output), out -> out.write(bytes));
    } catch (IOException e) {
      throw MaintException.usage("cannot write " + output + ": " + e.getMessage());
    }
    return ExitCode.OK;
  }
}
