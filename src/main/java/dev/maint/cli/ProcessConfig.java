package dev.maint.cli;

import dev.maint.config.Config;
import dev.maint.record.RepositoryRoot;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The configuration of one {@code maint} process ({@link Config}: the environment, the project
 * file, the user file), read when first asked for and then kept. Every option default and every
 * command of a run sees the same values, even when a file changes meanwhile, and a command that
 * needs none ({@code --version}, {@code completion}) reads none. A failed read is kept too: asked
 * again, it fails with the same error rather than reading the files again.
 */
public final class ProcessConfig implements Supplier<Config> {
  private final Supplier<Config> loader;
  private Config config;
  private RuntimeException failure;

  private ProcessConfig(Supplier<Config> loader) {
    this.loader = loader;
  }

  /** The configuration {@code loader} reads, read on the first {@link #get} only. */
  public static ProcessConfig of(Supplier<Config> loader) {
    return new ProcessConfig(loader);
  }

  /**
   * The configuration of a process in {@code cwd} with environment {@code env}, read from its files
   * on the first {@link #get} only (see {@link #read}).
   */
  public static ProcessConfig files(Path cwd, Map<String, String> env) {
    return new ProcessConfig(new Files(cwd, env));
  }

  /**
   * Reads the configuration now: the project file at the root of the repository that holds {@code
   * cwd}, the user file and the {@code MAINT_*} variables of {@code env}.
   *
   * @throws dev.maint.MaintException (usage) as {@link Config#load}
   */
  public static Config read(Path cwd, Map<String, String> env) {
    return Config.load(RepositoryRoot.of(cwd), env);
  }

  /**
   * The configuration, read on the first call.
   *
   * @throws dev.maint.MaintException (usage) as {@link Config#load}, on every call once the read failed
   */
  @Override
  public synchronized Config get() {
    if (config == null && failure == null) {
      try {
        config = loader.get();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
    return config;
  }

  /** The files' reader, a class rather than a lambda: every start of maint makes one. */
  private record Files(Path cwd, Map<String, String> env) implements Supplier<Config> {
    Files {
      env = Map.copyOf(env);
    }

    @Override
    public Config get() {
      return read(cwd, env);
    }
  }
}
