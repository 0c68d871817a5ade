package dev.maint.ui;

/**
 * ANSI styling that is on only for a terminal that wants colour ({@code NO_COLOR} and {@code
 * --no-color} turn it off); otherwise every method returns its text unchanged.
 */
public final class Style {
  private final boolean colour;

  /** @param colour whether to emit ANSI escape sequences */
  public Style(boolean colour) {
    this.colour = colour;
  }

  public boolean colour() {
    return colour;
  }

  public String bold(String s) {
    return wrap("1", s);
  }

  public String dim(String s) {
    return wrap("2", s);
  }

  public String red(String s) {
    return wrap("31", s);
  }

  public String green(String s) {
    return wrap("32", s);
  }

  public String yellow(String s) {
    return wrap("33", s);
  }

  public String cyan(String s) {
    return wrap("36", s);
  }

  private String wrap(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
