package dev.maint.text;

import java.util.regex.Pattern;

/**
 * Removes what would garble a pipe, a log file or an XML report: ANSI escape sequences (ECMA-48
 * CSI and OSC sequences and two-character escapes, as commands print for colour and progress)
 * and control characters.
 */
public final class ControlCharacters {
  /**
   * CSI ({@code ESC [} parameters, intermediates, final byte), OSC ({@code ESC ]} ... BEL or
   * {@code ESC \}), and other two-character escapes ({@code ESC} followed by 0x40–0x5F), per
   * ECMA-48 section 5.
   */
  private static final Pattern ANSI =
      Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)|\u001b[@-Z\\\\-_]");

  private ControlCharacters() {}

  /**
   * The text without ANSI escape sequences and without any character other than tab and line
   * feed that is a control character (C0, DEL, C1) or not allowed in XML 1.0 (lone surrogates,
   * U+FFFE, U+FFFF; XML 1.0 section 2.2). A carriage return is removed too, so {@code \r\n}
   * becomes {@code \n} and progress bars redrawn with {@code \r} run on.
   *
   * @param text any text; {@code null} gives the empty string
   * @return text safe for a terminal that is not a terminal, a log line and XML 1.0 character data
   */
  public static String strip(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    String s = text.indexOf('\u001b') >= 0 ? ANSI.matcher(text).replaceAll("") : text;
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean keep;
      int width = 1;
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        keep = true;
        width = 2;
      } else {
        keep = allowed(c);
      }
      if (!keep && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      } else if (keep && out != null) {
        out.append(s, i, i + width);
      }
      i += width - 1;
    }
    return out == null ? s : out.toString();
  }

  private static boolean allowed(char c) {
    if (c == '\t' || c == '\n') {
      return true;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return false;
    }
    return !Character.isSurrogate(c) && c != '\ufffe' && c != '\uffff';
  }
}
