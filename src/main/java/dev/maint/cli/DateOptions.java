package dev.maint.cli;

import dev.maint.MaintException;
import dev.maint.runbook.Runbook;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

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
   * A year between 1900 and 9999.
   *
   * @throws MaintException (usage) otherwise
   */
  static int year(int year) {
    if (year < 1900 || year > 9999) {
      throw MaintException.usage("--year must be between 1900 and 9999, got " + year);
    }
    return year;
  }

  /**
   * A local date and time {@code YYYY-MM-DDTHH:MM}.
   *
   * @param option the option's name, for the message
   * @throws MaintException (usage) when malformed
   */
  static LocalDateTime dateTime(String option, String value) {
    try {
      return LocalDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw MaintException.usage(option + " must be YYYY-MM-DDTHH:MM, got '" + value + "'");
    }
  }
}
