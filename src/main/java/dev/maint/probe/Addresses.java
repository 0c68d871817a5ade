package dev.maint.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * TEMPORARY compile shim so the stand-in {@link TlsProbe} builds; the real helper comes with the
 * real probes (drop on merge). Every lookup fails, so the stand-in reports {@code error}.
 */
final class Addresses {
  private Addresses() {}

  static String stripBrackets(String s) {
    return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
  }

  static List<InetAddress> literals(String address, String target) throws UnknownHostException {
    throw new UnknownHostException("stand-in: " + target);
  }

  static List<InetAddress> resolve(ProbeContext context, String host, int port) throws UnknownHostException {
    throw new UnknownHostException("stand-in: " + host);
  }

  static String text(InetAddress address) {
    return address.getHostAddress();
  }
}
