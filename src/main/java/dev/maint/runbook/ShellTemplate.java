package dev.maint.runbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * A shell command with {@code ${name}} references, turned into a command whose text never holds a
 * value: each reference becomes a quoted reference to a shell variable ({@code "${MAINT_VALUE_1}"}
 * unquoted, {@code ${MAINT_VALUE_1}} inside double quotes), and the values travel beside the
 * command (in its environment, or as data on ssh's standard input). A value therefore always stays
 * one word of data, whatever it holds ({@code ;}, {@code $(...)}, quotes, new lines), as POSIX sh
 * expands a quoted parameter without field splitting, pathname expansion or re-parsing (POSIX.1-2017
 * XCU 2.6.2, 2.6.5, 2.6.6).
 *
 * <p>The variables are numbered rather than named after the runbook's variables, so no name the
 * runbook or the environment chooses can collide with or break one ({@code a.b-c} is a valid
 * runbook name but no shell name).
 *
 * <p>A reference the shell would not expand as one word is refused when the runbook loads: inside
 * single quotes or {@code $'...'}, in a here-document, right after a backslash, inside arithmetic
 * {@code $((...))}, or in backquotes within double quotes.
 */
public final class ShellTemplate {
  /** The prefix of the shell variables that carry values; followed by 1, 2, ... */
  public static final String VALUE_PREFIX = "MAINT_VALUE_";

  private ShellTemplate() {}

  /**
   * A reference the shell could not keep as one word.
   *
   * @param offset index of the reference's {@code $} in the command
   * @param message why, e.g. {@code ${target} is inside single quotes}
   */
  public record Problem(int offset, String message) {}

  /**
   * A command ready to run.
   *
   * @param command the command text, holding only references to {@code values}
   * @param values shell variable name to value, in order of first use
   * @param placements where each reference sits in {@code command}, in order
   */
  public record Prepared(String command, Map<String, String> values, List<Placement> placements) {
    public Prepared {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      placements = List.copyOf(placements);
    }
  }

  /**
   * One reference of a prepared command and the shell context it sits in, which decides how its
   * value could be written in its place ({@link dev.maint.exec.ShownCommand}).
   *
   * @param start index in {@link Prepared#command()} of the reference as it runs ({@code
   *     "${MAINT_VALUE_1}"}, or {@code ${MAINT_VALUE_1}} inside double quotes)
   * @param end index just after it
   * @param variable the shell variable it reads, a key of {@link Prepared#values()}
   * @param inDoubleQuotes whether the innermost quoting around it is the author's double quotes
   *     (otherwise it is unquoted: at the top, in {@code $(...)} or in backquotes)
   * @param backquotes how many backquote substitutions it sits in: each reads its text once more
   *     before parsing it, taking a backslash before {@code \}, {@code $} or {@code `} away (XCU
   *     2.6.3)
   * @param known false when the scanner cannot tell how often the text is read again: after an
   *     escaped backquote inside backquotes (a nested substitution the scanner does not follow)
   */
  public record Placement(int start, int end, String variable, boolean inDoubleQuotes, int backquotes, boolean known) {}

  /** The first reference of {@code command} that cannot stay one word, if any. */
  public static Optional<Problem> problem(String command) {
    Scan scan = new Scan(command, r -> "");
    scan.run();
    return Optional.ofNullable(scan.problem);
  }

  /**
   * Prepares a command: references replaced by shell variable references, values resolved.
   *
   * @param resolver a reference's value; may throw (an unresolved variable)
   * @throws IllegalArgumentException when a reference cannot stay one word (see {@link #problem});
   *     a loaded runbook never holds such a command
   */
  public static Prepared prepare(String command, Function<Templates.Reference, String> resolver) {
    Scan scan = new Scan(command, resolver);
    scan.run();
    if (scan.problem != null) {
      throw new IllegalArgumentException(scan.problem.message());
    }
    return new Prepared(scan.out.toString(), scan.values, scan.placements);
  }

  /** Kinds of nested context the scanner can be in. */
  private enum Kind {
    TOP, DOUBLE_QUOTES, COMMAND_SUBSTITUTION, BACKQUOTES, BACKQUOTES_IN_DOUBLE_QUOTES, ARITHMETIC
  }

  /** One pass over the command, copying it to {@code out} with references replaced. */
  private static final class Scan {
    private final String s;
    private final Function<Templates.Reference, String> resolver;
    final StringBuilder out = new StringBuilder();
    final Map<String, String> values = new LinkedHashMap<>();
    final List<Placement> placements = new ArrayList<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<Kind> stack = new ArrayList<>(List.of(Kind.TOP));
    /** Parentheses open inside the innermost command substitution or arithmetic. */
    private final List<Integer> depth = new ArrayList<>(List.of(0));
    private final List<String[]> pendingHereDocs = new ArrayList<>();
    /**
     * The index after the command's last {@code '}'}: no reference starts at or past it. Looking
     * no further keeps the scan linear where a text holds many {@code ${} and no {@code '}'}
     * after them (each look would otherwise read to the end).
     */
    private final int lastClose;
    Problem problem;
    private int i;
    /** An escaped backquote was seen inside the backquotes still open: nesting the scan does not follow. */
    private boolean nestedBackquotes;

    Scan(String s, Function<Templates.Reference, String> resolver) {
      this.s = s;
      this.resolver = resolver;
      this.lastClose = Templates.lastClose(s);
    }

    private Kind top() {
      return stack.get(stack.size() - 1);
    }

    private void push(Kind k) {
      stack.add(k);
      depth.add(0);
    }

    private void pop() {
      if (stack.size() > 1) {
        stack.remove(stack.size() - 1);
        depth.remove(depth.size() - 1);
      }
      if (backquotes() == 0 && !stack.contains(Kind.BACKQUOTES_IN_DOUBLE_QUOTES)) {
        nestedBackquotes = false;
      }
    }

    private int backquotes() {
      return (int) stack.stream().filter(k -> k == Kind.BACKQUOTES).count();
    }

    private boolean unquoted() {
      Kind k = top();
      return k == Kind.TOP || k == Kind.COMMAND_SUBSTITUTION || k == Kind.BACKQUOTES
          || k == Kind.BACKQUOTES_IN_DOUBLE_QUOTES;
    }

    void run() {
      int n = s.length();
      while (i < n && problem == null) {
        char c = s.charAt(i);
        if (c == '$' && reference(i) != null) {
          replace(reference(i));
          continue;
        }
        if (s.startsWith("$${", i)) {
          // An escaped reference: the shell's own ${...}, copied as written up to its '}'.
          int close = i < lastClose ? s.indexOf('}', i) : -1;
          int end = close < 0 ? n : close + 1;
          // Its text is copied, not scanned: a quote, '$', '{', backquote or backslash in it would
          // put the scanner out of step with the shell (${x:-"${v}"} ends at its first '}' here,
          // in the middle of a quoted word for the shell), so a reference after it would be placed
          // unquoted: word-split and globbed. Such an escape is refused rather than guessed at.
          // (One never closed is the shell's syntax error, and copies the rest of the text unread.)
          for (int j = i + 3; close >= 0 && j < close; j++) {
            if ("\"'`${\\".indexOf(s.charAt(j)) >= 0) {
              problem = new Problem(j, "a $${...} escape holds " + s.charAt(j)
                  + ", which maint cannot follow: the shell's own ${...} may hold only a name and plain"
                  + " text (${NAME:-default}); set the value in a variable of the runbook instead");
              return;
            }
          }
          out.append(s, i + 1, end);
          i = end;
          continue;
        }
        Kind k = top();
        if (c == '\\') {
          if (i + 1 < n && reference(i + 1) != null) {
            fail(i + 1, "right after a backslash");
            return;
          }
          if (s.startsWith("\\`", i) && (backquotes() > 0 || stack.contains(Kind.BACKQUOTES_IN_DOUBLE_QUOTES))) {
            nestedBackquotes = true;
          }
          copy(Math.min(2, n - i));
        } else if (k == Kind.DOUBLE_QUOTES) {
          if (c == '"') {
            pop();
            copy(1);
          } else {
            opening(c);
          }
        } else if (k == Kind.ARITHMETIC) {
          if (s.startsWith("))", i) && depth.get(depth.size() - 1) == 0) {
            pop();
            copy(2);
          } else {
            parenthesis(c);
            copy(1);
          }
        } else {
          unquotedCharacter(c);
        }
      }
    }

    /** A character outside quotes (top level, command substitution, backquotes). */
    private void unquotedCharacter(char c) {
      Kind k = top();
      if (c == '\'') {
        int close = s.indexOf('\'', i + 1);
        int end = close < 0 ? s.length() : close + 1;
        for (int j = i + 1; j < end; j++) {
          if (reference(j) != null) {
            fail(j, "inside single quotes");
            return;
          }
        }
        literal(i, end);
        i = end;
      } else if (s.startsWith("$'", i) && (i == 0 || s.charAt(i - 1) != '$')) {
        ansiCQuotes();
      } else if (c == '"') {
        push(Kind.DOUBLE_QUOTES);
        copy(1);
      } else if (c == '`' && (k == Kind.BACKQUOTES || k == Kind.BACKQUOTES_IN_DOUBLE_QUOTES)) {
        pop();
        copy(1);
      } else if (c == '#' && wordStart()) {
        int end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
        literal(i, end);
        i = end;
      } else if (c == '\n') {
        copy(1);
        hereDocuments();
      } else if (s.startsWith("<<", i) && !s.startsWith("<<<", i)) {
        hereDocumentOperator();
      } else if (k == Kind.COMMAND_SUBSTITUTION && (c == '(' || c == ')')) {
        if (c == ')' && depth.get(depth.size() - 1) == 0) {
          pop();
        } else {
          parenthesis(c);
        }
        copy(1);
      } else {
        opening(c);
      }
    }

    /**
     * {@code $'...'}: bash, zsh, ksh and POSIX.1-2024 read it as one quoted string in which a
     * backslash escapes the next character, {@code \'} included. Scanned the way they read it, so
     * that a quote escaped in it does not end it here while it goes on in the shell; a reference
     * inside is text there, as in single quotes, and is refused the same way. (dash reads {@code
     * $} and a single-quoted string; any reference this refuses is quoted, or the text is an error,
     * there too.)
     */
    private void ansiCQuotes() {
      int j = i + 2;
      while (j < s.length() && s.charAt(j) != '\'') {
        j += s.charAt(j) == '\\' ? 2 : 1;
      }
      int end = Math.min(j + 1, s.length());
      for (int at = i + 2; at < end; at++) {
        if (reference(at) != null) {
          fail(at, "inside $'...'");
          return;
        }
      }
      literal(i, end);
      i = end;
    }

    /** {@code $((}, {@code $(} and backquotes open a context; anything else is copied. */
    private void opening(char c) {
      if (s.startsWith("$((", i)) {
        push(Kind.ARITHMETIC);
        copy(3);
      } else if (s.startsWith("$(", i)) {
        push(Kind.COMMAND_SUBSTITUTION);
        copy(2);
      } else if (c == '`') {
        push(top() == Kind.DOUBLE_QUOTES ? Kind.BACKQUOTES_IN_DOUBLE_QUOTES : Kind.BACKQUOTES);
        copy(1);
      } else {
        copy(1);
      }
    }

    private void parenthesis(char c) {
      int last = depth.size() - 1;
      if (c == '(') {
        depth.set(last, depth.get(last) + 1);
      } else if (c == ')' && depth.get(last) > 0) {
        depth.set(last, depth.get(last) - 1);
      }
    }

    private boolean wordStart() {
      return i == 0 || " \t\n;&|()<>".indexOf(s.charAt(i - 1)) >= 0;
    }

    private void copy(int count) {
      out.append(s, i, i + count);
      i += count;
    }

    /** {@code <<} or {@code <<-} and its delimiter word; the body starts after the next new line. */
    private void hereDocumentOperator() {
      int j = i + 2;
      boolean stripTabs = j < s.length() && s.charAt(j) == '-';
      if (stripTabs) {
        j++;
      }
      while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
        j++;
      }
      StringBuilder delimiter = new StringBuilder();
      while (j < s.length() && " \t\n;&|()<>".indexOf(s.charAt(j)) < 0) {
        char d = s.charAt(j);
        if (d != '\'' && d != '"' && d != '\\') {
          delimiter.append(d);
        }
        j++;
      }
      pendingHereDocs.add(new String[] {delimiter.toString(), stripTabs ? "-" : ""});
      out.append(s, i, j);
      i = j;
    }

    /** Copies the bodies of the here-documents opened on the line just ended. */
    private void hereDocuments() {
      for (String[] doc : pendingHereDocs) {
        while (i < s.length()) {
          int end = s.indexOf('\n', i);
          end = end < 0 ? s.length() : end;
          String line = s.substring(i, end);
          for (int j = i; j < end; j++) {
            if (reference(j) != null) {
              fail(j, "in a here-document");
              return;
            }
          }
          literal(i, Math.min(end + 1, s.length()));
          i = Math.min(end + 1, s.length());
          String compared = doc[1].isEmpty() ? line : line.replaceFirst("^\t+", "");
          if (compared.equals(doc[0])) {
            break;
          }
        }
      }
      pendingHereDocs.clear();
    }

    /** The reference starting at {@code at}, or null (an escaped {@code $${} is none). */
    private Matcher reference(int at) {
      // A '$' before it makes it the escape $${ (Templates reads the leftmost match).
      if (at >= lastClose || !s.startsWith("${", at) || at > 0 && s.charAt(at - 1) == '$') {
        return null;
      }
      Matcher m = Templates.REFERENCE.matcher(s);
      m.region(at, lastClose);
      return m.lookingAt() && !m.group().startsWith("$$") ? m : null;
    }

    /** Copies text the shell reads literally (quotes, comments, here-documents): $${ becomes ${. */
    private void literal(int from, int to) {
      out.append(s.substring(from, to).replace("$${", "${"));
    }

    private void replace(Matcher m) {
      Kind k = top();
      if (k == Kind.ARITHMETIC) {
        fail(i, "inside arithmetic $((...))");
        return;
      }
      if (k == Kind.BACKQUOTES_IN_DOUBLE_QUOTES) {
        fail(i, "inside backquotes within double quotes (write $(...) instead)");
        return;
      }
      String body = m.group(1);
      boolean env = body.startsWith(Templates.ENV_PREFIX);
      String key = body;
      String shellName = names.get(key);
      if (shellName == null) {
        shellName = VALUE_PREFIX + (names.size() + 1);
        names.put(key, shellName);
        String name = env ? body.substring(Templates.ENV_PREFIX.length()) : body;
        values.put(shellName, resolver.apply(new Templates.Reference(name, env, i)));
      }
      int start = out.length();
      out.append(k == Kind.DOUBLE_QUOTES ? "${" + shellName + "}" : "\"${" + shellName + "}\"");
      boolean known = !nestedBackquotes && !stack.contains(Kind.BACKQUOTES_IN_DOUBLE_QUOTES);
      placements.add(new Placement(start, out.length(), shellName, k == Kind.DOUBLE_QUOTES, backquotes(), known));
      i = m.end();
    }

    private void fail(int at, String where) {
      Matcher m = reference(at);
      String written = m != null ? m.group() : "${...}";
      problem = new Problem(at, written + " is " + where + ", where its value cannot stay one word of data;"
          + " place it outside single quotes (\"..." + written + "...\" or bare)");
    }
  }
}
