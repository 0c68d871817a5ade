package dev.maint.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal reader of DER (ITU-T X.690) for the certificate extensions the JDK either parses
 * all-or-nothing (subjectAltName: one malformed entry hides every other) or does not expose
 * (name constraints, key identifiers). Only definite lengths and single-byte tags are accepted,
 * which is all DER allows for the structures read here.
 */
final class Der {
  /** Universal OCTET STRING. */
  static final int OCTET_STRING = 0x04;
  /** Universal SEQUENCE (constructed). */
  static final int SEQUENCE = 0x30;

  /**
   * One element.
   *
   * @param tag the identifier octet as encoded (class, constructed bit and tag number)
   * @param value the contents octets
   */
  record Tlv(int tag, byte[] value) {
    /** The tag number for context-specific tags ({@code [n]}), whatever the constructed bit. */
    int contextNumber() {
      return tag & 0x1f;
    }

    boolean contextSpecific() {
      return (tag & 0xc0) == 0x80;
    }

    /** The elements inside a constructed value. */
    List<Tlv> children() throws IOException {
      return Der.sequence(value);
    }
  }

  private Der() {}

  /**
   * Splits {@code bytes} into consecutive elements.
   *
   * @throws IOException if an element is truncated or uses a form DER forbids
   */
  static List<Tlv> sequence(byte[] bytes) throws IOException {
    List<Tlv> out = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int[] end = new int[1];
      out.add(read(bytes, at, end));
      at = end[0];
    }
    return out;
  }

  /**
   * Reads one element that must span all of {@code bytes}.
   *
   * @throws IOException if it does not, or is malformed
   */
  static Tlv single(byte[] bytes) throws IOException {
    int[] end = new int[1];
    Tlv t = read(bytes, 0, end);
    if (end[0] != bytes.length) {
      throw new IOException("trailing bytes after DER element");
    }
    return t;
  }

  /**
   * The length in bytes of the element starting at {@code bytes[0]} (header plus contents), so
   * that trailing data (an OpenSSL {@code TRUSTED CERTIFICATE}'s auxiliary part) can be cut off.
   *
   * @throws IOException if the header is malformed or the element is truncated
   */
  static int elementLength(byte[] bytes) throws IOException {
    int[] end = new int[1];
    read(bytes, 0, end);
    return end[0];
  }

  /** The contents of an extension value as {@code X509Certificate#getExtensionValue} returns it. */
  static byte[] extensionContents(byte[] extensionValue) throws IOException {
    Tlv octets = single(extensionValue);
    if (octets.tag() != OCTET_STRING) {
      throw new IOException("extension value is not an OCTET STRING");
    }
    return octets.value();
  }

  private static Tlv read(byte[] b, int at, int[] end) throws IOException {
    if (at + 2 > b.length) {
      throw new IOException("truncated DER element");
    }
    int tag = b[at] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IOException("multi-byte DER tag");
    }
    int first = b[at + 1] & 0xff;
    int pos = at + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4) {
        throw new IOException("unsupported DER length form");
      }
      if (pos + n > b.length) {
        throw new IOException("truncated DER length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[pos + i] & 0xff);
      }
      pos += n;
    }
    if (length > b.length - pos) {
      throw new IOException("truncated DER element");
    }
    end[0] = pos + (int) length;
    return new Tlv(tag, Arrays.copyOfRange(b, pos, end[0]));
  }
}
