package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.probe.ProbeContext;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
import dev.maint.text.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options that decide what steps run against: environment, variables, addresses, directory. */
public final class SessionOptions {
  @Option(names = {"-e", "--env"}, paramLabel = "ENV",
      description = "Environment whose variable values apply (default: the runbook's default_environment).")
  String environment;

  @Option(names = "--set", paramLabel = "NAME=VALUE",
      description = "Set a runbook variable; repeatable. Values may use $${env:NAME}.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--resolve", paramLabel = "NAME:PORT:ADDRESS", converter = Resolve.Converter.class,
      description = "Connect to ADDRESS for NAME:PORT (as curl's --resolve; PORT may be *); repeatable.")
  List<String> resolve = List.of();

  /** {@link #effectiveSet}, once computed. */
  private Map<String, String> effectiveSet;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Working directory for commands whose step names none (default: the app_dir variable).")
  Path workdir;

  /**
   * Hex SHA-256 of the {@code --set} values, sorted by name, so a resumed session runs with the
   * values it began with. Values of secret variables are left out (only their names count): an
   * unsalted hash of a short secret could be reversed, and a rotated secret is no reason to
   * refuse a resume.
   */
  String settingsDigest(Runbook runbook) {
    StringBuilder all = new StringBuilder();
    new java.util.TreeMap<>(effectiveSet != null ? effectiveSet : set).forEach((k, v) -> {
      boolean secret = runbook.variables().containsKey(k) && runbook.variables().get(k).secret();
      all.append(k).append('=').append(secret ? "" : v).append('\0');
    });
    return Sha256.hex(all.toString());
  }

  Variables variables(Runbook runbook, CliContext context) {
    String env = environment != null ? environment : runbook.defaultEnvironment();
    return new Variables(runbook, env, effectiveSet(runbook, context), context.env());
  }

  /**
   * The variable values the command runs with: the configuration files' {@code set:} (see {@link
   * dev.maint.config.Config#set}), each replaced by a {@code --set} of the same name.
   *
   * @throws MaintException (usage) for a secret variable's value written in a configuration file
   */
  Map<String, String> effectiveSet(Runbook runbook, CliContext context) {
    if (effectiveSet == null) {
      Map<String, String> all = new LinkedHashMap<>();
      ConfigDefaults.load(context).set(name -> runbook.variables().containsKey(name)
          && runbook.variables().get(name).secret()).forEach((k, v) -> all.put(k, v.value()));
      all.putAll(set);
      effectiveSet = all;
    }
    return effectiveSet;
  }

  ProbeContext probeContext(CliContext context) {
    Map<String, String> fixed = new LinkedHashMap<>();
    for (String r : resolve) {
      Resolve one = Resolve.parse(r);
      fixed.put(one.key(), one.address());
    }
    Optional<Path> dir = Optional.ofNullable(workdir).map(w -> context.cwd().resolve(w).normalize());
    dir.ifPresent(d -> {
      if (!Files.isDirectory(d)) {
        throw MaintException.usage("--workdir " + d + ": no such directory");
      }
    });
    return new ProbeContext(context.clock(), fixed, dir, context.env());
  }
}
