package dev.maint.exec;

import dev.maint.runbook.Cadence;
import dev.maint.runbook.Variables;
import dev.maint.text.ControlCharacters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Replaces secret values with {@code ***} in everything {@code maint} shows or writes: each value
 * as typed and each form {@code maint} can turn it into on the way, such as the percent-encoding
 * of a URL a probe reports (see {@link SecretForms}).
 *
 * <p>Only free text is masked (reasons, notes, output, evidence values, titles): identifiers with
 * a fixed vocabulary, such as status labels and JSON keys, are the caller's to leave alone, since
 * a short secret such as {@code x} would otherwise turn {@code exit_code} into {@code e***it_code}.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /**
   * Secrets shorter than this many characters are still masked, but the operator is warned: a
   * short value is likely to occur in ordinary text, which is then masked too.
   */
  public static final int SHORT_SECRET = 4;

  private final Supplier<Set<String>> secrets;
  /** The forms of the secrets last seen, longest first; recomputed only when the secrets change. */
  private volatile Forms forms = new Forms(Set.of(), List.of());

  private record Forms(Set<String> secrets, List<String> longestFirst) {}

  /** @param secrets the current secret values (read on every call: secrets appear as steps run) */
  public Redactor(Supplier<Set<String>> secrets) {
    this.secrets = secrets;
  }

  /**
   * The steps with {@code ${name}} filled in in their titles and details, for the screen, the
   * reports and the run log; secrets show as {@link #MASK}.
   */
  public List<Cadence.PlacedStep> shown(List<Cadence.PlacedStep> steps, Variables variables) {
    return steps.stream().map(p -> new Cadence.PlacedStep(p.section(), p.step().withText(
        redact(variables.display(p.step().title())), redact(variables.display(p.step().details())))))
        .toList();
  }

  /**
   * The text with every secret value, in each of its forms, masked; longer forms first, so
   * overlaps mask fully.
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = masked(text);
    // A secret split by an escape sequence or a control character (grep --color highlighting part
    // of it, a NUL) reads whole once a terminal or a writer drops those: then the text is given
    // without them, masked.
    String plain = ControlCharacters.strip(out);
    if (!plain.equals(out)) {
      String plainMasked = masked(plain);
      if (!plainMasked.equals(plain)) {
        out = plainMasked;
      }
    }
    // A password written into a URL (https://user:pw@host/, RFC 3986 userinfo) is a secret wherever the URL shows.
    return out.contains("://") ? URL_PASSWORD.matcher(out).replaceAll("$1" + java.util.regex.Matcher.quoteReplacement(MASK) + "@")
        : out;
  }

  /** {@code text} with each form of each secret replaced by {@link #MASK}, longer forms first. */
  private String masked(String text) {
    String out = text;
    for (String v : forms()) {
      out = out.replace(v, MASK);
    }
    return out;
  }

  /** {@code scheme://user:} then the password, up to the {@code @} that ends the userinfo. */
  private static final java.util.regex.Pattern URL_PASSWORD =
      java.util.regex.Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://[^\\s/?#@:]*:)[^\\s/?#@]+@");

  private List<String> forms() {
    Set<String> now = secrets.get();
    Forms known = forms;
    if (!known.secrets().equals(now)) {
      List<String> all = new ArrayList<>(now.stream().filter(s -> !s.isEmpty())
          .flatMap(s -> SecretForms.of(s).stream()).distinct().toList());
      all.sort(Comparator.comparingInt(String::length).reversed());
      known = new Forms(Set.copyOf(now), List.copyOf(all));
      forms = known;
    }
    return known.longestFirst();
  }

  /**
   * A deep copy of JSON-friendly evidence with every string value redacted; map keys are names
   * {@code maint} chose ({@code exit_code}, {@code hops}) and stay as they are.
   */
  public Object redactValue(Object value) {
    if (value instanceof String s) {
      return redact(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), redactValue(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      return l.stream().map(this::redactValue).toList();
    }
    return value;
  }

  /** The result with reason, note, evidence and fact values redacted. */
  @SuppressWarnings("unchecked")
  public StepResult redact(StepResult r) {
    return r.toBuilder()
        .reason(redact(r.reason()))
        .note(redact(r.note()))
        .evidence((Map<String, Object>) redactValue(r.evidence()))
        .facts((Map<String, String>) redactValue(r.facts()))
        .build();
  }
}
