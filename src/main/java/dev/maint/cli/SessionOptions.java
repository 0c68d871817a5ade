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
  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  @Option(names = {"-e", "--env"}, paramLabel = "ENV",
      description = "Environment whose variable values apply (default: the runbook's default_environment).")
  String environment;

  @Option(names = "--set", paramLabel = "NAME=VALUE",
      description = "Set a runbook variable; repeatable. Values may use $${env:NAME}.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--resolve", paramLabel = "NAME:PORT:ADDRESS",
      description = "Connect to ADDRESS for NAME:PORT (as curl's --resolve; PORT may be *); repeatable.")
  List<String> resolve = List.of();

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
    new java.util.TreeMap<>(set).forEach((k, v) -> {
      boolean secret = runbook.variables().containsKey(k) && runbook.variables().get(k).secret();
      all.append(k).append('=').append(secret ? "" : v).append('\0');
    });
    return Sha256.hex(all.toString());
  }

  Variables variables(Runbook runbook, CliContext context) {
    String env = environment != null ? environment : runbook.defaultEnvironment();
    return new Variables(runbook, env, set, context.env());
  }

  /** {@code --workdir}, resolved against the current folder; empty when not given. */
  Optional<Path> workdir(CliContext context) {
    return Optional.ofNullable(workdir).map(w -> context.cwd().resolve(w).toAbsolutePath().normalize());
  }

  ProbeContext probeContext(CliContext context) {
    Map<String, String> fixed = new LinkedHashMap<>();
    for (String r : resolve) {
      int first = r.indexOf(':');
      int second = first < 0 ? -1 : r.indexOf(':', first + 1);
      if (first <= 0 || second < 0 || second == r.length() - 1) {
        throw MaintException.usage("--resolve " + r + ": expected NAME:PORT:ADDRESS");
      }
      String port = r.substring(first + 1, second);
      if (!port.equals("*") && !(port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535)) {
        throw MaintException.usage("--resolve " + r + ": invalid port '" + port + "'");
      }
      String address = r.substring(second + 1);
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1);
      }
      for (String one : address.split(",")) {
        if (!IPV4.matcher(one).matches() && !(one.contains(":") && one.matches("[0-9A-Fa-f:.]+"))) {
          throw MaintException.usage("--resolve " + r + ": '" + one + "' is not an IP address");
        }
      }
      fixed.put(r.substring(0, first) + ":" + port, address);
    }
    Optional<Path> dir = workdir(context);
    dir.ifPresent(d -> {
      if (!Files.isDirectory(d)) {
        throw MaintException.usage("--workdir " + d + ": no such directory");
      }
    });
    return new ProbeContext(context.clock(), fixed, dir, context.env());
  }
}
