package dev.maint.exec;

import dev.maint.runbook.ShellTemplate;
import dev.maint.runbook.Variables;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A shell command as maint shows it, wherever it shows one (a step's {@code $} line, {@code maint
 * run}, {@code maint run --list}): each value it receives through {@link ShellTemplate}
 * shell-quoted in place ({@code '...'}, a quote as {@code '\''}; POSIX.1-2017 XCU 2.2.2), so the
 * line pasted into a shell runs the same command; a secret shows as {@code '***'}; a reference
 * without a value stays as written.
 */
public final class ShownCommand {
  private ShownCommand() {}

  /**
   * {@code command} (a runbook template) as shown; control characters are left to the caller,
   * which keeps the line one line ({@link dev.maint.text.OneLine#escape}).
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
    Set<String> masked = variables.secrets();
    String text = p.command();
    for (Map.Entry<String, String> e : p.values().entrySet()) {
      String v = e.getValue();
      boolean secret = masked.contains(v) || secrets.contains(v);
      // Outside double quotes a value is single-quoted (XCU 2.2.2); inside them it keeps the
      // author's quotes and escapes the four characters still special there (XCU 2.2.3).
      String single = secret ? "'***'" : "'" + v.replace("'", "'\\''") + "'";
      String inDouble = secret ? "***" : v.replaceAll("([\\\\$`\"])", "\\\\$1");
      text = text.replace("\"${" + e.getKey() + "}\"", single).replace("${" + e.getKey() + "}", inDouble);
    }
    return text;
  }

  private static String tryResolve(String template, Variables variables) {
    try {
      return variables.resolve(template);
    } catch (Variables.UnresolvedException e) {
      return template;
    }
  }
}
