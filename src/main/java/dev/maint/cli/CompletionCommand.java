package dev.maint.cli;

import dev.maint.ExitCode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
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
    ZSH
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (shell == Shell.ZSH) {
      out.println("# maint completion for zsh: the bash completion script below, run through zsh's");
      out.println("# bashcompinit. Load it with: source <(maint completion zsh)");
      out.println("autoload -U +X compinit && compinit");
      out.println("autoload -U +X bashcompinit && bashcompinit");
    } else {
      out.println("# maint completion for bash. Load it with: source <(maint completion bash)");
    }
    out.print(AutoComplete.bash("maint", spec.root().commandLine()));
    out.flush();
    return ExitCode.OK;
  }
}
