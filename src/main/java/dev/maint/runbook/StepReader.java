package dev.maint.runbook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads steps: the common keys, the action kinds ({@code run}, {@code http}, {@code tls},
 * {@code cert}), {@code when:}, {@code valid_until} and data tables. Keeps what the checks across
 * steps need: step ids seen in the whole runbook and the procedure being read.
 */
final class StepReader {
  private static final Set<String> COMMON_STEP_KEYS =
      Set.of(
          "id", "title", "details", "when", "confirm", "required", "always", "readonly", "window",
          "data", "run", "http", "tls", "cert", "ask", "show");
  private static final Set<String> RUN_KEYS =
      Set.of("expect_exit", "timeout", "workdir", "host", "env", "stdout", "stderr", "format", "json", "capture");
  private static final Set<String> FORMATS = Set.of("json", "lines", "text");
  private static final Set<String> SHOW_KEYS = Set.of("run", "workdir", "host", "env", "timeout");
  /** A fact's name: like a variable's. */
  private static final Pattern FACT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> HTTP_KEYS =
      Set.of(
          "url", "method", "headers", "status", "json", "body", "follow_redirects", "timeout",
          "warn_days", "fail_days", "ca_file", "max_latency_ms", "body_limit", "attempts", "interval");
  private static final Set<String> TLS_KEYS =
      Set.of(
          "host", "port", "name", "connect", "warn_days", "fail_days", "ca_file", "insecure",
          "starttls", "timeout", "valid_until");
  private static final Set<String> CERT_KEYS = Set.of("path", "warn_days", "fail_days", "valid_until");
  private static final Pattern VALID_UNTIL = Pattern.compile("next-run(?:\\s*\\+\\s*(\\d{1,4})d)?");
  private static final Set<String> STATUSES =
      Set.of("pass", "warn", "fail", "error", "skipped", "manual", "interrupted");
  private static final Pattern STATUS_RANGE = Pattern.compile("[1-5]\\d\\d(-[1-5]\\d\\d)?");
  /** An RFC 9110 token (section 5.6.2): what an HTTP method and a header name are. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** A URL's literal scheme, when it is written before any {@code ${...}}. */
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

  private final ReadContext context;
  private final Map<String, Position> stepIds = new HashMap<>();
  /** Step ids of the procedure being read; {@code when.step} may only refer to these. */
  private final Set<String> stepsInScope = new LinkedHashSet<>();
  /** The cadence whose steps are being read; empty in emergencies and rollbacks. */
  private Optional<String> cadenceInScope = Optional.empty();
  /** Whether that cadence has a {@code due:} schedule. */
  private boolean cadenceScheduled;

  StepReader(ReadContext context) {
    this.context = context;
  }

  /** Starts the steps of cadence {@code id}, a procedure of its own. */
  void cadence(String id, boolean scheduled) {
    stepsInScope.clear();
    cadenceInScope = Optional.of(id);
    cadenceScheduled = scheduled;
  }

  /** The {@code data:} table of a section or a step. */
  static Optional<DataTable> table(YamlMap m) {
    return m.map("data")
        .map(
            t -> {
              t.allowOnly(Set.of("columns", "rows"));
              List<String> columns = t.strings("columns");
              List<List<String>> rows = new ArrayList<>();
              for (Node row : t.list("rows")) {
                List<String> cells = new ArrayList<>();
                for (Node cell : t.toList(row, "rows")) {
                  cells.add(t.scalar(cell, "rows"));
                }
                if (cells.size() > columns.size()) {
                  throw t.error(row, "row has " + cells.size() + " cells but there are " + columns.size() + " columns");
                }
                rows.add(cells);
              }
              return new DataTable(columns, rows);
            });
  }

  /** The steps of an emergency or rollback, a procedure of its own. */
  List<Step> procedureSteps(YamlMap parent) {
    stepsInScope.clear();
    cadenceInScope = Optional.empty();
    return steps(parent);
  }

  /** The steps under {@code parent}'s {@code steps:} key, in the procedure being read. */
  List<Step> steps(YamlMap parent) {
    return parent.each("steps", "a step", this::step);
  }

