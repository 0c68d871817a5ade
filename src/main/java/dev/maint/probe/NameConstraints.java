package dev.maint.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The name constraints of a CA (RFC 5280 §4.2.1.10) applied to every certificate below it on the
 * path: dNSName, iPAddress, rfc822Name and directoryName subtrees, permitted and excluded. Read
 * from the extension's bytes rather than through the JDK, which does not apply a DNS constraint
 * to a wildcard that could stand for an excluded name, nor IPv4 constraints to IPv4-mapped IPv6
 * addresses.
 *
 * <ul>
 *   <li>DNS: {@code bad.test} covers {@code bad.test} and every name under it, {@code .bad.test}
 *       only the names under it. A wildcard SAN {@code *.test} is excluded by {@code x.test}
 *       too, since it would match it.
 *   <li>IP: address and mask; an IPv4 address and its IPv4-mapped IPv6 form are the same.
 *   <li>Any other form (otherName, URI, x400Address, ediPartyName, registeredID) or a subtree
 *       with a minimum or maximum makes the path invalid: a constraint that cannot be checked
 *       cannot be assumed to hold.
 * </ul>
 */
final class NameConstraints {
  private static final int RFC822 = 1;
  private static final int DNS = 2;
  private static final int DIRECTORY = 4;
  private static final int IP = 7;
  private static final String[] FORMS = {
    "otherName", "rfc822Name", "dNSName", "x400Address", "directoryName", "ediPartyName",
    "uniformResourceIdentifier", "iPAddress", "registeredID"
  };

  private record Subtree(int form, byte[] base) {}

  private NameConstraints() {}

  /**
   * Checks the constraints of {@code path[ca]}, if it has any, on {@code path[0..ca)}.
   *
   * @param caName how reasons name the constraining CA
   * @param who how reasons name the certificate at an index
   * @return the first violation, or why the constraints cannot be checked
   */
  static Optional<ChainCheck.Problem> check(
      List<X509Certificate> path, int ca, String caName, IntFunction<String> who) {
    byte[] ext = path.get(ca).getExtensionValue("2.5.29.30");
    if (ext == null) {
      return Optional.empty();
    }
    List<Subtree> permitted = new ArrayList<>();
    List<Subtree> excluded = new ArrayList<>();
    try {
      for (Der.Tlv part : Der.single(Der.extensionContents(ext)).children()) {
        if (!part.contextSpecific() || part.contextNumber() > 1) {
          throw new IOException("unexpected element in NameConstraints");
        }
        List<Subtree> into = part.contextNumber() == 0 ? permitted : excluded;
        for (Der.Tlv subtree : part.children()) {
          List<Der.Tlv> fields = subtree.children();
          if (fields.isEmpty() || !fields.get(0).contextSpecific()) {
            throw new IOException("malformed GeneralSubtree");
          }
          for (Der.Tlv bound : fields.subList(1, fields.size())) {
            boolean zeroMinimum =
                bound.contextNumber() == 0 && bound.value().length == 1 && bound.value()[0] == 0;
            if (!zeroMinimum) {
              return Optional.of(unsupported(caName, "a subtree with a minimum or maximum"));
            }
          }
          Der.Tlv base = fields.get(0);
          int form = base.contextNumber();
          if (form != DNS && form != IP && form != RFC822 && form != DIRECTORY) {
            return Optional.of(unsupported(caName, form < FORMS.length ? FORMS[form] : "form [" + form + "]"));
          }
          if (form == IP && base.value().length != 8 && base.value().length != 32) {
            return Optional.of(unsupported(caName, "an iPAddress of " + base.value().length + " bytes"));
          }
          into.add(new Subtree(form, base.value()));
        }
      }
    } catch (IOException e) {
      return Optional.of(unsupported(caName, "an unreadable extension (" + e.getMessage() + ")"));
    }
    for (int i = 0; i < ca; i++) {
      X509Certificate c = path.get(i);
      if (i > 0 && c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        // Self-issued intermediates are exempt (RFC 5280 §6.1.4 (b)).
        continue;
      }
      Certificates.SubjectNames names = Certificates.subjectNames(c);
      for (String dns : names.dns()) {
        Optional<String> bad = judge(DNS, "DNS:" + dns, permitted, excluded, b -> dnsWithin(dns, b), b -> dnsExcluded(dns, b));
        if (bad.isPresent()) {
          return Optional.of(violation(caName, who.apply(i), bad.get()));
        }
      }
      for (InetAddress ip : names.ips()) {
        Optional<String> bad =
            judge(IP, "IP:" + ip.getHostAddress(), permitted, excluded, b -> ipWithin(ip, b), b -> ipWithin(ip, b));
        if (bad.isPresent()) {
          return Optional.of(violation(caName, who.apply(i), bad.get()));
        }
      }
      for (String mail : names.emails()) {
        Optional<String> bad =
            judge(RFC822, "email:" + mail, permitted, excluded, b -> mailWithin(mail, b), b -> mailWithin(mail, b));
        if (bad.isPresent()) {
          return Optional.of(violation(caName, who.apply(i), bad.get()));
        }
      }
      X500Principal subject = c.getSubjectX500Principal();
      if (subject.getEncoded().length > 2) {
        String dn = subject.getName(X500Principal.RFC2253);
        Optional<String> bad =
            judge(DIRECTORY, "subject " + dn, permitted, excluded, b -> dnWithin(subject, b), b -> dnWithin(subject, b));
        if (bad.isPresent()) {
          return Optional.of(violation(caName, who.apply(i), bad.get()));
        }
      }
    }
    return Optional.empty();
  }

