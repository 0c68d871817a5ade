package dev.maint.exec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The forms a secret value takes in text {@code maint} produces, so that the {@link Redactor}
 * masks each of them and not only the value as typed.
 *
 * <p>A URL holding a secret is shown by okhttp canonicalised: a probe's hops report {@code
 * HttpUrl.toString()}, which percent-encodes a space, quotes, {@code <}, {@code >} and non-ASCII
 * characters (as UTF-8) with a different set of characters in each part of the URL. The forms
 * are therefore asked of okhttp itself, never re-implemented:
 *
 * <ul>
 *   <li>the secret typed into a URL's path, query, fragment or password, as {@code
 *       HttpUrl.parse} keeps it there;
 *   <li>the secret as one path segment and as one query value, as {@code HttpUrl.Builder} encodes
 *       it ({@code addPathSegment}, {@code addQueryParameter});
 * </ul>
 *
 * and two encodings that do not depend on okhttp: HTML form encoding ({@link URLEncoder}, a space
 * as {@code +}) and strict RFC 3986 percent-encoding (everything but the unreserved characters,
 * section 2.3, as UTF-8 bytes with upper-case hex digits).
 */
final class SecretForms {
  private static final String ORIGIN = "http://h/";
  /**
   * Appended to the secret before parsing: okhttp trims white space at the end of a URL, while
   * a secret in the middle of one keeps it (encoded).
   */
  private static final String END = "Z";
  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private SecretForms() {}

  /**
   * The secret and every other form of it, without repeats.
   *
   * @param secret a non-empty secret value
   * @return the secret first, then its encoded forms; a form shorter than the secret is left out,
   *     since okhttp shortens a value only by dropping part of it ({@code ../} in a path), and
   *     masking that part would mask ordinary text
   */
  static Set<String> of(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    tail(ORIGIN, secret).ifPresent(forms::add);
    tail(ORIGIN + "?", secret).ifPresent(forms::add);
    tail(ORIGIN + "#", secret).ifPresent(forms::add);
    Optional.ofNullable(HttpUrl.parse("http://u:" + secret + END + "@h/"))
        .map(HttpUrl::encodedPassword).filter(p -> p.endsWith(END))
        .ifPresent(p -> forms.add(p.substring(0, p.length() - END.length())));
    HttpUrl.Builder built = new HttpUrl.Builder().scheme("http").host("h");
    forms.add(built.addPathSegment(secret).build().encodedPath().substring(1));
    forms.add(built.addQueryParameter("q", secret).build().encodedQuery().substring(2));
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.add(rfc3986(secret));
    forms.removeIf(f -> f.length() < secret.length());
    return forms;
  }

  /** What follows {@code prefix} in the URL {@code prefix + secret} as okhttp shows it. */
  private static Optional<String> tail(String prefix, String secret) {
    HttpUrl url = HttpUrl.parse(prefix + secret + END);
    if (url == null) {
      return Optional.empty();
    }
    String shown = url.toString();
    if (!shown.startsWith(prefix) || !shown.endsWith(END)) {
      return Optional.empty();
    }
    return Optional.of(shown.substring(prefix.length(), shown.length() - END.length()));
  }

  private static String rfc3986(String secret) {
    StringBuilder out = new StringBuilder();
    for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
      if (UNRESERVED.indexOf(b) >= 0) {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
