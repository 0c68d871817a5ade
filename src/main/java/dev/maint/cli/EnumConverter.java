package dev.maint.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the value of every enum-typed option and positional word of {@code maint}, by its lower-case
 * name and ignoring case, and refuses another value with what it could have been ({@link Unknown},
 * worded by {@link UsageMessage}) rather than picocli's "expected one of [BASH, bash, …]
 * (case-sensitive)". {@link #registerAll} gives it to every enum type of a command tree, so a new
 * enum option needs nothing of its own.
 *
 * @param <E> the enum read
 */
class EnumConverter<E extends Enum<E>> implements ITypeConverter<E> {
  private final Class<E> type;
  private final String noun;

  /**
   * @param type the enum whose constants are the values
   * @param noun what a positional word of this type is called in "unknown NOUN 'x'", e.g. {@code
   *     check}; null for the word's parameter label in lower case
   */
  EnumConverter(Class<E> type, String noun) {
    this.type = type;
    this.noun = noun;
  }

  @Override
  public E convert(String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value) || constant.toString().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    E[] constants = type.getEnumConstants();
    List<String> values = Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    throw new Unknown(value, values, noun,
        constants.length > 0 && constants[0] instanceof Explained e ? Optional.of(e.why()) : Optional.empty());
  }

  /**
   * An enum whose values need a word of why they are these: said after them when another value is
   * given (e.g. why {@code --fail-on} takes {@code warn} alone).
   */
  interface Explained {
    /** Why the values are these, in a few words; the same for every constant. */
    String why();
  }

  /**
   * Gives every enum type of {@code root}'s options and positional words, in all its subcommands
   * present now, this converter, unless the option names a converter of its own.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void registerAll(CommandLine root) {
    java.util.Set<Class<?>> types = new java.util.LinkedHashSet<>();
    collect(root.getCommandSpec(), types);
    for (Class<?> t : types) {
      root.registerConverter((Class) t, new EnumConverter(t, null));
    }
  }

  private static void collect(CommandSpec spec, java.util.Set<Class<?>> types) {
    for (ArgSpec arg : spec.args()) {
      if (arg.converters().length > 0) {
        continue;
      }
      if (arg.type().isEnum()) {
        types.add(arg.type());
      }
      for (Class<?> aux : arg.auxiliaryTypes()) {
        if (aux.isEnum()) {
          types.add(aux);
        }
      }
    }
    spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), types));
  }

  /** A value no constant has: the value typed, the values there are, and the closest of them if it looks like a typo. */
  static final class Unknown extends TypeConversionException {
    private static final long serialVersionUID = 1L;
    private final transient String value;
    private final transient List<String> values;
    private final transient String noun;

    Unknown(String value, List<String> values, String noun, Optional<String> why) {
      super("expected " + UsageMessage.or(values) + (values.size() == 1 ? ", the only value accepted" : "")
          + why.map(w -> " (" + w + ")").orElse(""));
      this.value = value;
      this.values = List.copyOf(values);
      this.noun = noun;
    }

    /** For an option: "expected a, b or c", after the option and the value. */
    String forOption() {
      return getMessage();
    }

    /**
     * For a positional word: "unknown NOUN 'x' (did you mean y?)", or "(expected: a, b or c)" when
     * no value is close.
     *
     * @param label the word's parameter label, the noun when none was given
     */
    String forWord(String label) {
      String what = noun != null ? noun : label.replaceAll("[<>\\[\\].]", "").toLowerCase(Locale.ROOT);
      Optional<String> closest = UsageMessage.closest(value, values);
      return "unknown " + what + " '" + value + "' ("
          + closest.map(c -> "did you mean " + c + "?").orElse("expected: " + UsageMessage.or(values)) + ")";
    }
  }
}
