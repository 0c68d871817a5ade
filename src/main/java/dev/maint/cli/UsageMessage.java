package dev.maint.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one line a usage error prints, in plain words rather than picocli's: the option and the value
 * typed, what was expected, and a "did you mean" for a mistyped command or option.
 */
final class UsageMessage {
  private static final Pattern EXCLUSIVE = Pattern.compile("Error: (.*) are mutually exclusive");
  private static final Pattern NOT_A_PAIR =
      Pattern.compile("Value for option option '(\\S+)' \\(.*\\) should be in KEY=VALUE format but was (.*)");

  private UsageMessage() {}

  /**
   * The message for {@code e}, without the {@code maint: } prefix.
   *
   * @param root the top command, whose unknown first word is an unknown command
   */
  static String of(ParameterException e, CommandLine root) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(u, root);
    }
    if (e.getCause() instanceof TypeConversionException && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o
        && e.getValue() != null && unusable(e.getValue()) != null) {
      // Said before a converter's own words: picocli's for a path would print the NUL itself.
      return o.longestName() + " '" + dev.maint.text.OneLine.escape(e.getValue()) + "': " + unusable(e.getValue());
    }
    if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
      if (t instanceof EnumConverter.Unknown unknown) {
        return o.longestName() + " " + e.getValue() + ": " + unknown.forOption();
      }
      // A map option's value here is only the part before '=': the converter's message quotes what matters.
      if (java.util.Map.class.isAssignableFrom(o.type())) {
        return o.longestName() + ": " + t.getMessage();
      }
      // Converters of maint's own write the whole message, naming the option; picocli's name none.
      return t.getMessage().startsWith("-") ? t.getMessage() : o.longestName() + " " + e.getValue() + ": " + t.getMessage();
    }
    if (e.getCause() instanceof EnumConverter.Unknown unknown && e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec p) {
      return unknown.forWord(p.paramLabel());
    }
    if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec) {
      // A positional word's converter of maint's own says what the word should have been.
      return t.getMessage();
    }
    if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
      CommandLine.Model.ArgSpec arg = missing.getMissing().get(0);
      if (arg instanceof CommandLine.Model.OptionSpec o) {
        return o.longestName() + " needs " + o.paramLabel();
      }
      return e.getCommandLine().getCommandSpec().name() + " needs " + arg.paramLabel();
    }
    if (e instanceof CommandLine.MutuallyExclusiveArgsException) {
      Matcher both = EXCLUSIVE.matcher(e.getMessage());
      if (both.find()) {
        return or(List.of(both.group(1).split(", "))).replaceFirst(" or ([^ ]+)$", " and $1") + " exclude each other";
      }
    }
    Matcher pair = NOT_A_PAIR.matcher(e.getMessage());
    if (pair.find()) {
      if (pair.group(2).isEmpty()) {
        return pair.group(1) + " '': an empty value (expected NAME=VALUE)";
      }
      return pair.group(1) + " " + pair.group(2) + ": expected NAME=VALUE, e.g. " + pair.group(1) + " "
          + pair.group(2) + "=VALUE";
    }
    return e.getMessage().replaceFirst("^Error: ", "");
  }

  /**
   * Why {@code value}, an option's value as typed, cannot be used whatever the option: it holds a
   * NUL character, which no command line, path or environment carries on, or U+FFFD, what the JVM
   * reads bytes of the command line that are not valid UTF-8 as (the value typed is lost); null
   * when neither.
   */
  static String unusable(String value) {
    if (value.indexOf('\0') >= 0) {
      return "holds a NUL character, which no command can be given";
    }
    return value.indexOf('\uFFFD') >= 0 ? "not valid UTF-8 (bytes that are not UTF-8 read as U+FFFD)" : null;
  }

  private static String unmatched(UnmatchedArgumentException u, CommandLine root) {
    String word = u.getUnmatched().get(0);
    CommandLine.Model.CommandSpec spec = u.getCommandLine().getCommandSpec();
    List<String> candidates = word.startsWith("-")
        ? spec.options().stream().flatMap(o -> Arrays.stream(o.names())).toList()
        : List.copyOf(spec.subcommands().keySet());
    String hint = closest(word, candidates).map(c -> " (did you mean " + c + "?)").orElse("");
    if (word.startsWith("-")) {
      if (hint.isEmpty() && u.getCommandLine() == root) {
        // maint --set …: the option of a command typed before the command.
        return "unknown option '" + word + "' (a command's options go after it: maint COMMAND " + word + " …)";
      }
      return "unknown option '" + word + "'" + hint;
    }
    if (u.getCommandLine() == root) {
      return "unknown command '" + word + "'" + (hint.isEmpty()
          ? " (see maint --help; any cadence of a runbook is walked with: maint walk CADENCE)" : hint);
    }
    return "unexpected argument '" + word + "'" + hint;
  }

  /**
   * The candidate fewest edits away from {@code word} (Levenshtein distance), when it is close
   * enough to be a typo: at most a third of the word's letters, and at least 1, differ.
   */
  static Optional<String> closest(String word, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(word, c);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(1, word.replaceFirst("^-+", "").length() / 3) ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** "a", "a or b", "a, b or c". */
  static String or(List<String> words) {
    if (words.size() <= 1) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
  }
}
