package dev.maint.cli;

import dev.maint.config.Config;
import dev.maint.report.ReportFormat;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code maint __complete SHELL WORD...}: the candidates for the last {@code WORD} of a command
 * line, for the scripts {@code maint completion bash|zsh|fish} prints. The words are those after
 * {@code maint}, up to the cursor; the last is the word being completed (empty after a space).
 * Subcommands and options come from the picocli model, as picocli's {@code AutoComplete} reads
 * it; cadence, environment, emergency, rollback, quick-reference, section and step ids come from
 * the runbook the line would use ({@code --runbook} on the line, else the configured one, else the
 * embedded one), so the three shells share one implementation.
 *
 * <p>Output, one item a line: first {@code MODE:PREFIX}, where {@code MODE} is {@code words}
 * (whole-word candidates follow; a space goes after the chosen one), {@code nospace} (the same, but
 * the word goes on, as after {@code junit=}), {@code files} or {@code dirs} (the shell completes a
 * path after {@code PREFIX}, the start of the current word, e.g. {@code junit=}); then the
 * candidates, each the whole current word, starting with what was typed. A candidate holding a
 * control character is left out, so one cannot span lines.
 *
 * <p>It runs on every Tab press, so it stays cheap: no git repository is opened (the project
 * configuration file is found by walking up to {@code .git}), nothing is logged, and any error
 * (an unreadable or invalid runbook or configuration) gives fewer candidates, never a message:
 * whatever it printed would land in the user's prompt.
 */
final class Completer {
  /** The hidden first argument that selects completion. */
  static final String COMMAND = "__complete";

  /** Options whose value is a comma-separated list of section or step ids of the cadence on the line. */
  private static final Set<String> STEP_OPTIONS = Set.of("--only", "--skip", "--start-at");

  /**
   * How the shell should go on.
   *
   * @param mode {@code words}, {@code nospace}, {@code files} or {@code dirs}
   * @param prefix for files and dirs, the start of the current word kept before the path
   * @param candidates whole words, for words and nospace
   */
  record Answer(String mode, String prefix, List<String> candidates) {
    Answer {
      candidates = List.copyOf(candidates);
    }

    static Answer none() {
      return new Answer("words", "", List.of());
    }
  }

  private final CliContext context;
  private final String current;
  private final List<String> before;
  private Optional<Runbook> runbook;

  private CommandSpec spec;
  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();
  private OptionSpec pending;
  private boolean endOfOptions;

  private Completer(CliContext context, List<String> words) {
    this.context = context;
    this.current = words.isEmpty() ? "" : words.get(words.size() - 1);
    this.before = words.isEmpty() ? List.of() : words.subList(0, words.size() - 1);
  }

  /**
   * Prints the answer for {@code args} ({@code SHELL WORD...}) to {@code context.out()}.
   *
   * @return always 0: completion has no failures a user should hear of
   */
  static int run(CliContext context, String[] args) {
    PrintWriter out = context.out();
    Answer answer;
    try {
      List<String> words = new ArrayList<>(Arrays.asList(args).subList(Math.min(1, args.length), args.length));
      // bash passes the words as typed, quotes and backslashes included; zsh and fish unquote them.
      if (args.length > 0 && args[0].equals("bash")) {
        words.replaceAll(Completer::unquote);
      }
      answer = complete(context, words);
    } catch (RuntimeException | LinkageError e) {
      answer = Answer.none();
    }
    out.print(answer.mode() + ":" + answer.prefix() + "\n");
    for (String c : answer.candidates()) {
      out.print(c + "\n");
    }
    out.flush();
    return 0;
  }

  /**
   * The candidates for the last of {@code words} (the words after {@code maint}, unquoted).
   *
   * @param words at least the word being completed, possibly empty
   */
  static Answer complete(CliContext context, List<String> words) {
    Completer c = new Completer(context, words.isEmpty() ? List.of("") : words);
    return c.answer();
  }

  private Answer answer() {
    CommandLine root = Cli.commandLine(context, before.toArray(String[]::new));
    spec = root.getCommandSpec();
    for (String w : before) {
      read(w);
    }
    Answer a;
    if (pending != null && !(pending.arity().min() == 0 && current.startsWith("-"))) {
      a = optionValue(pending, current, "");
    } else if (!endOfOptions && current.startsWith("-")) {
      int eq = current.indexOf('=');
      if (eq > 0) {
        OptionSpec o = spec.findOption(current.substring(0, eq));
        a = o != null && o.arity().max() > 0
            ? optionValue(o, current.substring(eq + 1), current.substring(0, eq + 1)) : Answer.none();
      } else {
        a = words(spec.options().stream().filter(o -> !o.hidden()).flatMap(o -> Arrays.stream(o.names())));
      }
    } else {
      a = positional();
    }
    return a;
  }