  private interface Within {
    boolean test(byte[] base);
  }

  /** {@code excludes NAME} or {@code does not permit NAME}, if so. */
  private static Optional<String> judge(
      int form, String name, List<Subtree> permitted, List<Subtree> excluded, Within within, Within excludedBy) {
    for (Subtree s : excluded) {
      if (s.form() == form && excludedBy.test(s.base())) {
        return Optional.of("excludes " + name + " (subtree " + show(s) + ")");
      }
    }
    boolean constrained = false;
    for (Subtree s : permitted) {
      if (s.form() == form) {
        constrained = true;
        if (within.test(s.base())) {
          return Optional.empty();
        }
      }
    }
    return constrained ? Optional.of("does not permit " + name) : Optional.empty();
  }

  private static ChainCheck.Problem violation(String caName, String cert, String what) {
    return new ChainCheck.Problem("name_constraint", "name constraint of " + caName + " " + what + " in " + cert);
  }

  private static ChainCheck.Problem unsupported(String caName, String what) {
    return new ChainCheck.Problem(
        "unsupported_name_constraint",
        "invalid path: " + caName + " has a name constraint maint cannot check (" + what + ")");
  }

  private static String show(Subtree s) {
    return switch (s.form()) {
      case IP -> {
        byte[] b = s.base();
        int half = b.length / 2;
        try {
          yield InetAddress.getByAddress(Arrays.copyOf(b, half)).getHostAddress() + "/" + prefix(b, half);
        } catch (IOException e) {
          yield "?";
        }
      }
      case DIRECTORY -> {
        try {
          yield new X500Principal(s.base()).getName(X500Principal.RFC2253);
        } catch (IllegalArgumentException e) {
          yield "?";
        }
      }
      default -> new String(s.base(), java.nio.charset.StandardCharsets.ISO_8859_1);
    };
  }

  private static int prefix(byte[] b, int from) {
    int bits = 0;
    for (int i = from; i < b.length; i++) {
      bits += Integer.bitCount(b[i] & 0xff);
    }
    return bits;
  }

  private static String dnsBase(byte[] base) {
    return Certificates.normalizeName(new String(base, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /** RFC 5280: the name with zero or more labels added on the left; a leading dot needs one or more. */
  static boolean dnsWithin(String name, byte[] rawBase) {
    String n = Certificates.normalizeName(name);
    String b = dnsBase(rawBase);
    if (b.isEmpty()) {
      return true;
    }
    if (b.startsWith(".")) {
      return n.endsWith(b);
    }
    return n.equals(b) || n.endsWith("." + b);
  }

  /** Within the subtree, or a wildcard that could stand for a name within it. */
  static boolean dnsExcluded(String name, byte[] rawBase) {
    if (dnsWithin(name, rawBase)) {
      return true;
    }
    String n = Certificates.normalizeName(name);
    String b = dnsBase(rawBase);
    if (!n.startsWith("*.") || b.startsWith(".") || b.isEmpty()) {
      return false;
    }
    // "*.test" may be "x.test": the wildcard stands for exactly one label.
    int dot = b.indexOf('.');
    return dot > 0 && b.substring(dot + 1).equals(n.substring(2));
  }

  private static boolean ipWithin(InetAddress ip, byte[] base) {
    byte[] addr = ip.getAddress();
    int half = base.length / 2;
    byte[] net = Arrays.copyOf(base, half);
    byte[] mask = Arrays.copyOfRange(base, half, base.length);
    if (addr.length == 4 && half == 16 && isV4Mapped(net, mask)) {
      // An IPv6 constraint on ::ffff:a.b.c.d/96+n covers the IPv4 address a.b.c.d.
      net = Arrays.copyOfRange(net, 12, 16);
      mask = Arrays.copyOfRange(mask, 12, 16);
    }
    if (addr.length != net.length) {
      return false;
    }
    for (int i = 0; i < addr.length; i++) {
      if ((addr[i] & mask[i]) != (net[i] & mask[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isV4Mapped(byte[] net, byte[] mask) {
    for (int i = 0; i < 12; i++) {
      if ((mask[i] & 0xff) != 0xff || net[i] != (i < 10 ? 0 : (byte) 0xff)) {
        return false;
      }
    }
    return true;
  }

  private static boolean mailWithin(String mail, byte[] rawBase) {
    String base = new String(rawBase, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    String m = mail.toLowerCase(Locale.ROOT);
    if (base.contains("@")) {
      return m.equals(base);
    }
    String host = m.substring(m.lastIndexOf('@') + 1);
    if (base.startsWith(".")) {
      return host.endsWith(base);
    }
    return host.equals(base);
  }

  private static boolean dnWithin(X500Principal subject, byte[] base) {
    try {
      List<Rdn> want = new LdapName(new X500Principal(base).getName(X500Principal.CANONICAL)).getRdns();
      List<Rdn> have = new LdapName(subject.getName(X500Principal.CANONICAL)).getRdns();
      // LdapName lists RDNs most significant first, so the subtree is a prefix.
      return have.size() >= want.size() && have.subList(0, want.size()).equals(want);
    } catch (InvalidNameException | IllegalArgumentException e) {
      return false;
    }
  }
}
