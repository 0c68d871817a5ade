package dev.maint.cli;

import dev.maint.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maint completion bash|zsh|fish}: prints a shell completion script for {@code maint} and
 * {@code scripts/maint}. The scripts are thin: for every word they ask the program being completed
 * ({@code maint __complete SHELL WORD...}, see {@link Completer}), so subcommands, options and the
 * runbook's ids are completed alike in the three shells.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash, zsh or fish; it completes commands, options, and the runbook's"
          + " cadence, environment, emergency, rollback, quick-reference, section and step ids.",
      "  bash: source <(maint completion bash)   (or save it as ~/.local/share/bash-completion/completions/maint)",
      "  zsh:  source <(maint completion zsh)    (or save it as _maint in a folder of $fpath)",
      "  fish: maint completion fish | source    (or save it as ~/.config/fish/completions/maint.fish)"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** The shells a script is printed for. */
  enum Shell {
    BASH("maint.bash"),
    ZSH("_maint"),
    FISH("maint.fish");

    private final String resource;

    Shell(String resource) {
      this.resource = resource;
    }

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(script(shell));
    out.flush();
    return ExitCode.OK;
  }

  /** The completion script for {@code shell}, as kept in the jar. */
  static String script(Shell shell) {
    try (InputStream in = CompletionCommand.class.getResourceAsStream("completion/" + shell.resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the " + shell + " completion script");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