  /** Takes in one word before the current one: an option, its value, a subcommand or a positional. */
  private void read(String w) {
    if (pending != null) {
      OptionSpec o = pending;
      pending = null;
      // An optional value (--push [REMOTE]) is not taken from a word that is an option, as picocli does.
      if (!(o.arity().min() == 0 && w.startsWith("-"))) {
        values.put(o.longestName(), w);
        return;
      }
    }
    if (!endOfOptions && w.equals("--")) {
      endOfOptions = true;
      return;
    }
    if (!endOfOptions && w.startsWith("-") && w.length() > 1) {
      int eq = w.indexOf('=');
      OptionSpec o = spec.findOption(eq > 0 ? w.substring(0, eq) : w);
      if (o != null && o.arity().max() > 0) {
        if (eq > 0) {
          values.put(o.longestName(), w.substring(eq + 1));
        } else {
          pending = o;
        }
      }
      return;
    }
    CommandLine sub = endOfOptions ? null : spec.subcommands().get(w);
    if (sub != null) {
      spec = sub.getCommandSpec();
      positionals.clear();
      return;
    }
    positionals.add(w);
  }

  /** Subcommand names and the values of the positional parameter at the current index. */
  private Answer positional() {
    List<String> out = new ArrayList<>();
    if (!endOfOptions) {
      for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
        if (!e.getValue().getCommandSpec().usageMessage().hidden() && cadenceCommandApplies(e)) {
          out.add(e.getKey());
        }
      }
    }
    int index = positionals.size();
    PositionalParamSpec param = spec.positionalParameters().stream()
        .filter(p -> p.index().contains(index)).findFirst().orElse(null);
    if (param == null) {
      return words(out.stream());
    }
    String name = spec.name();
    if (param.paramLabel().equals("CADENCE")) {
      runbook().ifPresent(r -> r.cadences().forEach(c -> out.add(c.id())));
    } else if (name.equals("emergency")) {
      runbook().ifPresent(r -> r.emergencies().forEach(e -> out.add(e.id())));
    } else if (name.equals("rollback")) {
      runbook().ifPresent(r -> r.rollbacks().forEach(e -> out.add(e.id())));
    } else if (name.equals("run")) {
      runbook().ifPresent(r -> r.quickReference().forEach(q -> out.add(q.name())));
    } else if (param.completionCandidates() != null) {
      param.completionCandidates().forEach(out::add);
    } else if (isPath(param.type()) && out.isEmpty()) {
      return new Answer("files", "", List.of());
    }
    return words(out.stream());
  }

  /**
   * Whether a subcommand is offered: every one, except a fixed cadence command ({@code maint
   * quarterly}) whose cadence the runbook does not have (it would only fail).
   */
  private boolean cadenceCommandApplies(Map.Entry<String, CommandLine> e) {
    Object user = e.getValue().getCommandSpec().userObject();
    boolean cadenceCommand = user instanceof WalkCommand
        || user instanceof Commands.Placeholder p && p.entry().type() == WalkCommand.class;
    return !cadenceCommand || runbook().map(r -> r.cadence(e.getKey()).isPresent()).orElse(true);
  }

  /** The value of {@code option}, {@code value} typed so far after {@code prefix} ({@code --env=}). */
  private Answer optionValue(OptionSpec option, String value, String prefix) {
    String name = option.longestName();
    if (name.equals("--env")) {
      return words(prefix, value, runbook().stream().flatMap(r -> r.environments().isEmpty()
          ? Stream.of(r.defaultEnvironment()) : r.environments().stream()));
    }
    if (STEP_OPTIONS.contains(name)) {
      int comma = value.lastIndexOf(',');
      Set<String> listed = Set.of(value.substring(0, comma + 1).split(","));
      return words(prefix + value.substring(0, comma + 1), value.substring(comma + 1),
          runbook().flatMap(this::cadenceOnLine).stream().flatMap(Completer::ids).filter(id -> !listed.contains(id)));
    }
    if (name.equals("--report") || name.equals("--set") || name.equals("--set-file")) {
      return keyValue(option, value, prefix);
    }
    if (option.completionCandidates() != null) {
      List<String> all = new ArrayList<>();
      option.completionCandidates().forEach(all::add);
      return words(prefix, value, all.stream());
    }
    if (option.paramLabel().contains("DIR")) {
      return new Answer("dirs", prefix, List.of());
    }
    if (isPath(option.type()) || Set.of("FILE", "PATH", "PEM").contains(option.paramLabel())) {
      return new Answer("files", prefix, List.of());
    }
    return Answer.none();
  }

  /**
   * {@code KIND=PATH} of {@code --report} (comma-separated), {@code NAME=VALUE} of {@code --set},
   * {@code NAME=PATH} of {@code --set-file}: the key with its {@code =} first, then a path.
   */
  private Answer keyValue(OptionSpec option, String value, String prefix) {
    String name = option.longestName();
    int comma = name.equals("--report") ? value.lastIndexOf(',') : -1;
    String head = prefix + value.substring(0, comma + 1);
    String item = value.substring(comma + 1);
    int eq = item.indexOf('=');
    if (eq < 0) {
      Stream<String> keys = name.equals("--report")
          ? Arrays.stream(ReportFormat.values()).map(ReportFormat::id)
          : runbook().stream().flatMap(r -> r.variables().keySet().stream());
      Answer a = words(head, item, keys.map(k -> k + "="));
      return new Answer("nospace", a.prefix(), a.candidates());
    }
    return name.equals("--set") ? Answer.none() : new Answer("files", head + item.substring(0, eq + 1), List.of());
  }

  /** The cadence the line walks or shows: the command's own, or the one its first argument names. */
  private Optional<Cadence> cadenceOnLine(Runbook r) {
    String first = positionals.isEmpty() ? null : positionals.get(0);
    return switch (spec.name()) {
      case "emergency" -> r.emergencies().stream().filter(e -> e.id().equals(first)).findFirst()
          .map(Reference.Emergency::asCadence);
      case "rollback" -> r.rollbacks().stream().filter(e -> e.id().equals(first)).findFirst()
          .map(Reference.Rollback::asCadence);
      default -> first != null && spec.positionalParameters().stream().anyMatch(p -> p.paramLabel().equals("CADENCE"))
          ? r.cadence(first) : r.cadence(spec.name());
    };
  }

  /** Every section id followed by its steps' ids, in walking order. */
  private static Stream<String> ids(Cadence cadence) {
    Set<String> out = new LinkedHashSet<>();
    for (Section s : cadence.allSections()) {
      out.add(s.id());
      s.steps().stream().map(Step::id).forEach(out::add);
    }
    return out.stream();
  }

  private Answer words(Stream<String> candidates) {
    return words("", current, candidates);
  }

  /** The candidates that start with {@code typed}, each after {@code head}: whole words. */
  private static Answer words(String head, String typed, Stream<String> candidates) {
    List<String> out = candidates.filter(c -> c.startsWith(typed) && !hasControl(c)).distinct()
        .map(c -> head + c).toList();
    return new Answer("words", "", out);
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch >= 0x80 && ch < 0xa0);
  }

  private static boolean isPath(Class<?> type) {
    return type == Path.class || type == File.class;
  }

  /**
   * The runbook the line would use: {@code --runbook} on it, else the configured one ({@code
   * MAINT_RUNBOOK}, the project file, the user file, as {@code maint config} shows), else the
   * embedded one. Empty when it cannot be read or is invalid.
   */
  private Optional<Runbook> runbook() {
    if (runbook == null) {
      try {
        String fromLine = values.get("--runbook");
        Optional<String> file = fromLine != null ? Optional.of(home(fromLine))
            : Config.load(projectRoot(context.cwd()), context.env()).get("runbook").map(Config.Setting::value);
        runbook = Optional.of(file.isPresent()
            ? RunbookLoader.load(context.cwd().resolve(file.get()), file.get()) : RunbookLoader.loadDefault());
      } catch (RuntimeException e) {
        runbook = Optional.empty();
      }
    }
    return runbook;
  }

  /** {@code ~/x} as the shell would have expanded it, had the word been run. */
  private String home(String path) {
    String home = context.env().getOrDefault("HOME", "");
    return !home.isEmpty() && (path.equals("~") || path.startsWith("~/")) ? home + path.substring(1) : path;
  }

  /**
   * The top folder of the git work tree {@code dir} lies in, found by its {@code .git} (a folder,
   * or the file of a linked work tree) without opening the repository, as git finds it for the
   * commands that read {@code .maint.yaml}; empty outside one.
   */
  static Optional<Path> projectRoot(Path dir) {
    try {
      for (Path d = dir.toRealPath(); d != null; d = d.getParent()) {
        if (Files.exists(d.resolve(".git"))) {
          return Optional.of(d);
        }
      }
    } catch (java.io.IOException | SecurityException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * A word as bash reads it: {@code '...'} literally, {@code "..."} with {@code \} before {@code $ `
   * " \}, a {@code \} outside quotes escaping the next character. A quote still open (the word is
   * being typed) ends with the word.
   */
  static String unquote(String word) {
    StringBuilder out = new StringBuilder(word.length());
    char quote = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          out.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < word.length() && "$`\"\\".indexOf(word.charAt(i + 1)) >= 0) {
          out.append(word.charAt(++i));
        } else {
          out.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < word.length()) {
        out.append(word.charAt(++i));
      } else if (c != '\\') {
        out.append(c);
      }
    }
    return out.toString();
  }
}
