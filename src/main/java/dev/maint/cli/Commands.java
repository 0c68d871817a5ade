package dev.maint.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The subcommands of {@code maint}, registered by name and built only when needed. Building a
 * picocli command reflects over its class, its options and mixins (tens of milliseconds each on a
 * cold JVM); a process runs one command, so only that one is built, and every other command is a
 * placeholder that carries just its name and one-line description for {@code maint --help}.
 * {@link #materialize(CommandLine)} builds them all when the whole tree is needed (shell
 * completion).
 *
 * <p>A new command plugs in with one {@link #add} line in {@link Cli}; its summary in the help
 * list is the first line of its {@code @Command(description)}, read without building it.
 */
final class Commands {
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** A command not built yet: its user object, so {@link #materialize} can build it later. */
  record Placeholder(Entry entry) {}

  /**
   * One subcommand.
   *
   * @param name the name typed after {@code maint}
   * @param type the {@code @Command} class, whose description is read for the help list
   * @param summary overrides the class's description (several names sharing one class); may be null
   * @param build makes the fully built {@link CommandLine}
   */
  record Entry(String name, Class<?> type, String[] summary, Supplier<CommandLine> build) {}

  /** Registers {@code name}, built by {@code build} only when it runs or the whole tree is asked for. */
  Commands add(String name, Class<?> type, Supplier<CommandLine> build) {
    entries.put(name, new Entry(name, type, null, build));
    return this;
  }

  /** As {@link #add(String, Class, Supplier)}, with the description the help list shows. */
  Commands add(String name, Class<?> type, String[] summary, Supplier<CommandLine> build) {
    entries.put(name, new Entry(name, type, summary, build));
    return this;
  }

  /**
   * Adds the commands {@code args} need to {@code root}: only the one they name, built; nothing
   * for {@code --version}; otherwise (help, no command, a mistyped one) every command as a
   * placeholder, so the help lists them and picocli can suggest the nearest name. All of them are
   * built when {@code args} is null.
   *
   * @param args the command line, or null for the whole tree
   */
  void addTo(CommandLine root, String[] args) {
    if (args == null) {
      entries.values().forEach(e -> root.addSubcommand(e.name(), e.build().get()));
      return;
    }
    String running = named(args);
    if (running != null) {
      root.addSubcommand(running, entries.get(running).build().get());
    } else if (!(args.length == 1 && (args[0].equals("-V") || args[0].equals("--version")))) {
      entries.values().forEach(e -> root.addSubcommand(e.name(), placeholder(e)));
    }
  }

  /**
   * The subcommand {@code args} runs: the first word that is not an option. The root command has
   * only {@code --help} and {@code --version}, so the first word is the subcommand's name.
   */
  String named(String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        return null;
      }
      if (!a.startsWith("-")) {
        return entries.containsKey(a) ? a : null;
      }
    }
    return null;
  }

  private static CommandLine placeholder(Entry e) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(new Placeholder(e));
    spec.name(e.name());
    spec.usageMessage().description(e.summary() != null ? e.summary() : description(e.type()));
    return new CommandLine(spec);
  }

  /** The class's {@code @Command} description, read from the annotation alone. */
  private static String[] description(Class<?> type) {
    Command c = type.getAnnotation(Command.class);
    return c == null ? new String[0] : c.description();
  }

  /**
   * Makes {@code root}'s tree whole: every command built, in the registered order, with the
   * root's writers and settings; for what needs the whole model (completion scripts, man pages).
   */
  void materialize(CommandLine root) {
    java.util.Set<String> present = new java.util.LinkedHashSet<>(root.getSubcommands().keySet());
    present.forEach(root.getCommandSpec()::removeSubcommand);
    for (Entry e : entries.values()) {
      CommandLine sub = e.build().get();
      sub.setOut(root.getOut());
      sub.setErr(root.getErr());
      sub.setCaseInsensitiveEnumValuesAllowed(root.isCaseInsensitiveEnumValuesAllowed());
      root.addSubcommand(e.name(), sub);
    }
    EnumConverter.registerAll(root);
  }
}
