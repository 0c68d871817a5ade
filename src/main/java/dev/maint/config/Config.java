package dev.maint.config;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * maint's configuration: defaults for command-line options, read from (highest first) the
 * environment ({@code MAINT_REPO}, {@code MAINT_ENV}, {@code MAINT_OPERATOR}, {@code
 * MAINT_RUNBOOK}, {@code MAINT_LOG_DIR}), the project file ({@code .maint.yaml} at the root of the
 * current directory's git repository) and the user file ({@code $XDG_CONFIG_HOME/maint/config.yaml},
 * else {@code ~/.config/maint/config.yaml}). The command line beats them all; the runbook's own
 * defaults (its {@code default_environment}) come last.
 *
 * <p>A file is a YAML mapping of the {@link #KEYS}; a path written in a file is relative to that
 * file's folder. {@code set:} maps variable names to values, the project file's entries replacing
 * the user file's one by one. Keys read by other parts of maint ({@code push:} as a mapping,
 * {@code metrics:}, {@code notify:}) are kept as read: {@link #node} returns them.
 */
public final class Config {
  /** The project file's name, at the root of the current directory's repository. */
  public static final String PROJECT_FILE = ".maint.yaml";

  /** Every key a configuration file may hold; others are refused with their position. */
  public static final Set<String> KEYS =
      Set.of("repo", "env", "operator", "runbook", "push", "ca-file", "log-dir", "set", "metrics", "notify");

  /** Keys whose value is a path, resolved against the folder of the file that holds it. */
  private static final Set<String> PATHS = Set.of("repo", "runbook", "ca-file", "log-dir", "metrics");

  /** The environment variable of each key that has one. */
  public static final Map<String, String> ENVIRONMENT = Map.of(
      "repo", "MAINT_REPO", "env", "MAINT_ENV", "operator", "MAINT_OPERATOR", "runbook", "MAINT_RUNBOOK",
      "log-dir", "MAINT_LOG_DIR");

  /** A value that refers to the environment rather than holding a secret: {@code ${env:NAME}}. */
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:[A-Za-z_][A-Za-z0-9_]*}");

  /**
   * One value and where it came from.
   *
   * @param value the value; a path from a file is absolute
   * @param source where it came from, e.g. {@code environment MAINT_REPO} or {@code
   *     /home/ada/ops/.maint.yaml:3:7}
   */
  public record Setting(String value, String source) {}

  /**
   * A configuration file that was looked for.
   *
   * @param kind {@code project file} or {@code user file}
   * @param path where it is or would be
   * @param found whether it exists
   */
  public record File(String kind, Path path, boolean found) {}

  private final Map<String, String> environment;
  private final List<File> files;
  /** Per file, highest first (project, then user): key → its node and the file. */
  private final List<Map<String, Located>> layers;

  private record Located(Node node, Path file) {
    String where() {
      return file + ":" + (node.getStartMark().getLine() + 1) + ":" + (node.getStartMark().getColumn() + 1);
    }
  }

  private Config(Map<String, String> environment, List<File> files, List<Map<String, Located>> layers) {
    this.environment = Map.copyOf(environment);
    this.files = List.copyOf(files);
    this.layers = List.copyOf(layers);
  }

  /**
   * Reads the configuration.
   *
   * @param projectRoot the root of the current directory's git repository, if it lies in one
   * @param environment the process environment ({@code HOME}, {@code XDG_CONFIG_HOME}, {@code MAINT_*})
   * @throws MaintException (usage) for a file that is not valid YAML or holds an unknown key, naming
   *     FILE:LINE:COLUMN
   */
  public static Config load(Optional<Path> projectRoot, Map<String, String> environment) {
    List<File> files = new ArrayList<>();
    List<Map<String, Located>> layers = new ArrayList<>();
    projectRoot.ifPresent(root -> read("project file", root.resolve(PROJECT_FILE), files, layers));
    userFile(environment).ifPresent(f -> read("user file", f, files, layers));
    return new Config(environment, files, layers);
  }

  /** {@code $XDG_CONFIG_HOME/maint/config.yaml}, else {@code $HOME/.config/maint/config.yaml}. */
  static Optional<Path> userFile(Map<String, String> environment) {
    String xdg = environment.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Optional.of(Path.of(xdg, "maint", "config.yaml"));
    }
    String home = environment.get("HOME");
    return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".config", "maint", "config.yaml"));
  }

  private static void read(String kind, Path path, List<File> files, List<Map<String, Located>> layers) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      files.add(new File(kind, path, false));
      return;
    } catch (IOException e) {
      throw MaintException.usage("cannot read " + kind + " " + path + ": " + e.getMessage());
    }
    files.add(new File(kind, path, true));
    Node root;
    try (Reader r = new java.io.StringReader(text)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new MaintException(ExitCode.USAGE, path + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": "
          + e.getProblem());
    } catch (IOException e) {
      throw MaintException.usage("cannot read " + kind + " " + path + ": " + e.getMessage());
    }
    Map<String, Located> layer = new LinkedHashMap<>();
    if (root != null && !(root instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
      if (!(root instanceof MappingNode mapping)) {
        throw usage(new Located(root, path), "a configuration file must be a mapping of keys to values");
      }
      for (NodeTuple t : mapping.getValue()) {
        Located key = new Located(t.getKeyNode(), path);
        String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
        if (!KEYS.contains(name)) {
          throw usage(key, "unknown key '" + name + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
        }
        if (layer.put(name, new Located(t.getValueNode(), path)) != null) {
          throw usage(key, "duplicate key '" + name + "'");
        }
      }
    }
    layers.add(layer);
  }

  private static MaintException usage(Located at, String message) {
    return new MaintException(ExitCode.USAGE, at.where() + ": " + message);
  }

  /** The files looked for, project file first, found or not. */
  public List<File> files() {
    return files;
  }

  /**
   * The value of a key with a single value ({@code repo}, {@code env}, {@code operator}, {@code
   * runbook}, {@code push}, {@code ca-file}, {@code log-dir}) and where it came from: the
   * environment variable if set and not empty, else the project file, else the user file.
   *
   * @throws MaintException (usage) when a file gives the key something other than a single value
   */
  public Optional<Setting> get(String key) {
    String variable = ENVIRONMENT.get(key);
    if (variable != null) {
      String value = environment.get(variable);
      if (value != null && !value.isBlank()) {
        return Optional.of(new Setting(value, "environment " + variable));
      }
    }
    for (Map<String, Located> layer : layers) {
      Located at = layer.get(key);
      if (at == null) {
        continue;
      }
      if (!(at.node() instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
        if (key.equals("push")) {
          // push: as a mapping configures pushing for other readers; it names no remote.
          return Optional.empty();
        }
        throw usage(at, key + " must be a single value");
      }
      String value = PATHS.contains(key) ? at.file().getParent().resolve(expandHome(s.getValue())).normalize().toString()
          : s.getValue();
      return Optional.of(new Setting(value, at.where()));
    }
    return Optional.empty();
  }

  /**
   * The values of a key that takes one value or a list of them ({@code notify:}): from the project
   * file if it has the key, else from the user file; a file's list is not merged with the other's.
   *
   * @return the values in the order written, each with its {@code FILE:LINE:COLUMN}; empty when no
   *     file has the key or it is null
   * @throws MaintException (usage) when the value is neither a single value nor a list of them
   */
  public List<Setting> list(String key) {
    for (Map<String, Located> layer : layers) {
      Located at = layer.get(key);
      if (at == null) {
        continue;
      }
      if (at.node() instanceof ScalarNode s) {
        return s.getTag().equals(Tag.NULL) ? List.of() : List.of(new Setting(s.getValue(), at.where()));
      }
      if (!(at.node() instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence)) {
        throw usage(at, key + " must be a single value or a list of values");
      }
      List<Setting> out = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        Located one = new Located(item, at.file());
        if (!(item instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
          throw usage(one, key + ": each entry must be a single value");
        }
        out.add(new Setting(s.getValue(), one.where()));
      }
      return out;
    }
    return List.of();
  }

  /**
   * The raw YAML node of a key, for parts of maint that read structured keys ({@code push:},
   * {@code metrics:}, {@code notify:}): the project file's if it has the key, else the user file's.
   *
   * @return the node and the position it starts at ({@code FILE:LINE:COLUMN}), for error messages
   */
  public Optional<Map.Entry<Node, String>> node(String key) {
    for (Map<String, Located> layer : layers) {
      Located at = layer.get(key);
      if (at != null) {
        return Optional.of(Map.entry(at.node(), at.where()));
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code set:} values of both files, the project file's replacing the user file's, in the
   * order written.
   *
   * @param secret whether a variable is secret: its value must then be an {@code ${env:NAME}}
   *     reference, never the secret itself
   * @throws MaintException (usage) for a secret written out, a value holding a NUL, or {@code set:} that is not a mapping
   *     of names to single values, naming FILE:LINE:COLUMN
   */
  public Map<String, Setting> set(java.util.function.Predicate<String> secret) {
    Map<String, Setting> out = new LinkedHashMap<>();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Located at = layers.get(i).get("set");
      if (at == null || at.node() instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
        continue;
      }
      if (!(at.node() instanceof MappingNode mapping)) {
        throw usage(at, "set must be a mapping of variable names to values");
      }
      for (NodeTuple t : mapping.getValue()) {
        Located value = new Located(t.getValueNode(), at.file());
        if (!(t.getKeyNode() instanceof ScalarNode k) || !(t.getValueNode() instanceof ScalarNode v)) {
          throw usage(value, "set: each entry must be NAME: VALUE");
        }
        if (secret.test(k.getValue()) && !ENV_REFERENCE.matcher(v.getValue()).matches()) {
          throw usage(value, "set: " + k.getValue() + " is a secret variable: a configuration file must not hold its"
              + " value; write " + k.getValue() + ": ${env:NAME} and keep the secret in that environment variable");
        }
        // YAML writes one as "\0"; --set and --set-file refuse it too: no command can be given it.
        if (v.getValue().indexOf('\0') >= 0) {
          throw usage(value, "set: " + k.getValue() + " holds a NUL character, which no command can be given");
        }
        out.put(k.getValue(), new Setting(v.getValue(), value.where()));
      }
    }
    return out;
  }

  /** {@code ~} and {@code ~/x} as a shell reads them, with {@code HOME} from the environment. */
  private String expandHome(String path) {
    String home = environment.getOrDefault("HOME", "");
    return !home.isEmpty() && (path.equals("~") || path.startsWith("~/")) ? home + path.substring(1) : path;
  }
}
