package dev.maint.cli;

import dev.maint.ExitCode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code maint completion bash|zsh}: prints a shell completion script for {@code maint}. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash or zsh.",
      "  bash: source <(maint completion bash)   (or save it in ~/.local/share/bash-completion/completions/maint)",
      "  zsh:  source <(maint completion zsh)    (bash's script, loaded through bashcompinit)"
    })
public final class CompletionCommand implements Callable<Integer> {
  /** The shells a script is printed for. */
  enum Shell {
    BASH,
    ZSH;

    /** Lower case, as typed and as completed. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    CommandLine root = spec.root().commandLine();
    ((MaintCommand) root.getCommandSpec().userObject()).commands().materialize(root);
    String script = AutoComplete.bash("maint", root);
    int firstLine = script.indexOf('\n') + 1;
    out.print(script.substring(0, firstLine));
    if (shell == Shell.ZSH) {
      out.println("# maint completion for zsh: this is the bash completion script; under zsh it loads");
      out.println("# compinit and bashcompinit itself and registers through bash's complete builtin.");
      out.println("# Load it with: source <(maint completion zsh)");
    } else {
      out.println("# maint completion for bash. Load it with: source <(maint completion bash)");
    }
    out.print(script.substring(firstLine));
    out.flush();
    return ExitCode.OK;
  }
}
