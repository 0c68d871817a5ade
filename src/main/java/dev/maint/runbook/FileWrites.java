package dev.maint.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds a file a shell command plainly writes, so a run step marked {@code readonly: true} that
 * would change a file in a dry run is refused when the runbook loads. The check reads the command
 * as {@code sh} would split it (quotes, backslashes, {@code #} comments, operators) and catches:
 *
 * <ul>
 *   <li>an output redirection {@code >}, {@code >>}, {@code >|} or {@code &>} (with or without a
 *       descriptor number before it) to anything but {@code /dev/null}, {@code /dev/stdout} or
 *       {@code /dev/stderr}; {@code >&N} duplicates a descriptor and writes no file;
 *   <li>{@code tee} as a command (first word, or after {@code |}, {@code ;}, {@code &}, {@code &&},
 *       {@code ||}, {@code (} or a new line) with a file operand other than those three.
 * </ul>
 *
 * It is conservative by design: whatever it does not understand counts as writing nothing, so a
 * runbook that writes by other means ({@code cp}, {@code sed -i}, {@code sudo tee}, a redirection
 * inside double-quoted {@code $(...)}) still loads. An unquoted {@code >} is always taken for a
 * redirection, as {@code sh} takes it, so {@code [ a > b ]} is caught (it creates the file
 * {@code b}); so are bash's {@code [[ a > b ]]} and arithmetic {@code $(( a > b ))}, which are
 * comparisons (write {@code -gt} or quote the {@code >}), and {@code >} lines of a here-document.
 */
final class FileWrites {
  /** Files that are not changed by writing to them. */
  private static final Set<String> HARMLESS = Set.of("/dev/null", "/dev/stdout", "/dev/stderr");
  private static final Set<String> OUTPUT_REDIRECTIONS = Set.of(">", ">>", ">|", "&>", "&>>");

  private FileWrites() {}

  /**
   * A file the command writes and how.
   *
   * @param file the file as written in the command, quotes removed (it may hold {@code ${...}})
   * @param how {@code > redirection}, {@code >> redirection}, ... or {@code tee}
   */
  record Write(String file, String how) {}

  /** A word or an operator of the command; {@code operator} is false for words. */
  private record Token(String text, boolean operator) {}

  /** The first file {@code command} writes, if it plainly writes one (see the class comment). */
  static Optional<Write> first(String command) {
    List<Token> tokens = tokens(command);
    boolean commandStart = true;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (redirection(t)) {
        Optional<String> target = word(tokens, i + 1);
        if (OUTPUT_REDIRECTIONS.contains(t.text()) && target.filter(f -> !HARMLESS.contains(f)).isPresent()) {
          return Optional.of(new Write(target.get(), t.text() + " redirection"));
        }
        if (target.isPresent()) {
          i++; // the redirection's target, source or descriptor: not a command
        }
      } else if (t.operator()) {
        commandStart = true;
      } else {
        Optional<String> file = commandStart && t.text().equals("tee") ? teeFile(tokens, i + 1) : Optional.empty();
        if (file.isPresent()) {
          return Optional.of(new Write(file.get(), "tee"));
        }
        commandStart = false;
      }
    }
    return Optional.empty();
  }

  /** The first file operand of a {@code tee} whose arguments start at {@code from}. */
  private static Optional<String> teeFile(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (redirection(t)) {
        i++; // tee's own redirection: first() looks at its target
      } else if (t.operator()) {
        return Optional.empty();
      } else if (!t.text().startsWith("-") && !HARMLESS.contains(t.text())) {
        return Optional.of(t.text());
      }
    }
    return Optional.empty();
  }

  /** Whether the token is a redirection operator ({@code >}, {@code >&}, {@code <<}, ...). */
  private static boolean redirection(Token t) {
    return t.operator() && (t.text().startsWith("<") || t.text().startsWith(">") || t.text().startsWith("&>"));
  }

  private static Optional<String> word(List<Token> tokens, int at) {
    return at < tokens.size() && !tokens.get(at).operator() ? Optional.of(tokens.get(at).text()) : Optional.empty();
  }

  /** Splits a command into words (quotes removed) and operators, as {@code sh} does. */
  private static List<Token> tokens(String command) {
    List<Token> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int n = command.length();
    for (int i = 0; i < n; i++) {
      char c = command.charAt(i);
      if (c == '\\' && i + 1 < n) {
        word.append(command.charAt(++i));
        inWord = true;
      } else if (c == '\'' || c == '"') {
        int end = closing(command, i);
        word.append(command, i + 1, end);
        inWord = true;
        i = Math.min(end, n - 1);
      } else if (c == '#' && !inWord) {
        while (i + 1 < n && command.charAt(i + 1) != '\n') {
          i++;
        }
      } else if (c == ' ' || c == '\t') {
        inWord = end(tokens, word, inWord);
      } else if ("\n;|&()<>".indexOf(c) >= 0) {
        // A number right before a redirection is its descriptor (2>file), not a word.
        if ((c == '<' || c == '>') && inWord && word.chars().allMatch(Character::isDigit)) {
          word.setLength(0);
          inWord = false;
        }
        inWord = end(tokens, word, inWord);
        String op = operator(command, i);
        tokens.add(new Token(op, true));
        i += op.length() - 1;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    end(tokens, word, inWord);
    return tokens;
  }

  /** Index of the quote closing the one at {@code open}, or the end of the command. */
  private static int closing(String command, int open) {
    char quote = command.charAt(open);
    for (int i = open + 1; i < command.length(); i++) {
      if (quote == '"' && command.charAt(i) == '\\') {
        i++;
      } else if (command.charAt(i) == quote) {
        return i;
      }
    }
    return command.length();
  }

  private static boolean end(List<Token> tokens, StringBuilder word, boolean inWord) {
    if (inWord) {
      tokens.add(new Token(word.toString(), false));
      word.setLength(0);
    }
    return false;
  }

  /** The longest operator starting at {@code i}. */
  private static String operator(String command, int i) {
    for (String op : List.of("&>>", ">>", ">|", ">&", "&>", "<<", "<&", "<>", "&&", "||", ";;")) {
      if (command.startsWith(op, i)) {
        return op;
      }
    }
    return String.valueOf(command.charAt(i));
  }
}
