package dev.maint.cli;

import dev.maint.runbook.Templates;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads the NAME of {@code --set NAME=VALUE} and {@code --set-file NAME=PATH}: a name a runbook
 * may declare ({@link Templates#NAME}). picocli calls it while parsing, so {@code --set =x} is a
 * usage error (exit 2) before any work starts.
 */
final class VariableName implements ITypeConverter<String> {
  @Override
  public String convert(String name) {
    if (!Templates.NAME.matcher(name).matches()) {
      throw new TypeConversionException(name.isEmpty() ? "expected NAME=VALUE, and the NAME is empty"
          : "expected NAME=VALUE, and '" + name + "' is not a variable name");
    }
    return name;
  }

  /** The VALUE (or PATH), as given. */
  static final class Value implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return value;
    }
  }
}
