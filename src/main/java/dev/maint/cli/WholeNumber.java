package dev.maint.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a whole number within the range its option allows ({@code --timeout}, {@code --parallel},
 * {@code --count}, {@code --warn-days}, {@code --fail-days}, {@code --year}). picocli calls it
 * while parsing, so a wrong value is a usage error (exit 2) naming only its own option, before any
 * work starts; the message gives the range, also for a number too large for an {@code int}, so the
 * operator learns what would have been accepted. Each option's range is a subclass, as picocli
 * makes converters from their class.
 */
abstract class WholeNumber implements ITypeConverter<Integer> {
  private final int min;
  private final int max;

  /** A converter accepting {@code min} to {@code max}, both included. */
  WholeNumber(int min, int max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public Integer convert(String value) {
    long n;
    try {
      n = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      // Not a number, or one beyond even a long: either way, the range is what to say.
      throw outOfRange();
    }
    if (n < min || n > max) {
      throw outOfRange();
    }
    return (int) n;
  }

  private TypeConversionException outOfRange() {
    return new TypeConversionException("expected a whole number from " + min + " to " + max);
  }

  /** {@code --timeout SECONDS}: up to a day, as {@code MAINT_GIT_TIMEOUT}. */
  static final class Seconds extends WholeNumber {
    Seconds() {
      super(1, 86_400);
    }
  }

  /**
   * A count of things shown or done at once ({@code --parallel}, {@code --count}): far more than
   * anyone needs, and few enough that a typo cannot ask for billions of threads or lines.
   */
  static final class Count extends WholeNumber {
    Count() {
      super(1, 1_000);
    }
  }

  /** {@code --warn-days}, {@code --fail-days}: days before a not-after, up to a century. */
  static final class Days extends WholeNumber {
    Days() {
      super(0, 36_500);
    }
  }

  /** {@code --year}: the years the calendar is drawn for. */
  static final class Year extends WholeNumber {
    Year() {
      super(1900, 9999);
    }
  }
}
