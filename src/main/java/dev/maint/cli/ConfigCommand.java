package dev.maint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maint.ExitCode;
import dev.maint.config.Config;
import dev.maint.exec.SessionStore;
import dev.maint.runbook.Runbook;
import dev.maint.text.ControlCharacters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code maint config}: the defaults in force here and where each comes from (environment, project
 * file, user file, runbook), with the files that were looked for, and the state folder that holds
 * the sessions and their locks.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
      "Show the defaults in force in this folder and where each comes from.",
      "Precedence: command line > environment (MAINT_REPO, MAINT_ENV, MAINT_OPERATOR, MAINT_RUNBOOK, MAINT_LOG_DIR)"
          + " > project file (.maint.yaml at the root of the current repository) > user file"
          + " ($XDG_CONFIG_HOME/maint/config.yaml) > runbook. See docs/configuration.md.",
      "The state folder (sessions and their locks) is $MAINT_STATE_DIR, else $XDG_STATE_HOME/maint, else"
          + " ~/.local/state/maint."
    })
public final class ConfigCommand implements Callable<Integer> {
  private static final List<String> SHOWN = List.of("repo", "env", "operator", "runbook", "push", "ca-file", "log-dir");

  @Mixin RunbookOptions runbookOptions;
  @Mixin FormatOption format;

  private final CliContext context;

  ConfigCommand(CliContext context) {
    this.context = context;
  }

  /**
   * One row of the view.
   *
   * @param key the key ({@code set.NAME} for a variable)
   * @param value its value, or empty when nothing sets it
   * @param source where it comes from, or what applies without it
   */
  record Row(String key, Optional<String> value, String source) {}

  @Override
  public Integer call() {
    Config config = context.config().get();
    Runbook runbook = runbookOptions.load(context);
    List<Row> rows = new ArrayList<>();
    for (String key : SHOWN) {
      Optional<Config.Setting> s = ConfigDefaults.setting(config, key);
      if (s.isPresent()) {
        rows.add(new Row(key, Optional.of(s.get().value()), s.get().source()));
      } else if (key.equals("env")) {
        rows.add(new Row(key, Optional.of(runbook.defaultEnvironment()), "runbook default_environment"));
      } else {
        rows.add(new Row(key, Optional.empty(), without(key)));
      }
    }
    rows.add(stateDir(context.env()));
    config.set(name -> runbook.variables().containsKey(name) && runbook.variables().get(name).secret())
        .forEach((name, s) -> rows.add(new Row("set." + name, Optional.of(s.value()), s.source())));
    if (format.json()) {
      json(context.out(), config, rows);
    } else {
      text(context.out(), config, rows);
    }
    context.out().flush();
    return ExitCode.OK;
  }

  /**
   * The state folder (sessions, locks): only the environment chooses it, so its row always has a
   * value, the one {@link SessionStore#defaultStateDir} gives.
   */
  static Row stateDir(Map<String, String> env) {
    String source;
    if (isSet(env, SessionStore.STATE_DIR_VARIABLE)) {
      source = "environment " + SessionStore.STATE_DIR_VARIABLE;
    } else if (dev.maint.io.EnvironmentPath.xdgStateHome(env).isPresent()) {
      source = "environment XDG_STATE_HOME";
    } else {
      source = "(~/.local/state/maint: neither MAINT_STATE_DIR nor XDG_STATE_HOME is set)";
    }
    return new Row("state-dir", Optional.of(SessionStore.defaultStateDir(env).toString()), source);
  }

  private static boolean isSet(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isBlank();
  }

  private static String without(String key) {
    return switch (key) {
      case "repo" -> "(the current directory's repository)";
      case "operator" -> "(git config user.name and user.email)";
      case "runbook" -> "(the embedded runbook)";
      case "push" -> "(no push)";
      case "ca-file" -> "(the system's trust store only)";
      case "log-dir" -> "($XDG_STATE_HOME/maint/logs)";
      default -> "(not set)";
    };
  }

  private static void text(PrintWriter out, Config config, List<Row> rows) {
    for (Config.File f : config.files()) {
      out.println(f.kind() + ": " + f.path() + (f.found() ? "" : " (none)"));
    }
    out.println();
    int width = rows.stream().mapToInt(r -> r.key().length()).max().orElse(0);
    int valueWidth = rows.stream().mapToInt(r -> r.value().orElse("-").length()).max().orElse(0);
    for (Row r : rows) {
      out.println(ControlCharacters.strip(String.format("%-" + width + "s  %-" + valueWidth + "s  %s", r.key(),
          r.value().orElse("-"), r.source())).stripTrailing());
    }
  }

  private static void json(PrintWriter out, Config config, List<Row> rows) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode files = root.putArray("files");
    config.files().forEach(f -> files.addObject().put("kind", f.kind()).put("path", f.path().toString())
        .put("found", f.found()));
    ObjectNode values = root.putObject("values");
    for (Row r : rows) {
      ObjectNode v = values.putObject(r.key());
      r.value().ifPresentOrElse(x -> v.put("value", x), () -> v.putNull("value"));
      v.put("source", r.source());
    }
    try {
      out.println(mapper.writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }
}
