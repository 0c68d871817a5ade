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

  /** Select Graphic Rendition ({@code ESC [} digits and separators {@code m}): colour and bold only. */
  private static final Pattern SGR = Pattern.compile("\u001b\\[[0-9;:]*m");

  private ControlCharacters() {}

  /**
   * For a colour terminal: the text as {@link #strip} leaves it, except that SGR sequences
   * (colour, bold) stay. Everything else a command could send the terminal (titles, cursor
   * movement, clearing the screen, hyperlinks) is removed.
   *
   * @param text any text; {@code null} gives the empty string
   * @return text that can only change the colour of what follows it
   */
  public static String keepColour(String text) {
    if (text == null || text.indexOf('\u001b') < 0) {
      return strip(text);
    }
    StringBuilder out = new StringBuilder(text.length());
    java.util.regex.Matcher m = ANSI.matcher(text);
    int from = 0;
    while (m.find()) {
      out.append(strip(text.substring(from, m.start())));
      if (SGR.matcher(m.group()).matches()) {
        out.append(m.group());
      }
      from = m.end();
    }
    return out.append(strip(text.substring(from))).toString();
  }

  /**
   * The text without ANSI escape sequences and without any character other than tab and line
   * feed that is a control character (C0, DEL, C1) or not allowed in XML 1.0 (lone surrogates,
   * U+FFFE, U+FFFF; XML 1.0 section 2.2). A carriage return is removed too, so {@code \r\n}
   * becomes {@code \n} and progress bars redrawn with {@code \r} run on. Bidirectional
   * controls (marks, embeddings, overrides and isolates, Unicode UAX #9) and the other invisible
   * format characters ({@link #shownAsCode}), which can make a line read other than it is, are
   * shown visibly as {@code <U+202E>}. Every text maint writes for people (terminal, run log, log
   * row, commit message, reports) goes through here.
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
      int cp = s.codePointAt(i);
      int width = Character.charCount(cp);
      boolean keep = width == 2 || allowed(s.charAt(i));
      boolean shown = shownAsCode(cp);
      if ((!keep || shown) && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (shown) {
        out.append(code(cp));
      } else if (keep && out != null) {
        out.append(s, i, i + width);
      }
      i += width - 1;
    }
    return out == null ? s : out.toString();
  }

  /**
   * Whether {@link #strip} shows this code point as {@code <U+XXXX>}: an invisible format
   * character (Unicode general category Cf), which the bidirectional controls of UAX #9 are
   * (marks U+200E, U+200F, U+061C; embeddings and overrides U+202A–U+202E; isolates
   * U+2066–U+2069), as are zero-width spaces, the byte-order mark and tag characters: each can
   * make a line read other than it is, or hide text. Zero-width joiner and non-joiner (U+200D,
   * U+200C) stay: emoji sequences and several scripts are written with them, and they move nothing.
   */
  public static boolean shownAsCode(int codePoint) {
    return Character.getType(codePoint) == Character.FORMAT && codePoint != 0x200c && codePoint != 0x200d;
  }

  /** A code point as {@link #strip} shows it: {@code <U+202E>}, at least four hex digits. */
  public static String code(int codePoint) {
    return String.format("<U+%04X>", codePoint);
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
