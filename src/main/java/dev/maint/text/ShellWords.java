package dev.maint.text;

import java.util.regex.Pattern;

/** Quotes a word for a POSIX shell, so that a command maint prints works when pasted. */
public final class ShellWords {
  /** Words made only of these need no quotes in {@code sh} (POSIX.1-2017, XCU 2.2). */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellWords() {}

  /** {@code word} as is when the shell takes it so, else in single quotes ({@code '} as {@code '\''}). */
  public static String quote(String word) {
    return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
