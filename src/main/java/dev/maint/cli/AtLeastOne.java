package dev.maint.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a count or a number of seconds that must be a whole number of at least 1 ({@code
 * --timeout}, {@code --parallel}, {@code --count}). picocli calls it while parsing, so a wrong value
 * is a usage error (exit 2) naming only its own option, before any work starts.
 */
final class AtLeastOne implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("expected a whole number of at least 1");
    }
    if (n < 1) {
      throw new TypeConversionException("expected a whole number of at least 1");
    }
    return n;
  }
}
