package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.probe.ProbeContext;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Variables;
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

  @Option(names = "--set", paramLabel = "NAME=VALUE", converter = {VariableName.class, VariableName.Value.class},
      description = "Set a runbook variable; repeatable. Values may use $${env:NAME}.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--set-file", paramLabel = "NAME=PATH", converter = {VariableName.class, VariableName.Value.class},
      description = "Set a runbook variable to a file's content (one final new line removed), or to standard input's"
          + " with NAME=-; masked as a secret. Keeps secrets off maint's command line; repeatable.")
  Map<String, String> setFile = new LinkedHashMap<>();

  /** Most bytes a {@code --set-file} value may have. */
  static final int SET_FILE_LIMIT = 64 * 1024;

  /** {@code --set-file} values once read (standard input can be read only once). */
  private Map<String, String> fileValues;

  @Option(names = "--resolve", paramLabel = "NAME:PORT:ADDRESS", converter = Resolve.Converter.class,
      description = "Connect to ADDRESS for NAME:PORT (as curl's --resolve; PORT may be *); repeatable.")
  List<String> resolve = List.of();

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "Working directory for commands whose step names none (default: the app_dir variable).")
  Path workdir;

  /** The variables of {@code --env} (else the runbook's default environment) with {@code --set}. */
  Variables variables(Runbook runbook, CliContext context) {
    return variables(runbook, context, Optional.ofNullable(environment), set);
  }

  /**
   * The variables of {@code environment} (empty: the runbook's default) with the configuration
   * files' {@code set:}, {@code givenSet} and {@code --set-file}.
   *
   * @param givenSet the {@code --set} values the walk runs with (a resumed session's when none are given)
   */
  Variables variables(Runbook runbook, CliContext context, Optional<String> environment, Map<String, String> givenSet) {
    String env = environment.orElse(runbook.defaultEnvironment());
    if (configValues == null) {
      Map<String, String> fromConfig = new LinkedHashMap<>();
      Map<String, String> sources = new LinkedHashMap<>();
      context.config().get().set(name -> runbook.variables().containsKey(name)
          && runbook.variables().get(name).secret()).forEach((k, v) -> {
            fromConfig.put(k, v.value());
            sources.put(k, v.source());
          });
      configValues = fromConfig;
      configSources = sources;
    }
    return new Variables(runbook, env, values(context, givenSet), context.env(), setFile.keySet());
  }

  /**
   * The variables set by name: the configuration files' (once {@link #variables} read them), then
   * {@code givenSet} and the {@code --set-file} values.
   *
   * @param givenSet the {@code --set} values the walk runs with
   * @param context where standard input and relative paths come from; null when the files were
   *     read already (or only the names matter)
   * @throws MaintException (usage, exit 2) for a name given twice, a file that cannot be read, is
   *     larger than {@link #SET_FILE_LIMIT} bytes, is not valid UTF-8 or holds a NUL character
   */
  Map<String, String> values(CliContext context, Map<String, String> givenSet) {
    if (fileValues == null && context != null) {
      Map<String, String> read = new LinkedHashMap<>();
      setFile.forEach((name, path) -> read.put(name, readValue(name, path, context)));
      fileValues = read;
    }
    // The configuration files' set: (read by variables()) lies below --set and --set-file.
    Map<String, String> all = new LinkedHashMap<>();
    if (configValues != null) {
      configValues.forEach((k, v) -> {
        if (!givenSet.containsKey(k) && !setFile.containsKey(k)) {
          all.put(k, v);
        }
      });
    }
    all.putAll(givenSet);
    Map<String, String> files = fileValues != null ? fileValues : new LinkedHashMap<>();
    for (String name : setFile.keySet()) {
      if (givenSet.containsKey(name)) {
        throw MaintException.usage("--set-file " + name + ": the variable is also given by --set");
      }
      all.put(name, dev.maint.runbook.Templates.literal(files.getOrDefault(name, "")));
    }
    return all;
  }

  private static String readValue(String name, String path, CliContext context) {
    String what = "--set-file " + name + "=" + path;
    byte[] bytes;
    try (java.io.InputStream in = path.equals("-") ? context.in()
        : Files.newInputStream(context.cwd().resolve(path))) {
      // Limited on the bytes read, not on a size the file reports (/dev/zero reports none).
      bytes = in.readNBytes(SET_FILE_LIMIT + 1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw MaintException.usage(what + ": no such file");
    } catch (java.io.IOException e) {
      throw MaintException.usage(what + ": cannot read: " + e.getMessage());
    }
    if (bytes.length > SET_FILE_LIMIT) {
      throw MaintException.usage(what + ": larger than " + SET_FILE_LIMIT + " bytes");
    }
    String value;
    try {
      value = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      // Decoded strictly: a replacement character would reach the command in place of the secret.
      throw MaintException.usage(what + ": not valid UTF-8");
    }
    // As for --set (Cli.unusableValues): no command can be given a NUL, so the step would fail later.
    if (value.indexOf('\0') >= 0) {
      throw MaintException.usage(what + ": holds a NUL character, which no command can be given");
    }
    // A file written by an editor or echo ends with a new line that is no part of the secret.
    if (value.endsWith("\r\n")) {
      return value.substring(0, value.length() - 2);
    }
    return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
  }

  /**
   * The configuration files' {@code set:} values in force, by name, once {@link #variables} has
   * read them (empty before). A secret variable's value there is an {@code ${env:NAME}}
   * reference, never the secret.
   */
  Map<String, String> configSet() {
    return configValues == null ? Map.of() : Map.copyOf(configValues);
  }

  /** {@code --workdir}, resolved against the current folder; empty when not given. */
  Optional<Path> workdir(CliContext context) {
    return Optional.ofNullable(workdir).map(w -> context.cwd().resolve(w).toAbsolutePath().normalize());
  }

  /**
   * The configuration files' {@code set:} values (see {@link dev.maint.config.Config#set}), read
   * with the runbook by {@link #variables}, which refuses a secret written out there.
   */
  private Map<String, String> configValues;

  /** Where each of {@link #configValues} was written ({@code FILE:LINE:COLUMN}). */
  private Map<String, String> configSources = Map.of();

  /**
   * Where each configured variable not given on the command line was set: its {@code
   * FILE:LINE:COLUMN}.
   *
   * @param givenSet the {@code --set} values the walk runs with
   */
  Map<String, String> setFrom(Map<String, String> givenSet) {
    Map<String, String> from = new LinkedHashMap<>(configSources);
    from.keySet().removeAll(givenSet.keySet());
    from.keySet().removeAll(setFile.keySet());
    return from;
  }

  /** What probes run against: {@code --resolve} and {@code --workdir}. */
  ProbeContext probeContext(CliContext context) {
    return probeContext(context, resolve, workdir(context));
  }

  /**
   * What probes run against.
   *
   * @param resolved the {@code --resolve} values the walk runs with
   * @param dir the working directory, absolute, if any
   * @throws MaintException (usage) when {@code dir} is no directory
   */
  ProbeContext probeContext(CliContext context, List<String> resolved, Optional<Path> dir) {
    Map<String, String> fixed = new LinkedHashMap<>();
    for (String r : resolved) {
      Resolve one = Resolve.parse(r);
      fixed.put(one.key(), one.address());
    }
    dir.ifPresent(d -> {
      if (!Files.isDirectory(d)) {
        throw MaintException.usage("--workdir " + d + ": no such directory");
      }
    });
    return new ProbeContext(context.clock(), fixed, dir, context.env());
  }
}
