package dev.maint.exec;

import dev.maint.runbook.ShellTemplate;
import dev.maint.runbook.Variables;
import dev.maint.text.OneLine;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A shell command as maint shows it, wherever it shows one (a step's {@code $} line, {@code maint
 * run}, {@code maint run --list}), written so that the line pasted into a shell ({@code sh}, {@code
 * bash}) runs the same command with the same values.
 *
 * <p>Each value is written in place, quoted for the context its reference sits in:
 *
 * <ul>
 *   <li>unquoted (at the top, in {@code $(...)}): single-quoted, a quote as {@code '\''} (POSIX.1-2017
 *       XCU 2.2.2);
 *   <li>inside the author's double quotes: in them, with {@code \ $ ` "} escaped (XCU 2.2.3); a
 *       value holding {@code !} closes them around its single-quoted form instead ({@code
 *       "<"'a!b'">"}), since an interactive bash or zsh expands {@code !} from its history even
 *       inside double quotes, and a backslash before it is kept there;
 *   <li>in backquotes: as above, then with {@code \ $ `} escaped once more for each backquote
 *       substitution around it, which reads its text once before parsing it (XCU 2.6.3).
 * </ul>
 *
 * <p>Where no such form is faithful, the reference stays as it runs ({@code "${MAINT_VALUE_1}"})
 * and its value is assigned in front of the command on the same line ({@code MAINT_VALUE_1='v';
 * cmd}): for a reference inside nested backquotes the scan does not follow, and for a value the
 * one-line display would change (a new line, a tab or another control character, a bidirectional
 * control), which is then built by {@code printf} from escapes ({@code
 * MAINT_VALUE_1=$(printf 'a\nb')}). The shell then expands the reference exactly as the real run
 * does.
 *
 * <p>A secret shows as {@code '***'} ({@code ***} inside double quotes), and so does a secret held
 * in another value; the line then ends with a comment saying that it does not run as shown. A
 * reference without a value stays as written.
 */
public final class ShownCommand {
  /** The comment that ends a line holding a masked secret, which pasted would run with {@code ***}. */
  public static final String MASKED_NOTE = "  # *** stands for a secret not shown: this line does not run as shown";

  private ShownCommand() {}

  /**
   * {@code command} (a runbook template) as shown; control characters in the runbook's own text are
   * left to the caller, which keeps the line one line ({@link OneLine#escape}).
   *
   * @param variables the values and secrets of the run
   */
  public static String of(String command, Variables variables) {
    Set<String> secrets = new HashSet<>();
    ShellTemplate.Prepared p;
    try {
      p = ShellTemplate.prepare(command, ref -> {
        String written = "${" + (ref.env() ? "env:" : "") + ref.name() + "}";
        String value = tryResolve(written, variables);
        if (ref.env() && !value.equals(written)) {
          secrets.add(value);
        }
        return value;
      });
    } catch (IllegalArgumentException e) {
      return tryResolve(command, variables);
    }
    secrets.addAll(variables.secrets());
    Redactor redactor = new Redactor(() -> secrets);
    // Masked before quoting: a secret inside another value must not survive in a quoted form
    // (a quote doubled, a character escaped) that the redactor of the whole line would not know.
    Map<String, String> shown = new LinkedHashMap<>();
    boolean masked = false;
    for (Map.Entry<String, String> e : p.values().entrySet()) {
      String v = secrets.contains(e.getValue()) ? Redactor.MASK : redactor.redact(e.getValue());
      masked |= !v.equals(e.getValue());
      shown.put(e.getKey(), v);
    }
    StringBuilder line = new StringBuilder();
    Map<String, String> assigned = new LinkedHashMap<>();
    String text = p.command();
    int at = 0;
    for (ShellTemplate.Placement place : p.placements()) {
      line.append(text, at, place.start());
      String v = shown.get(place.variable());
      if (place.known() && OneLine.escape(v).equals(v)) {
        line.append(inPlace(v, place));
      } else {
        line.append(text, place.start(), place.end());
        assigned.put(place.variable(), v);
      }
      at = place.end();
    }
    line.append(text.substring(at));
    StringBuilder front = new StringBuilder();
    assigned.forEach((name, v) -> front.append(assignment(name, v)).append("; "));
    return front + line.toString() + (masked ? MASKED_NOTE : "");
  }

  /** A value written where its reference is, quoted for the context the reference sits in. */
  private static String inPlace(String v, ShellTemplate.Placement place) {
    String quoted;
    if (!place.inDoubleQuotes()) {
      quoted = singleQuoted(v);
    } else if (v.indexOf('!') >= 0) {
      quoted = "\"" + singleQuoted(v) + "\"";
    } else {
      quoted = v.replaceAll("([\\\\$`\"])", "\\\\$1");
    }
    for (int i = 0; i < place.backquotes(); i++) {
      quoted = quoted.replaceAll("([\\\\$`])", "\\\\$1");
    }
    return quoted;
  }

  private static String singleQuoted(String v) {
    return "'" + v.replace("'", "'\\''") + "'";
  }

  /**
   * {@code NAME='value'}, or, for a value the one-line display would change, {@code
   * NAME=$(printf '...')} with the characters it cannot show as escapes; command substitution drops
   * trailing new lines, so a value ending in one gets a {@code _} that a second assignment takes
   * off again.
   */
  private static String assignment(String name, String v) {
    if (OneLine.escape(v).equals(v)) {
      return name + "=" + singleQuoted(v);
    }
    StringBuilder format = new StringBuilder();
    v.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> format.append("\\n");
        case '\t' -> format.append("\\t");
        case '\r' -> format.append("\\r");
        case '\\' -> format.append("\\\\");
        case '%' -> format.append("%%");
        case '\'' -> format.append("'\\''");
        default -> {
          String one = new String(Character.toChars(c));
          if (OneLine.escape(one).equals(one)) {
            format.append(one);
          } else {
            // Octal escapes of the UTF-8 bytes: the only form printf(1) has for any character.
            for (byte b : one.getBytes(StandardCharsets.UTF_8)) {
              format.append(String.format("\\%03o", b & 0xff));
            }
          }
        }
      }
    });
    boolean trailingNewLine = v.endsWith("\n");
    // A format starting with '-' would be read as an option.
    String built = name + "=$(printf " + (v.startsWith("-") ? "-- " : "") + "'" + format + (trailingNewLine ? "_" : "")
        + "')";
    return trailingNewLine ? built + "; " + name + "=${" + name + "%_}" : built;
  }

  private static String tryResolve(String template, Variables variables) {
    try {
      return variables.resolve(template);
    } catch (Variables.UnresolvedException e) {
      return template;
    }
  }
}
