package dev.maint.markdown;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what an imported document repeats into runbook variables, so that one edit (or one {@code
 * --set}) changes every use: host names that appear twice or more (in URLs, {@code -connect
 * HOST:PORT} and {@code tls} probes), absolute paths that appear twice or more, and {@code <name>}
 * placeholders in commands (a variable without a default: {@code --set name=VALUE}).
 *
 * <p>References are never written inside single quotes or into a command with a here-document,
 * where the shell would not expand what {@code maint} passes (those occurrences stay as written).
 */
final class VariableExtractor {
  private static final Pattern HOST_IN_URL = Pattern.compile("https?://([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)");
  private static final Pattern HOST_IN_CONNECT = Pattern.compile("-connect\\s+([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+):");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");
  private static final Pattern URL = Pattern.compile("https?://\\S+");
  private static final Pattern PATH =
      Pattern.compile("(?<=^|[\\s=\"'])(/[\\w.-]+(?:/[\\w.-]+)+|~/[\\w.-]+(?:/[\\w.-]+)*)");
  private static final Pattern PLACEHOLDER = Pattern.compile("(?<![<\\w])<([A-Za-z][\\w-]*)>(?![>\\w])");

  private final Map<String, Draft.Variable> variables;

  VariableExtractor(Map<String, Draft.Variable> variables) {
    this.variables = variables;
  }

