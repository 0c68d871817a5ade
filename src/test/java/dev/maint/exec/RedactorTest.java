package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the redactor masks: each secret in every form maint produces it in, and only values. */
class RedactorTest {
  private static final String SECRET = "a\"b\\c d/é<x>&+%41";

  private final Redactor redactor = new Redactor(() -> Set.of(SECRET));

  @Test
  @DisplayName("S1: a secret is masked as typed, in okhttp's URL forms, form-encoded and RFC 3986 encoded")
  void masksEveryEncodedForm() {
    assertThat(redactor.redact("raw " + SECRET)).isEqualTo("raw ***");
    // okhttp keeps %41 (already encoded), & and \ in a query, and encodes the rest.
    assertThat(redactor.redact("http://h/?t=a%22b\\c%20d/%C3%A9%3Cx%3E&+%41 end")).isEqualTo("http://h/?t=*** end");
    // In a path, okhttp also turns \ into / and leaves + alone.
    assertThat(redactor.redact("http://h/a%22b/c%20d/%C3%A9%3Cx%3E&+%41")).isEqualTo("http://h/***");
    assertThat(redactor.redact("http://h/#a%22b\\c%20d/%C3%A9%3Cx%3E&+%41")).isEqualTo("http://h/#***");
    assertThat(redactor.redact("q=a%22b%5Cc%20d%2F%C3%A9%3Cx%3E%26%2B%2541")).isEqualTo("q=***");
    assertThat(redactor.redact("q=a%22b%5Cc+d%2F%C3%A9%3Cx%3E%26%2B%2541")).isEqualTo("q=***");
  }

  @Test
  @DisplayName("S1: a secret in a URL's password is masked as okhttp shows it")
  void masksThePasswordForm() {
    Redactor r = new Redactor(() -> Set.of("p w\"é"));

    assertThat(r.redact("http://u:p%20w%22%C3%A9@h/")).isEqualTo("http://u:***@h/");
  }

  @Test
  @DisplayName("S1: a form okhttp shortens (a dot segment) is not masked, so ordinary text stays")
  void aShortenedFormIsNotMasked() {
    Redactor r = new Redactor(() -> Set.of("../b"));

    assertThat(r.redact("a b c")).isEqualTo("a b c");
  }

  @Test
  @DisplayName("S2: evidence keys are never masked, their string values are")
  void keysStayValuesAreMasked() {
    Redactor r = new Redactor(() -> Set.of("x"));

    Object out = r.redactValue(Map.of("exit_code", 0, "stdout", "x marks", "hops", List.of(Map.of("url", "x"))));

    assertThat(out).isEqualTo(Map.of("exit_code", 0, "stdout", "*** marks", "hops", List.of(Map.of("url", "***"))));
  }

  @Test
  void newSecretsAreMaskedOnTheNextCall() {
    java.util.Set<String> secrets = new java.util.HashSet<>(Set.of("first-secret"));
    Redactor r = new Redactor(() -> Set.copyOf(secrets));
    assertThat(r.redact("first-secret second-secret")).isEqualTo("*** second-secret");

    secrets.add("second-secret");

    assertThat(r.redact("first-secret second-secret")).isEqualTo("*** ***");
  }

  @Test
  void anyValueHasItsFormsAndMasksItself() {
    for (String secret : List.of(" ", "%", "%4", "?#@:/", "\u0000\n\t", "😀", "..", "a b", "1234", "[::1]")) {
      Redactor r = new Redactor(() -> Set.of(secret));

      assertThat(r.redact("<" + secret + ">")).as(secret).isEqualTo("<***>");
    }
  }
}
