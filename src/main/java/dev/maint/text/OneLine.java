package dev.maint.text;

/** Text squeezed onto one line for a table cell. */
public final class OneLine {
  private OneLine() {}

  /**
   * The text with every run of white space (line breaks included) turned into one space, trimmed,
   * and cut to {@code width} characters with a trailing {@code …} when longer.
   *
   * @param width the most characters returned, at least 1
   */
  public static String clip(String text, int width) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= width ? one : one.substring(0, width - 1) + "…";
  }

  /**
   * The text kept on one line with nothing hidden: line feed, carriage return and tab shown as
   * {@code \n}, {@code \r}, {@code \t} (a backslash itself is kept, so a command stays as written), and every other control
   * character (Unicode category Cc, plus the line and paragraph separators U+2028, U+2029) as
   * a backslash, {@code u} and four hex digits, as a Java string literal writes them (JLS 3.10.6).
   * Bidirectional controls and other invisible format characters ({@link
   * ControlCharacters#shownAsCode}), which make a line read other than it is, are shown as {@code
   * <U+202E>}, as {@link ControlCharacters#strip} shows them.
   *
   * @param text any text; {@code null} gives the empty string
   */
  public static String escape(String text) {
    return escape(text, false);
  }

  /**
   * A document of several lines with nothing hidden: as {@link #escape}, except that line feed and
   * tab stay what they are, since they lay the document out. What a terminal would act on (an
   * escape sequence, a bell, a C1 control, a carriage return) and what makes a line read other
   * than it is (a bidirectional control) are shown as {@link #escape} shows them.
   *
   * @param text any text; {@code null} gives the empty string
   */
  public static String escapeKeepingLines(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean keepLines) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      int c = text.codePointAt(i);
      switch (c) {
        case '\n' -> out.append(keepLines ? "\n" : "\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append(keepLines ? "\t" : "\\t");
        default -> {
          if (ControlCharacters.shownAsCode(c)) {
            out.append(ControlCharacters.code(c));
          } else if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
      i += Character.charCount(c) - 1;
    }
    return out.toString();
  }

  /**
   * A value as maint's messages quote it, e.g. {@code greeting="bonjour"} in a walk's overrides
   * line: in double quotes, {@link #escape escaped} onto one line, a double quote inside shown as
   * {@code \"}, so that an empty value ({@code ""}) or one with spaces reads unambiguously.
   *
   * @param value any text; {@code null} gives {@code ""}
   */
  public static String quoted(String value) {
    return "\"" + escape(value).replace("\"", "\\\"") + "\"";
  }
}