  private Step step(YamlMap m) {
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("run", "http", "tls", "cert")) {
      if (m.has(k)) {
        kinds.add(k);
      }
    }
    if (kinds.size() > 1) {
      throw m.error(m.keyNode(kinds.get(1)), "a step has at most one of run, http, tls, cert");
    }
    Set<String> allowed = new java.util.HashSet<>(COMMON_STEP_KEYS);
    if (kinds.contains("run")) {
      allowed.addAll(RUN_KEYS);
    }
    for (String k : m.keys()) {
      if (RUN_KEYS.contains(k) && !allowed.contains(k)) {
        throw m.error(m.keyNode(k), "'" + k + "' is only valid on a run step");
      }
    }
    m.allowOnly(allowed);
    String id = m.string("id");
    context.checkId(m.required("id"), id);
    Position previous = stepIds.putIfAbsent(id, YamlMap.position(context.file(), m.required("id")));
    if (previous != null) {
      throw m.error(m.required("id"), "duplicate step id '" + id + "' (first at " + previous + ")");
    }
    When when = m.map("when").map(this::when).orElse(When.ALWAYS);
    stepsInScope.add(id);
    Action action =
        kinds.isEmpty() ? new Action.Manual() : switch (kinds.get(0)) {
          case "run" -> run(m);
          case "http" -> http(m.map("http").orElseThrow());
          case "tls" -> tls(m.map("tls").orElseThrow());
          default -> cert(m.map("cert").orElseThrow());
        };
    Optional<Step.Ask> ask = m.map("ask").map(this::ask);
    Optional<Action.Run> show = m.node("show").map(n -> show(m, n));
    if (show.isPresent() && !kinds.isEmpty()) {
      throw m.error(m.keyNode("show"), "'show' is only for manual steps: a " + kinds.get(0) + " step is its own evidence");
    }
    boolean readonly = m.bool("readonly", false);
    if (readonly && action instanceof Action.Run run) {
      // A dry run runs read-only commands: one that writes a file would change it.
      FileWrites.first(run.command()).ifPresent(w -> {
        throw m.error(m.required("readonly"), "'readonly: true' but the command writes " + w.file()
            + " (" + w.how() + "): a dry run would change it");
      });
    }
    Optional<String> window = m.optString("window");
    // Windows are read before the cadences, so the id can be checked at once.
    if (window.isPresent() && !context.windowIds().contains(window.get())) {
      throw m.error(m.required("window"), "unknown window '" + window.get() + "'");
    }
    return new Step(
        id,
        m.string("title"),
        m.string("details", ""),
        action,
        when,
        m.bool("confirm", false),
        m.bool("required", false),
        m.bool("always", false),
        readonly,
        window,
        table(m),
        YamlMap.position(context.file(), m.node()),
        ask,
        show);
  }

  private Step.Ask ask(YamlMap a) {
    a.allowOnly(Set.of("fact", "prompt", "pattern", "default"));
    String fact = fact(a, "fact");
    Optional<String> pattern = regex(a, "pattern");
    Optional<String> fallback = a.optString("default");
    if (pattern.isPresent() && fallback.isPresent() && !fallback.get().matches(pattern.get())) {
      throw a.error(a.required("default"), "default '" + fallback.get() + "' does not match pattern /" + pattern.get() + "/");
    }
    return new Step.Ask(fact, a.string("prompt"), pattern, fallback);
  }

  private String fact(YamlMap m, String key) {
    String name = m.string(key);
    if (!FACT.matcher(name).matches()) {
      throw m.error(m.required(key), "invalid fact name '" + name + "' (letters, digits and _, not first a digit)");
    }
    return name;
  }

  /**
   * {@code show: COMMAND} or {@code show: {run, workdir, host, env, timeout}}: a read-only command
   * (timeout 60 seconds by default) whose output is evidence.
   */
  private Action.Run show(YamlMap step, Node n) {
    if (n instanceof ScalarNode) {
      String command = step.scalar(n, "show");
      if (command.isBlank()) {
        throw step.error(n, "'show' must not be empty");
      }
      context.checkShell(n, command);
      return new Action.Run(command, List.of(0), 60, Optional.empty(), Optional.empty(), Map.of(), Optional.empty(),
          Optional.empty());
    }
    YamlMap m = step.child(n, "show");
    m.allowOnly(SHOW_KEYS);
    String command = m.string("run");
    if (command.isBlank()) {
      throw m.error(m.required("run"), "'run' must not be empty");
    }
    context.checkShell(m.required("run"), command);
    FileWrites.first(command).ifPresent(w -> {
      throw m.error(m.required("run"), "'show' runs a read-only command, but this one writes " + w.file() + " (" + w.how() + ")");
    });
    return new Action.Run(command, List.of(0), timeout(m, 60), m.optString("workdir"), m.optString("host"),
        env(m), Optional.empty(), Optional.empty());
  }

  private When when(YamlMap m) {
    m.allowOnly(Set.of("months", "env", "step", "status", "fact", "equals", "matches"));
    Set<Integer> months = new LinkedHashSet<>();
    for (String s : m.strings("months")) {
      months.add(month(m, s));
    }
    List<String> envs = m.strings("env");
    envs.forEach(e -> context.checkEnvironment(m, m.required("env"), e));
    List<String> steps = m.strings("step");
    for (String s : steps) {
      if (!stepsInScope.contains(s)) {
        throw m.error(m.required("step"), "'when' refers to step '" + s + "', which is not an earlier step of the same procedure");
      }
    }
    Set<String> statuses = new LinkedHashSet<>(m.strings("status"));
    for (String s : statuses) {
      if (!STATUSES.contains(s)) {
        throw m.error(m.required("status"), "unknown status '" + s + "' (one of " + String.join(", ", new java.util.TreeSet<>(STATUSES)) + ")");
      }
    }
    if (!statuses.isEmpty() && steps.isEmpty()) {
      throw m.error(m.required("status"), "'status' needs 'step'");
    }
    if (!steps.isEmpty() && statuses.isEmpty()) {
      statuses.add("pass");
    }
    Optional<When.FactTest> fact = Optional.empty();
    if (m.has("fact")) {
      if (!m.has("equals") && !m.has("matches")) {
        throw m.error(m.required("fact"), "'fact' needs 'equals' or 'matches'");
      }
      fact = Optional.of(new When.FactTest(fact(m, "fact"), m.optString("equals"), regex(m, "matches")));
    } else {
      for (String k : List.of("equals", "matches")) {
        if (m.has(k)) {
          throw m.error(m.keyNode(k), "'" + k + "' needs 'fact'");
        }
      }
    }
    return new When(months, new LinkedHashSet<>(envs), steps, statuses, fact);
  }

  private int month(YamlMap m, String s) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1 && n <= 12) {
        return n;
      }
    } catch (NumberFormatException e) {
      for (java.time.Month month : java.time.Month.values()) {
        if (month.name().equalsIgnoreCase(s) || month.name().substring(0, 3).equalsIgnoreCase(s)) {
          return month.getValue();
        }
      }
    }
    throw m.error(m.required("months"), "invalid month '" + s + "' (1-12 or a month name)");
  }

  @SuppressWarnings("unchecked")
  private Action.Run run(YamlMap m) {
    List<Integer> exits = new ArrayList<>();
    m.node("expect_exit")
        .ifPresent(
            n -> {
              if (n instanceof ScalarNode) {
                exits.add(exitStatus(m, n));
              } else {
                m.toList(n, "expect_exit").forEach(item -> exits.add(exitStatus(m, item)));
              }
            });
    String command = m.string("run");
    if (command.isBlank()) {
      throw m.error(m.required("run"), "'run' must not be empty");
    }
    context.checkShell(m.required("run"), command);
    Map<String, Object> json = pointers(m, "json");
    try {
      dev.maint.probe.OutputCheck.validate((Map<String, Object>) untemplated(json));
    } catch (IllegalArgumentException e) {
      throw m.error(m.required("json"), ReadContext.oneLine(e.getMessage()));
    }
    Map<String, String> capture = new LinkedHashMap<>();
    m.map("capture").ifPresent(c -> {
      for (String name : c.keys()) {
        if (!FACT.matcher(name).matches()) {
          throw c.error(c.keyNode(name), "invalid fact name '" + name + "' (letters, digits and _, not first a digit)");
        }
        String pointer = c.string(name);
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
          throw c.error(c.required(name), "JSON Pointer must be empty or start with '/' (RFC 6901): '" + pointer + "'");
        }
        capture.put(name, pointer);
      }
    });
    String format = m.string("format", json.isEmpty() && capture.isEmpty() ? "text" : "json");
    if (!FORMATS.contains(format)) {
      throw m.error(m.required("format"), "'format' must be json, lines or text");
    }
    return new Action.Run(
        command,
        exits.isEmpty() ? List.of(0) : exits,
        timeout(m, 600),
        m.optString("workdir"),
        m.optString("host"),
        env(m),
        regex(m, "stdout"),
        regex(m, "stderr"),
        format,
        json,
        capture);
  }

  /**
   * The value with every string holding {@code ${...}} replaced by {@code "0"}: templates are
   * resolved when the step runs, so only the shape around them can be checked now.
   */
  private static Object untemplated(Object value) {
    if (value instanceof String s) {
      return s.contains("${") ? "0" : s;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, untemplated(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(StepReader::untemplated).toList();
    }
    return value;
  }

  /** A map of JSON Pointer (RFC 6901) to expected value, as {@code json:} of http and run steps. */
  private static Map<String, Object> pointers(YamlMap m, String key) {
    Map<String, Object> json = new LinkedHashMap<>();
    m.map(key)
        .ifPresent(
            j -> {
              for (String pointer : j.keys()) {
                if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                  throw j.error(j.keyNode(pointer), "JSON Pointer must be empty or start with '/' (RFC 6901): '" + pointer + "'");
                }
                json.put(pointer, j.plain(j.required(pointer)));
              }
            });
    return json;
  }

  private Optional<String> regex(YamlMap m, String key) {
    Optional<String> r = m.optString(key);
    r.ifPresent(
        s -> {
          try {
            Pattern.compile(s);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw m.error(m.required(key), "invalid regular expression: " + ReadContext.oneLine(e.getDescription()));
          }
        });
    return r;
  }

  /**
   * An exit status {@code expect_exit} can name: a process ends with 0 to 255, so any other number
   * would make the step fail whatever the command did.
   */
  private static int exitStatus(YamlMap m, Node n) {
    int status = m.toInt(n, "expect_exit");
    if (status < 0 || status > 255) {
      throw m.error(n, "'expect_exit' must be an exit status from 0 to 255, got " + status);
    }
    return status;
  }

  /**
   * A step's {@code env:}, its names as the process launcher takes them: one that is empty or
   * holds {@code '='} cannot be set (Java refuses it when the step runs; a NUL is refused in any
   * text of a runbook).
   */
  private static Map<String, String> env(YamlMap m) {
    m.map("env").ifPresent(e -> {
      for (String name : e.keys()) {
        if (name.isEmpty() || name.indexOf('=') >= 0) {
          throw e.error(e.keyNode(name), "invalid environment variable name '" + name + "' (not empty, without '=')");
        }
      }
    });
    return m.stringMap("env");
  }

  /**
   * Most seconds a {@code timeout} may be, about 24 days: a probe gives its sockets and its HTTP
   * call the time left in milliseconds as an {@code int}, and a longer one failed when the step ran.
   */
  static final int MAX_TIMEOUT = Integer.MAX_VALUE / 1000;

  private int timeout(YamlMap m, int fallback) {
    int seconds = positive(m, "timeout", fallback);
    if (seconds > MAX_TIMEOUT) {
      throw m.error(m.required("timeout"), "'timeout' must be at most " + MAX_TIMEOUT + " seconds, got " + seconds);
    }
    return seconds;
  }

  private int positive(YamlMap m, String key, int fallback) {
    int v = m.integer(key, fallback);
    if (v <= 0) {
      throw m.error(m.required(key), "'" + key + "' must be greater than 0");
    }
    return v;
  }

  private Action.Http http(YamlMap m) {
    m.allowOnly(HTTP_KEYS);
    List<String> status = m.strings("status");
    for (String s : status) {
      if (!STATUS_RANGE.matcher(s).matches()) {
        throw m.error(m.required("status"), "invalid status '" + s + "' (a code such as 200 or a range such as 200-299)");
      }
    }
    Map<String, Object> json = pointers(m, "json");
    OptionalInt warn = m.has("warn_days") ? OptionalInt.of(m.integer("warn_days", 0)) : OptionalInt.empty();
    OptionalInt fail = m.has("fail_days") ? OptionalInt.of(m.integer("fail_days", 0)) : OptionalInt.empty();
    checkDays(m, warn.orElse(Integer.MAX_VALUE), fail.orElse(Integer.MIN_VALUE));
    String method = m.string("method", "GET");
    if (!TOKEN.matcher(method).matches()) {
      throw m.error(m.required("method"), "invalid HTTP method '" + method + "' (a token such as GET, RFC 9110)");
    }
    return new Action.Http(
        url(m),
        method.toUpperCase(Locale.ROOT),
        headers(m),
        status.isEmpty() ? List.of("200-399") : status,
        json,
        regex(m, "body"),
        m.bool("follow_redirects", true),
        timeout(m, 10),
        warn,
        fail,
        m.optString("ca_file"),
        m.has("max_latency_ms")
            ? java.util.OptionalLong.of(positive(m, "max_latency_ms", 1))
            : java.util.OptionalLong.empty(),
        m.has("body_limit") ? positive(m, "body_limit", 1) : Action.Http.DEFAULT_BODY_LIMIT,
        positive(m, "attempts", 1),
        positive(m, "interval", 1));
  }

  /**
   * Request headers okhttp can send: each name an RFC 9110 token, each value printable ASCII or
   * tabs. A value's {@code ${...}} is checked again once filled in, when the step runs.
   */
  private static Map<String, String> headers(YamlMap m) {
    Map<String, String> headers = m.stringMap("headers");
    m.map("headers").ifPresent(h -> {
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (!TOKEN.matcher(header.getKey()).matches()) {
          throw h.error(h.keyNode(header.getKey()), "invalid HTTP header name '" + header.getKey()
              + "' (a token such as X-Request-Id, RFC 9110)");
        }
        String value = header.getValue();
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (c != '\t' && (c < 0x20 || c > 0x7e)) {
            throw h.error(h.required(header.getKey()), String.format("HTTP header '%s' holds U+%04X: a header"
                + " value is printable ASCII (RFC 9110)", header.getKey(), (int) c));
          }
        }
      }
    });
    return headers;
  }

  /**
   * An http or https URL as okhttp reads it. With {@code ${...}} in it only the scheme can be
   * checked, and only when it is written out.
   */
  private static String url(YamlMap m) {
    String url = m.string("url");
    Node at = m.required("url");
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.matches() && !Set.of("http", "https").contains(scheme.group(1).toLowerCase(Locale.ROOT))) {
      throw m.error(at, "URL scheme '" + scheme.group(1) + "' is not supported (http or https)");
    }
    if (!url.contains("${") && okhttp3.HttpUrl.parse(url) == null) {
      throw m.error(at, "invalid URL '" + url + "' (an http:// or https:// URL)");
    }
    return url;
  }

  /** A TCP port, 1 to 65535; a template is checked when the step runs. */
  private static String port(YamlMap m) {
    String port = m.string("port", "443");
    if (!port.contains("${") && !(port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1
        && Integer.parseInt(port) <= 65535)) {
      throw m.error(m.required("port"), "'port' must be 1 to 65535, got '" + port + "'");
    }
    return port;
  }

  private void checkDays(YamlMap m, int warn, int fail) {
    if (warn < fail) {
      throw m.error(m.required("warn_days"), "'warn_days' (" + warn + ") must not be below 'fail_days' (" + fail + ")");
    }
  }

  private Action.Tls tls(YamlMap m) {
    m.allowOnly(TLS_KEYS);
    int warn = m.integer("warn_days", 30);
    int fail = m.integer("fail_days", 7);
    checkDays(m, warn, fail);
    Optional<String> starttls = m.optString("starttls");
    if (starttls.isPresent() && !Set.of("postgres", "smtp").contains(starttls.get())) {
      throw m.error(m.required("starttls"), "'starttls' must be postgres or smtp");
    }
    return new Action.Tls(
        m.string("host"),
        port(m),
        m.optString("name"),
        m.optString("connect"),
        warn,
        fail,
        m.optString("ca_file"),
        m.bool("insecure", false),
        starttls,
        timeout(m, 10),
        validUntil(m));
  }

  /**
   * {@code valid_until: next-run} or {@code next-run + Nd}: only on steps of a cadence with a
   * {@code due:} schedule, which the next run is taken from.
   */
  private Optional<NextRun> validUntil(YamlMap m) {
    Optional<String> text = m.optString("valid_until");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Node at = m.required("valid_until");
    Matcher form = VALID_UNTIL.matcher(text.get().strip());
    if (!form.matches()) {
      throw m.error(at, "invalid valid_until '" + text.get() + "' (next-run, or next-run + DAYSd such as next-run + 7d)");
    }
    if (cadenceInScope.isEmpty()) {
      throw m.error(at, "valid_until: next-run is only for steps of a cadence, not of an emergency or a rollback");
    }
    if (!cadenceScheduled) {
      throw m.error(at, "valid_until: next-run needs a due: schedule on cadence '" + cadenceInScope.get() + "'");
    }
    return Optional.of(new NextRun(cadenceInScope.get(), form.group(1) == null ? 0 : Integer.parseInt(form.group(1))));
  }

  private Action.Cert cert(YamlMap m) {
    m.allowOnly(CERT_KEYS);
    int warn = m.integer("warn_days", 30);
    int fail = m.integer("fail_days", 7);
    checkDays(m, warn, fail);
    return new Action.Cert(m.string("path"), warn, fail, validUntil(m));
  }
}
