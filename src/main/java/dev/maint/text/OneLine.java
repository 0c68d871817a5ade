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
}