  /**
   * Declares the variables and rewrites the steps and quick-reference commands to use them;
   * {@code repeated} false leaves repeated hosts and paths as written (only placeholders change).
   */
  void extract(List<Draft.Cadence> cadences, List<Draft.Procedure> emergencies, List<Draft.Procedure> rollbacks,
      List<Draft.Quick> quick, boolean repeated) {
    List<Draft.Step> steps = new ArrayList<>();
    cadences.forEach(c -> c.sections.forEach(s -> collect(s, steps)));
    emergencies.forEach(e -> steps.addAll(e.steps));
    rollbacks.forEach(r -> steps.addAll(r.steps));

    for (Draft.Step st : steps) {
      if (st.command != null) {
        st.command = placeholders(st.command);
      }
    }
    quick.forEach(q -> q.command = placeholders(q.command));
    if (!repeated) {
      return;
    }

    Map<String, Integer> hosts = new LinkedHashMap<>();
    Map<String, Integer> paths = new LinkedHashMap<>();
    List<String> dirs = new ArrayList<>();
    for (Draft.Step st : steps) {
      if (st.tlsHost != null && HOST_NAME.matcher(st.tlsHost).matches()) {
        hosts.merge(st.tlsHost, 1, Integer::sum);
      }
      if (st.url != null) {
        count(HOST_IN_URL, st.url, hosts);
      }
      if (st.command != null) {
        countCommand(st.command, hosts, paths);
      }
      if (st.workdir != null) {
        count(PATH, " " + st.workdir, paths);
        dirs.add(st.workdir);
      }
      if (st.certPath != null) {
        count(PATH, " " + st.certPath, paths);
      }
    }
    quick.forEach(q -> countCommand(q.command, hosts, paths));

    Map<String, String> hostVars = new LinkedHashMap<>();
    hosts.forEach((host, n) -> {
      if (n >= 2) {
        hostVars.put(host, declare(Ids.slug(host.split("\\.")[0], 4).replace('-', '_') + "_host", host,
            "Host name the document used " + n + " times."));
      }
    });
    Map<String, String> pathVars = new LinkedHashMap<>();
    paths.forEach((path, n) -> {
      if (n >= 2 && !path.startsWith("/dev/")) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        pathVars.put(path, declare(Ids.slug(last, 3).replace('-', '_') + (dirs.contains(path) ? "_dir" : "_path"), path,
            "Path the document used " + n + " times."));
      }
    });
    UnaryOperator<String> replace = text -> {
      String out = text;
      for (Map.Entry<String, String> h : hostVars.entrySet()) {
        out = outsideSingleQuotes(out, hostPattern(h.getKey()), "${" + h.getValue() + "}");
      }
      for (Map.Entry<String, String> p : pathVars.entrySet()) {
        out = outsideSingleQuotes(out, pathPattern(p.getKey()), "${" + p.getValue() + "}");
      }
      return out;
    };
    for (Draft.Step st : steps) {
      if (st.tlsHost != null && hostVars.containsKey(st.tlsHost)) {
        st.tlsHost = "${" + hostVars.get(st.tlsHost) + "}";
      }
      if (st.url != null) {
        st.url = replace.apply(st.url);
      }
      if (st.command != null && !st.command.contains("<<")) {
        st.command = replace.apply(st.command);
      }
      if (st.workdir != null) {
        st.workdir = replace.apply(st.workdir);
      }
      if (st.certPath != null) {
        st.certPath = replace.apply(st.certPath);
      }
    }
    quick.forEach(q -> q.command = q.command.contains("<<") ? q.command : replace.apply(q.command));
  }

  private static void collect(Draft.Section s, List<Draft.Step> out) {
    out.addAll(s.steps);
    s.sections.forEach(x -> collect(x, out));
  }

  private static void countCommand(String command, Map<String, Integer> hosts, Map<String, Integer> paths) {
    count(HOST_IN_URL, command, hosts);
    count(HOST_IN_CONNECT, command, hosts);
    count(PATH, URL.matcher(command).replaceAll(" "), paths);
  }

  private static void count(Pattern p, String text, Map<String, Integer> counts) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      counts.merge(m.group(1), 1, Integer::sum);
    }
  }

  /** {@code <service-name>} becomes {@code ${service_name}}, a variable without a default. */
  private String placeholders(String command) {
    if (command.contains("<<")) {
      return command;
    }
    Matcher m = PLACEHOLDER.matcher(command);
    String out = command;
    while (m.find()) {
      String name = Ids.slug(m.group(1), 6).replace('-', '_');
      if (name.isEmpty()) {
        continue;
      }
      if (!variables.containsKey(name)) {
        variables.put(name, new Draft.Variable(name, null,
            "The document's " + m.group() + ": pass --set " + name + "=VALUE."));
      }
      out = outsideSingleQuotes(out, Pattern.compile(Pattern.quote(m.group())), "${" + name + "}");
    }
    return out;
  }

  /** A new variable for {@code value} (or the one already holding it), named {@code base} or base_2... */
  private String declare(String base, String value, String description) {
    for (Draft.Variable v : variables.values()) {
      if (value.equals(v.defaultValue())) {
        return v.name();
      }
    }
    String name = Character.isLetter(base.charAt(0)) ? base : "v_" + base;
    for (int i = 2; variables.containsKey(name); i++) {
      name = base + "_" + i;
    }
    variables.put(name, new Draft.Variable(name, value, description));
    return name;
  }

  private static Pattern hostPattern(String host) {
    return Pattern.compile("(?<![\\w.-])" + Pattern.quote(host) + "(?![\\w-]|\\.\\w)");
  }

  private static Pattern pathPattern(String path) {
    return Pattern.compile("(?<![\\w./~-])" + Pattern.quote(path) + "(?![\\w.-])");
  }

  /**
   * Replaces matches of {@code p} only outside single quotes (where sh expands nothing), reading
   * quotes as sh does: a {@code '} inside double quotes is a plain character.
   */
  static String outsideSingleQuotes(String text, Pattern p, String replacement) {
    StringBuilder out = new StringBuilder();
    StringBuilder chunk = new StringBuilder();
    boolean inSingle = false;
    boolean inDouble = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (!inSingle && ch == '\'' && !inDouble) {
        out.append(p.matcher(chunk).replaceAll(Matcher.quoteReplacement(replacement)));
        chunk.setLength(0);
        inSingle = true;
        out.append(ch);
        continue;
      }
      if (inSingle) {
        out.append(ch);
        if (ch == '\'') {
          inSingle = false;
        }
        continue;
      }
      if (ch == '"') {
        inDouble = !inDouble;
      }
      chunk.append(ch);
    }
    out.append(p.matcher(chunk).replaceAll(Matcher.quoteReplacement(replacement)));
    return out.toString();
  }
}
