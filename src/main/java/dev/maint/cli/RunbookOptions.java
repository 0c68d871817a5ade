package dev.maint.cli;

import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --runbook FILE}: which runbook; else {@code MAINT_RUNBOOK}; else the embedded default. */
public final class RunbookOptions {
  /** Environment variable naming the runbook when {@code --runbook} is not given. */
  public static final String ENV = "MAINT_RUNBOOK";

  @Option(
      names = {"-r", "--runbook"},
      paramLabel = "FILE",
      description = "Runbook YAML file (default: $" + ENV + ", else the embedded Forma3D.Connect runbook).")
  Path runbook;

  /**
   * The runbook file chosen by {@code --runbook} or {@code MAINT_RUNBOOK}, absolute; empty for the
   * embedded runbook.
   */
  java.util.Optional<Path> file(CliContext context) {
    String fromEnv = context.env().get(ENV);
    Path chosen = runbook != null ? runbook : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
    return java.util.Optional.ofNullable(chosen).map(p -> context.cwd().resolve(p).toAbsolutePath().normalize());
  }

  /**
   * Loads the chosen runbook.
   *
   * @throws dev.maint.runbook.RunbookException when it is missing or invalid (exit 2)
   */
  Runbook load(CliContext context) {
    if (runbook != null) {
      return RunbookLoader.load(context.cwd().resolve(runbook), runbook.toString());
    }
    String fromEnv = context.env().get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return RunbookLoader.load(context.cwd().resolve(fromEnv), fromEnv);
    }
    return RunbookLoader.loadDefault();
  }
}
