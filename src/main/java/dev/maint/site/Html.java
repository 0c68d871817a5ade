package dev.maint.site;

import dev.maint.text.ControlCharacters;

/** Small pieces of HTML text (the HTML Living Standard's escaping rules for text and attribute values). */
final class Html {
  private Html() {}

  /**
   * Text safe in an element or a double-quoted attribute: control characters (ANSI sequences
   * included) removed, {@code & < > " '} written as character references.
   */
  static String text(String s) {
    String plain = ControlCharacters.strip(s == null ? "" : s);
    StringBuilder b = new StringBuilder(plain.length() + 16);
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A file name for a session id: letters, digits, {@code - _ .} kept, anything else {@code _}. */
  static String fileName(String session) {
    String safe = session.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
  }
}
