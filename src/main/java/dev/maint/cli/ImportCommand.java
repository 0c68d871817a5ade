package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import dev.maint.markdown.ImportResult;
import dev.maint.markdown.ImportWarning;
import dev.maint.markdown.MarkdownImporter;
import dev.maint.runbook.RunbookException;
import dev.maint.runbook.RunbookLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maint import FILE.md [-o runbook.yaml]}: a Markdown runbook as a runbook YAML file. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = "Turn a Markdown runbook into a runbook (YAML) that maint validate accepts. Text that has no "
        + "place is kept and listed as warnings with its Markdown line. See docs/import-render.md.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:imported", "2:the document is missing, unreadable or has no cadence"})
public final class ImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE.md", description = "The Markdown runbook.")
  Path file;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the runbook here (replacing it) instead of to standard output.")
  Path output;

  @Mixin OutputOptions outputOptions;

  private final CliContext context;

  ImportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    String name = file.toString();
    ImportResult result = MarkdownImporter.importMarkdown(name, read(context.cwd().resolve(file), name));
    String target = output != null ? output.toString() : "<stdout>";
    try {
      RunbookLoader.parse(target, result.yaml().getBytes(StandardCharsets.UTF_8));
    } catch (RunbookException e) {
      throw new MaintException(ExitCode.USAGE, name + ": the import is not a valid runbook: " + e.getMessage(), e);
    }
    if (output != null) {
      byte[] bytes = result.yaml().getBytes(StandardCharsets.UTF_8);
      AtomicFile.write(context.cwd().resolve(output), out -> out.write(bytes));
    } else {
      context.out().print(result.yaml());
      context.out().flush();
    }
    for (ImportWarning w : result.warnings()) {
      context.err().println("maint: warning: " + name + ":" + w.line() + ": " + w.message());
    }
    if (!outputOptions.quiet()) {
      context.err().println("maint: imported " + name + (output != null ? " into " + output : "") + ": "
          + result.cadences() + " cadence" + (result.cadences() == 1 ? "" : "s") + ", " + result.steps()
          + " cadence step" + (result.steps() == 1 ? "" : "s") + ", " + result.warnings().size() + " warning"
          + (result.warnings().size() == 1 ? "" : "s"));
    }
    context.err().flush();
    return ExitCode.OK;
  }

  /** The document as text: a missing, oversized or non-UTF-8 file is a usage error (exit 2). */
  private static String read(Path path, String name) {
    try {
      if (Files.isDirectory(path)) {
        throw MaintException.usage(name + ": is a directory, not a Markdown file");
      }
      if (Files.size(path) > MarkdownImporter.MAX_BYTES) {
        throw MaintException.usage(name + ": larger than " + MarkdownImporter.MAX_BYTES + " bytes");
      }
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
    } catch (NoSuchFileException e) {
      throw MaintException.usage(name + ": no such file");
    } catch (CharacterCodingException e) {
      throw MaintException.usage(name + ": not valid UTF-8");
    } catch (IOException e) {
      throw MaintException.usage(name + ": cannot read: " + e.getMessage());
    }
  }
}
