package dev.maint.runbook;

import java.util.ArrayList;
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
 * single quotes, in a here-document, right after a backslash, inside arithmetic {@code $((...))}, or
 * in backquotes within double quotes.
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
   */
  public record Prepared(String command, Map<String, String> values) {
    public Prepared {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

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
    return new Prepared(scan.out.toString(), scan.values);
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
      out.append(k == Kind.DOUBLE_QUOTES ? "${" + shellName + "}" : "\"${" + shellName + "}\"");
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
