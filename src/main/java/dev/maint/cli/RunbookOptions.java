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
    return runbook != null ? java.util.Optional.of(absolute(context, runbook)) : fromEnvironment(context);
  }

  /** The runbook file {@code MAINT_RUNBOOK} names, absolute; empty when it names none. */
  static java.util.Optional<Path> fromEnvironment(CliContext context) {
    String fromEnv = context.env().get(ENV);
    return fromEnv == null || fromEnv.isBlank() ? java.util.Optional.empty()
        : java.util.Optional.of(absolute(context, Path.of(fromEnv)));
  }

  /**
   * Loads the chosen runbook.
   *
   * @throws dev.maint.runbook.RunbookException when it is missing or invalid (exit 2)
   */
  Runbook load(CliContext context) {
    return load(context, file(context));
  }

  /**
   * Loads {@code file} (as {@link #file} gives it), named as given when it is the one {@code
   * --runbook} or {@code MAINT_RUNBOOK} chose, else by its absolute path (a resumed session's);
   * empty loads the embedded runbook.
   *
   * @throws dev.maint.runbook.RunbookException when it is missing or invalid (exit 2)
   */
  Runbook load(CliContext context, java.util.Optional<Path> file) {
    if (file.isEmpty()) {
      return RunbookLoader.loadDefault();
    }
    String fromEnv = context.env().get(ENV);
    String named = runbook != null && file.get().equals(absolute(context, runbook)) ? runbook.toString()
        : fromEnv != null && !fromEnv.isBlank() && file.get().equals(absolute(context, Path.of(fromEnv))) ? fromEnv
        : file.get().toString();
    return RunbookLoader.load(file.get(), named);
  }

  private static Path absolute(CliContext context, Path given) {
    return context.cwd().resolve(given).toAbsolutePath().normalize();
  }
}
