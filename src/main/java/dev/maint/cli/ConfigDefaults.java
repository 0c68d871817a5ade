package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.config.Config;
import java.lang.reflect.Field;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives picocli the defaults {@link Config} holds for {@code --repo}, {@code --env}, {@code
 * --operator}, {@code --runbook}, {@code --push}, {@code --ca-file} and {@code --log-dir}; the
 * command line, which picocli reads first, beats them. {@code --env} takes a default only where it
 * chooses the environment walked against, not where it filters ({@code due}, {@code windows}) or
 * has none ({@code check}, whose runbook probes use the runbook's default environment).
 * The configuration is the process's ({@link CliContext#config}), read on the first option that needs it.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> KEYS = Map.of(
      "--repo", "repo", "--env", "env", "--operator", "operator", "--runbook", "runbook", "--push", "push",
      "--ca-file", "ca-file", "--log-dir", "log-dir");

  private final CliContext context;

  ConfigDefaults(CliContext context) {
    this.context = context;
  }

  /**
   * The value of {@code key} and where it came from, checked where its shape is fixed: an {@code
   * operator} must be {@code Name <mail>}, refused naming its source ({@code FILE:LINE:COLUMN} or
   * the environment variable), not as if {@code --operator} had been given; {@code MAINT_LOG_DIR}
   * must be an absolute path.
   *
   * @throws MaintException (usage) for a value of the wrong shape
   */
  static java.util.Optional<Config.Setting> setting(Config config, String key) {
    java.util.Optional<Config.Setting> s = config.get(key);
    // The logs' folder named once in the environment must not move with the current folder (a
    // file's log-dir: is already relative to that file).
    String variable = Config.ENVIRONMENT.get(key);
    if (key.equals("log-dir") && s.isPresent() && s.get().source().equals("environment " + variable)) {
      dev.maint.io.EnvironmentPath.absolute(variable, s.get().value());
    }
    if (key.equals("operator") && s.isPresent()) {
      dev.maint.record.Operator.problem(s.get().value()).ifPresent(p -> {
        throw MaintException.usage(s.get().source() + ": operator " + p);
      });
    }
    return s;
  }

  /**
   * Whether picocli can give any command the process's configured defaults without an error: the
   * configuration loads, its operator has the right shape, and no value holds a NUL character (the
   * one character no path can hold). When it cannot, picocli's parse of a command that has such an
   * option fails with the message, even for {@code --help}.
   */
  static boolean applicable(CliContext context) {
    try {
      Config config = context.config().get();
      for (String key : KEYS.values()) {
        java.util.Optional<Config.Setting> s = setting(config, key);
        if (s.isPresent() && s.get().value().indexOf('\0') >= 0) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      // Whatever went wrong, picocli meets it again while parsing and says it as it always has.
      return false;
    }
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String key = KEYS.get(option.longestName());
    if (key == null || key.equals("env") && !(option.userObject() instanceof Field f
        && f.getDeclaringClass() == SessionOptions.class
        // maint check with targets on its command line takes no runbook values, so no --env either.
        && !(option.command().userObject() instanceof CheckCommand))) {
      return null;
    }
    try {
      return setting(context.config().get(), key).map(Config.Setting::value).orElse(null);
    } catch (MaintException e) {
      throw new CommandLine.ParameterException(option.command().commandLine(), e.getMessage());
    }
  }
}
