package dev.maint.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where a probe connects: fixed addresses first, then IP literals, then DNS. */
final class Addresses {
  private Addresses() {}

  /**
   * The addresses to try, in order, for {@code host:port}.
   *
   * <ol>
   *   <li>{@code ProbeContext.resolved(host, port)}: one IP address, or several separated by
   *       commas (e.g. {@code ::1,127.0.0.1}), as curl's {@code --resolve NAME:PORT:ADDR[,ADDR]};
   *   <li>{@code host} itself when it is an IP literal;
   *   <li>every address DNS gives for {@code host}.
   * </ol>
   *
   * @param port the port, or -1 when only {@code host:*} entries apply
   * @throws UnknownHostException if DNS knows no address, or a fixed address is not an IP literal
   */
  static List<InetAddress> resolve(ProbeContext context, String host, int port) throws UnknownHostException {
    // With port -1 only a "host:*" entry can match.
    Optional<String> fixed = context.resolved(host, port);
    if (fixed.isPresent()) {
      return literals(fixed.get(), host);
    }
    if (Certificates.isIpLiteral(stripBrackets(host))) {
      return literals(host, host);
    }
    return Arrays.asList(InetAddress.getAllByName(host));
  }

  /**
   * Parses a comma-separated list of IP literals.
   *
   * @throws UnknownHostException naming {@code host} if any entry is not an IP literal
   */
  static List<InetAddress> literals(String list, String host) throws UnknownHostException {
    List<InetAddress> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        out.add(Certificates.parseIp(p));
      } catch (IOException e) {
        throw new UnknownHostException("fixed address for " + host + " is not an IP address: " + p);
      }
    }
    if (out.isEmpty()) {
      throw new UnknownHostException("no fixed address for " + host);
    }
    return out;
  }

  /** {@code ::1} for {@code [::1]}; other names unchanged. */
  static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * An address as text: IPv4 dotted, IPv6 in the RFC 5952 short form ({@code ::1}, not the
   * {@code 0:0:0:0:0:0:0:1} Java prints), without any scope.
   */
  static String text(InetAddress a) {
    String s = a.getHostAddress();
    int scope = s.indexOf('%');
    if (scope >= 0) {
      s = s.substring(0, scope);
    }
    if (!s.contains(":")) {
      return s;
    }
    String[] groups = s.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    if (bestStart < 0) {
      return s;
    }
    String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
    String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }
}
