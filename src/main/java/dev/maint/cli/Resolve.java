package dev.maint.cli;

import dev.maint.MaintException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --resolve NAME:PORT:ADDRESS[,ADDRESS]} value, as curl's option of that name: connect
 * to ADDRESS (an IPv4 or IPv6 literal, IPv6 optionally in brackets) for NAME:PORT; PORT is 1 to
 * 65535 or {@code *}.
 *
 * @param key {@code NAME:PORT}
 * @param address the addresses, comma-separated, without brackets
 */
record Resolve(String key, String address) {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  /**
   * Parses one value.
   *
   * @throws MaintException (usage) naming the value and what is wrong with it
   */
  static Resolve parse(String r) {
    int first = r.indexOf(':');
    int second = first < 0 ? -1 : r.indexOf(':', first + 1);
    if (first <= 0 || second < 0 || second == r.length() - 1) {
      throw MaintException.usage("--resolve " + r + ": expected NAME:PORT:ADDRESS");
    }
    String port = r.substring(first + 1, second);
    if (!port.equals("*") && !(port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535)) {
      throw MaintException.usage("--resolve " + r + ": invalid port '" + port + "'");
    }
    String address = r.substring(second + 1);
    if (address.startsWith("[") && address.endsWith("]")) {
      address = address.substring(1, address.length() - 1);
    }
    for (String one : address.split(",", -1)) {
      if (one.isBlank()) {
        throw MaintException.usage("--resolve " + r + ": an empty address in the list");
      }
      if (!IPV4.matcher(one).matches() && !(one.contains(":") && one.matches("[0-9A-Fa-f:.]+"))) {
        throw MaintException.usage("--resolve " + r + ": '" + one + "' is not an IP address");
      }
    }
    return new Resolve(r.substring(0, first) + ":" + port, address);
  }

  /** Checks a value while picocli parses, so a mistyped one stops the command before any work. */
  static final class Converter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        parse(value);
        return value;
      } catch (MaintException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
