package dev.maint.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${name}} and {@code ${env:NAME}} reference syntax of runbook strings. {@code $${}
 * escapes a literal {@code ${} (for shell variables in commands).
 */
public final class Templates {
  static final Pattern REFERENCE = Pattern.compile("\\$?\\$\\{([^}]*)}");
  /** A variable's name, as a runbook declares it and {@code --set NAME=VALUE} gives it. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  static final String ENV_PREFIX = "env:";
  /** Any {@code ${...}}, escaped or not, as {@link #literal} escapes it. */
  private static final Pattern LITERAL = Pattern.compile("\\$\\{[^}]*}");

  private Templates() {}

  /**
   * A matcher of {@link #REFERENCE} over {@code template}, its region ending after the last
   * {@code '}'}. A reference ends at the first {@code '}'} after its {@code ${}, so none can start
   * past the last one; without the cut, each {@code ${} after it would scan to the end before
   * failing, and a text of many unclosed {@code ${} took time in the square of its length.
   */
  private static Matcher referenceMatcher(CharSequence template) {
    return REFERENCE.matcher(template).region(0, lastClose(template));
  }

  /** The index after the last {@code '}'} of {@code text}, 0 when it has none. */
  static int lastClose(CharSequence text) {
    for (int i = text.length() - 1; i >= 0; i--) {
      if (text.charAt(i) == '}') {
        return i + 1;
      }
    }
    return 0;
  }

  /**
   * A reference found in a template.
   *
   * @param name variable name, or the environment variable name when {@code env} is true
   * @param env whether it reads the process environment ({@code ${env:NAME}})
   * @param offset index of the {@code $} in the template
   */
  public record Reference(String name, boolean env, int offset) {}

  /**
   * The references in a template, in order; escaped {@code $${...}} is not a reference.
   *
   * @throws IllegalArgumentException for a malformed reference such as {@code ${}} or {@code
   *     ${a b}}, with a message naming it
   */
  public static List<Reference> references(String template) {
    List<Reference> refs = new ArrayList<>();
    Matcher m = referenceMatcher(template);
    while (m.find()) {
      if (m.group().startsWith("$$")) {
        continue;
      }
      String body = m.group(1);
      boolean env = body.startsWith(ENV_PREFIX);
      String name = env ? body.substring(ENV_PREFIX.length()) : body;
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("malformed reference '" + m.group() + "'");
      }
      refs.add(new Reference(name, env, m.start()));
    }
    return refs;
  }

  /**
   * A template that expands to {@code value} as it is: every {@code ${...}} in it escaped, so a
   * value read from a file is never taken for a reference.
   */
  public static String literal(String value) {
    // The same cut as references(): a replaceAll would reset the region.
    Matcher m = LITERAL.matcher(value).region(0, lastClose(value));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("$" + m.group()));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Replaces every reference using {@code resolver}; {@code $${} becomes {@code ${}.
   *
   * @param resolver maps a reference to its value
   */
  public static String expand(String template, java.util.function.Function<Reference, String> resolver) {
    Matcher m = referenceMatcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().startsWith("$$")) {
        replacement = m.group().substring(1);
      } else {
        String body = m.group(1);
        boolean env = body.startsWith(ENV_PREFIX);
        replacement =
            resolver.apply(new Reference(env ? body.substring(ENV_PREFIX.length()) : body, env, m.start()));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
