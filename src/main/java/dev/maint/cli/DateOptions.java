package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.runbook.Runbook;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --date YYYY-MM-DD}: the day a command looks at, else today in the runbook's time zone. */
public final class DateOptions {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "The day to look at (default: today in the runbook's time zone).")
  String date;

  /**
   * The day given, else today by the context's clock in the runbook's time zone.
   *
   * @throws MaintException (usage) for a malformed date
   */
  LocalDate date(CliContext context, Runbook runbook) {
    if (date == null) {
      return LocalDate.now(context.clock().withZone(runbook.timezone()));
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw MaintException.usage("--date must be YYYY-MM-DD, got '" + date + "'");
    }
  }

  /** Whether {@code --date} was given. */
  boolean given() {
    return date != null;
  }

  /**
   * Reads a local date and time {@code YYYY-MM-DDTHH:MM} ({@code --deadline}) while picocli parses,
   * so a malformed one is a usage error (exit 2) before any work starts.
   */
  static final class DateTime implements ITypeConverter<LocalDateTime> {
    @Override
    public LocalDateTime convert(String value) {
      try {
        return LocalDateTime.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("must be YYYY-MM-DDTHH:MM, got '" + value + "'");
      }
    }
  }

}
