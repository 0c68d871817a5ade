package dev.maint.runbook;

import dev.maint.text.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads and validates runbooks (format: {@code docs/runbook-format.md}). YAML is only composed
 * into plain nodes (no type construction), with limits on size, nesting and aliases. Every error
 * is a {@link RunbookException} whose message is one line {@code FILE:LINE:COLUMN: message}.
 */
public final class RunbookLoader {
  /** Largest runbook accepted, in bytes. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  /** Most aliases accepted in one runbook (guards against alias bombs). */
  public static final int MAX_ALIASES = 50;
  /** Classpath resource of the embedded default runbook. */
  public static final String DEFAULT_RESOURCE = "/runbooks/forma3d-connect.yaml";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Set<String> TOP_KEYS =
      Set.of(
          "runbook", "title", "version", "timezone", "environments", "default_environment",
          "variables", "log", "cadences", "cadence_choice", "emergencies", "rollbacks",
          "calendar", "windows", "quick_reference", "revisions");
  private static final Set<String> CADENCE_KEYS =
      Set.of("id", "title", "frequency", "focus", "duration", "when", "prep", "branch", "due", "sections");
  private static final Set<String> SECTION_KEYS =
      Set.of("id", "title", "description", "light", "data", "steps", "sections");
  private static final Set<String> COMMON_STEP_KEYS =
      Set.of(
          "id", "title", "details", "when", "confirm", "required", "always", "readonly", "window",
          "data", "run", "http", "tls", "cert");
  private static final Set<String> RUN_KEYS =
      Set.of("expect_exit", "timeout", "workdir", "host", "env", "stdout", "stderr");
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
  private static final Pattern SLA = Pattern.compile("immediate|provider|\\d+[mhd]");
  private static final Pattern RECORD_TOKEN = Pattern.compile("\\{[^{}]*}");
  /** An HTTP method: an RFC 9110 token. */
  private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** A URL's literal scheme, when it is written before any {@code ${...}}. */
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);

  private final String file;
  private Map<String, Variable> variables = Map.of();
  private Set<String> environments = Set.of();
  private final Map<String, Position> stepIds = new HashMap<>();
  /** Step ids of the procedure being read; {@code when.step} may only refer to these. */
  private final Set<String> stepsInScope = new LinkedHashSet<>();
  private final Map<String, Position> sectionIds = new HashMap<>();
  private final Set<String> windowIds = new LinkedHashSet<>();
  private final Set<String> environmentReferences = new LinkedHashSet<>();
  /** The cadence whose steps are being read; empty in emergencies and rollbacks. */
  private Optional<String> cadenceInScope = Optional.empty();
  /** Whether that cadence has a {@code due:} schedule. */
  private boolean cadenceScheduled;
  private boolean checkTemplates;

  private RunbookLoader(String file) {
    this.file = file;
  }

  /**
   * Loads a runbook file.
   *
   * @throws RunbookException when the file is missing, unreadable, too large, not UTF-8, not YAML
   *     or not a valid runbook
   */
  public static Runbook load(Path path) {
    return load(path, path.toString());
  }

  /**
   * Loads a runbook file, naming it {@code name} in error positions (the path as the user typed
   * it).
   *
   * @throws RunbookException as {@link #load(Path)}
   */
  public static Runbook load(Path path, String name) {
    if (Files.isDirectory(path)) {
      throw new RunbookException(new Position(name, 0, 0), "is a directory, not a runbook file");
    }
    byte[] bytes;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new RunbookException(new Position(name, 1, 1), "file is larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new RunbookException(new Position(name, 0, 0), "no such file");

    } catch (IOException e) {
      throw new RunbookException(new Position(name, 0, 0), "cannot read: " + e.getMessage());
    }
    return parse(name, bytes);
  }

  /**
   * Loads the embedded default runbook (the Forma3D.Connect seed).
   *
   * @throws IllegalStateException if the jar was built without it
   */
  public static Runbook loadDefault() {
    try (InputStream in = RunbookLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("embedded runbook missing: " + DEFAULT_RESOURCE);
      }
      return parse("embedded:forma3d-connect.yaml", in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read embedded runbook", e);
    }
  }

  /**
   * Parses runbook bytes.
   *
   * @param name the name used in error positions
   * @throws RunbookException for any invalid input
   */
  public static Runbook parse(String name, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new RunbookException(new Position(name, 1, 1), "file is larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new RunbookException(new Position(name, 1, 1), "file is not valid UTF-8");
    }
    return new RunbookLoader(name).read(text, Sha256.hex(bytes));
  }

  private Runbook read(String text, String sha) {
    Node root = compose(text);
    YamlMap top = YamlMap.of(file, root, "the runbook", this::checkTemplate);
    top.allowOnly(TOP_KEYS);
    String id = top.string("runbook");
    checkId(top.required("runbook"), id);
    environments = new LinkedHashSet<>(top.strings("environments"));
    String defaultEnv =
        top.optString("default_environment")
            .orElse(environments.isEmpty() ? "default" : environments.iterator().next());
    if (!environments.isEmpty() && !environments.contains(defaultEnv)) {
      throw top.error(top.required("default_environment"), "unknown environment '" + defaultEnv + "'");
    }
    ZoneId zone = zone(top);
    variables = readVariables(top);
    checkTemplates = true;
    LogSpec log = top.map("log").map(this::logSpec).orElse(LogSpec.defaults());
    List<Reference.Window> windows = new ArrayList<>();
    for (Node n : top.list("windows")) {
      windows.add(window(top.child(n, "a window")));
    }
    List<Cadence> cadences = new ArrayList<>();
    Set<String> cadenceIds = new LinkedHashSet<>();
    for (Node n : top.list("cadences")) {
      Cadence c = cadence(top.child(n, "a cadence"));
      if (!cadenceIds.add(c.id())) {
        throw top.error(n, "duplicate cadence id '" + c.id() + "'");
      }
      cadences.add(c);
    }
    if (cadences.isEmpty()) {
      throw top.error(top.node("cadences").orElse(root), "a runbook needs at least one cadence");
    }
    List<Reference.CadenceChoice> choice = new ArrayList<>();
    for (Node n : top.list("cadence_choice")) {
      YamlMap m = top.child(n, "a cadence choice");
      m.allowOnly(Set.of("signal", "action"));
      choice.add(new Reference.CadenceChoice(m.string("signal"), m.string("action")));
    }
    List<Reference.Emergency> emergencies = new ArrayList<>();
    for (Node n : top.list("emergencies")) {
      emergencies.add(emergency(top.child(n, "an emergency")));
    }
    List<Reference.Rollback> rollbacks = new ArrayList<>();
    for (Node n : top.list("rollbacks")) {
      YamlMap m = top.child(n, "a rollback");
      m.allowOnly(Set.of("id", "title", "description", "steps"));
      checkId(m.required("id"), m.string("id"));
      rollbacks.add(
          new Reference.Rollback(
              m.string("id"), m.string("title"), m.string("description", ""), procedureSteps(m)));
    }
    List<Reference.CalendarMonth> calendar = new ArrayList<>();
    for (Node n : top.list("calendar")) {
      YamlMap m = top.child(n, "a calendar month");
      m.allowOnly(Set.of("month", "cadences", "activities", "light"));
      int month = m.integer("month", 0);
      if (month < 1 || month > 12) {
        throw m.error(m.required("month"), "'month' must be 1 to 12");
      }
      List<String> ids = m.strings("cadences");
      for (String c : ids) {
        Optional<Cadence> listed = cadences.stream().filter(x -> x.id().equals(c)).findFirst();
        if (listed.isEmpty()) {
          throw m.error(m.required("cadences"), "unknown cadence '" + c + "'");
        }
        if (listed.get().due().equals(Optional.of(Due.WEEKLY))) {
          throw m.error(m.required("cadences"), "cadence '" + c + "' is due weekly: the calendar cannot place it in months");
        }
      }
      calendar.add(
          new Reference.CalendarMonth(month, ids, m.string("activities", ""), m.bool("light", false)));
    }
    List<Reference.QuickCommand> quick = new ArrayList<>();
    Set<String> quickNames = new LinkedHashSet<>();
    for (Node n : top.list("quick_reference")) {
      YamlMap m = top.child(n, "a quick-reference command");
      m.allowOnly(Set.of("name", "group", "command", "description", "confirm"));
      String name = m.string("name");
      checkId(m.required("name"), name);
      if (!quickNames.add(name)) {
        throw m.error(m.required("name"), "duplicate quick-reference name '" + name + "'");
      }
      String command = m.string("command");
      boolean confirm = m.bool("confirm", false);
      // A probe runs as maint check, which changes nothing: asking would only teach people to say yes.
      if (confirm && QuickProbe.of(command).isPresent()) {
        throw m.error(m.required("confirm"), "'" + name + "' runs as a read-only probe (maint check): "
            + "'confirm' does not apply");
      }
      quick.add(
          new Reference.QuickCommand(name, m.string("group", ""), command, m.string("description", ""), confirm));
    }
    List<Reference.Revision> revisions = new ArrayList<>();
    for (Node n : top.list("revisions")) {
      YamlMap m = top.child(n, "a revision");
      m.allowOnly(Set.of("version", "date", "author", "changes"));
      revisions.add(
          new Reference.Revision(
              m.string("version"), m.string("date", ""), m.string("author", ""), m.string("changes", "")));
    }
    return new Runbook(
        id,
        top.string("title", id),
        top.string("version", ""),
        file,
        sha,
        zone,
        List.copyOf(environments),
        defaultEnv,
        variables,
        log,
        cadences,
        choice,
        emergencies,
        rollbacks,
        calendar,
        windows,
        quick,
        revisions,
        environmentReferences);
  }

  private Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setCodePointLimit(MAX_BYTES);
    options.setNestingDepthLimit(40);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    try {
      Node root = new Yaml(options).compose(new java.io.StringReader(text));
      if (root == null) {
        throw new RunbookException(new Position(file, 1, 1), "the runbook is empty");
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Position at =
          mark == null ? new Position(file, 1, 1) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
      String problem = e.getProblem() != null ? e.getProblem() : "invalid YAML";
      String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
      throw new RunbookException(at, "invalid YAML: " + oneLine(problem + context));
    } catch (YAMLException e) {
      throw new RunbookException(new Position(file, 1, 1), "invalid YAML: " + oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private ZoneId zone(YamlMap top) {
    Optional<String> tz = top.optString("timezone");
    if (tz.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(tz.get());
    } catch (DateTimeException e) {
      throw top.error(top.required("timezone"), "unknown time zone '" + tz.get() + "'");
    }
  }

  private Map<String, Variable> readVariables(YamlMap top) {
    Map<String, Variable> vars = new LinkedHashMap<>();
    Optional<YamlMap> section = top.map("variables");
    if (section.isEmpty()) {
      return vars;
    }
    YamlMap vm = section.get();
    for (String name : vm.keys()) {
      if (!Templates.NAME.matcher(name).matches()) {
        throw vm.error(vm.keyNode(name), "invalid variable name '" + name + "'");
      }
      Node value = vm.required(name);
      if (value instanceof ScalarNode) {
        vars.put(name, new Variable(name, Optional.of(vm.scalar(value, name)), Map.of(), false, ""));
        continue;
      }
      YamlMap m = vm.child(value, "variable '" + name + "'");
      m.allowOnly(Set.of("default", "environments", "secret", "description"));
      Map<String, String> perEnv = m.stringMap("environments");
      m.map("environments").ifPresent(em -> em.keys().forEach(env -> checkEnvironment(em, em.keyNode(env), env)));
      vars.put(
          name,
          new Variable(
              name, m.optString("default"), perEnv, m.bool("secret", false), m.string("description", "")));
    }
    return vars;
  }

  private void checkEnvironment(YamlMap at, Node node, String env) {
    if (!environments.isEmpty() && !environments.contains(env)) {
      throw at.error(node, "unknown environment '" + env + "' (declared: " + String.join(", ", environments) + ")");
    }
  }

  /** Checks a scalar's {@code ${...}} references against the declared variables. */
  private void checkTemplate(ScalarNode s) {
    List<Templates.Reference> refs;
    try {
      refs = Templates.references(s.getValue());
    } catch (IllegalArgumentException e) {
      throw new RunbookException(YamlMap.position(file, s), e.getMessage());
    }
    for (Templates.Reference r : refs) {
      if (r.env()) {
        environmentReferences.add(r.name());
        continue;
      }
      if (!checkTemplates) {
        throw new RunbookException(
            YamlMap.position(file, s),
            "a variable's value may use ${env:NAME} but not another variable ('${" + r.name() + "}')");
      }
      if (!variables.containsKey(r.name())) {
        throw new RunbookException(
            referencePosition(s, r), "undefined variable '" + r.name() + "'");
      }
    }
  }

  /** The reference's own column when the scalar is plain and on one line. */
  private Position referencePosition(ScalarNode s, Templates.Reference r) {
    Position p = YamlMap.position(file, s);
    boolean plainOneLine =
        s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN
            && s.getStartMark().getLine() == s.getEndMark().getLine()
            && !s.getValue().contains("\n");
    return plainOneLine ? new Position(file, p.line(), p.column() + r.offset()) : p;
  }

  private void checkId(Node at, String id) {
    if (!ID.matcher(id).matches()) {
      throw new RunbookException(
          YamlMap.position(file, at), "invalid id '" + id + "' (letters, digits, '.', '-', '_')");
    }
  }

  private Cadence cadence(YamlMap m) {
    m.allowOnly(CADENCE_KEYS);
    stepsInScope.clear();
    String id = m.string("id");
    checkId(m.required("id"), id);
    Optional<Due> due = due(m);
    cadenceInScope = Optional.of(id);
    cadenceScheduled = due.isPresent();
    List<Section> sections = new ArrayList<>();
    for (Node n : m.list("sections")) {
      sections.add(section(m.child(n, "a section")));
    }
    String branch = m.string("branch", "maintenance/" + id + "-{year}-{month}");
    java.util.regex.Matcher tokens = Pattern.compile("\\{([^}]*)}").matcher(branch);
    while (tokens.find()) {
      if (!Set.of("year", "month", "quarter", "week-year", "week").contains(tokens.group(1))) {
        throw m.error(m.required("branch"), "unknown branch token '" + tokens.group() + "'");
      }
    }
    checkBranch(m, id, branch);
    return new Cadence(
        id,
        m.string("title", id),
        m.string("frequency", ""),
        m.string("focus", ""),
        m.string("duration", ""),
        m.string("when", ""),
        m.string("prep", ""),
        branch,
        sections,
        due);
  }

  /**
   * The branch a cadence commits to must be a git ref name for every date; the tokens only add
   * digits, so one sample date (2026-11-29, ISO week 2026-W48) decides.
   */
  private static void checkBranch(YamlMap m, String id, String branch) {
    String sample = branch.replace("{year}", "2026").replace("{month}", "11").replace("{quarter}", "4")
        .replace("{week-year}", "2026").replace("{week}", "48");
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + sample)) {
      throw m.has("branch")
          ? m.error(m.required("branch"), "'" + sample + "' is not a valid git branch name")
          : m.error(m.required("id"), "cadence id '" + id + "' gives the branch '" + sample
              + "', which is not a valid git branch name (change the id or set 'branch')");
    }
  }

  private Optional<Due> due(YamlMap m) {
    return m.optString("due").map(label -> Due.of(label).orElseThrow(() -> m.error(m.required("due"),
        "invalid due '" + label + "' (one of " + String.join(", ", Arrays.stream(Due.values()).map(Due::label).toList())
            + ")")));
  }

  private Section section(YamlMap m) {
    m.allowOnly(SECTION_KEYS);
    String id = m.string("id");
    checkId(m.required("id"), id);
    Position previous = sectionIds.putIfAbsent(id, m.position());
    if (previous != null) {
      throw m.error(m.required("id"), "duplicate section id '" + id + "' (first at " + previous + ")");
    }
    List<Step> steps = steps(m);
    List<Section> subs = new ArrayList<>();
    for (Node n : m.list("sections")) {
      subs.add(section(m.child(n, "a section")));
    }
    return new Section(
        id, m.string("title"), m.string("description", ""), m.bool("light", false), table(m), steps, subs);
  }

  private Optional<DataTable> table(YamlMap m) {
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
  private List<Step> procedureSteps(YamlMap parent) {
    stepsInScope.clear();
    cadenceInScope = Optional.empty();
    return steps(parent);
  }

  private List<Step> steps(YamlMap parent) {
    List<Step> steps = new ArrayList<>();
    for (Node n : parent.list("steps")) {
      steps.add(step(parent.child(n, "a step")));
    }
    return steps;
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
    checkId(m.required("id"), id);
    Position previous = stepIds.putIfAbsent(id, YamlMap.position(file, m.required("id")));
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
    Optional<String> window = m.optString("window");
    // Windows are read before the cadences, so the id can be checked at once.
    if (window.isPresent() && !windowIds.contains(window.get())) {
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
        m.bool("readonly", false),
        window,
        table(m),
        YamlMap.position(file, m.node()));
  }

  private When when(YamlMap m) {
    m.allowOnly(Set.of("months", "env", "step", "status"));
    Set<Integer> months = new LinkedHashSet<>();
    for (String s : m.strings("months")) {
      months.add(month(m, s));
    }
    List<String> envs = m.strings("env");
    envs.forEach(e -> checkEnvironment(m, m.required("env"), e));
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
    return new When(months, new LinkedHashSet<>(envs), steps, statuses);
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

  private Action.Run run(YamlMap m) {
    List<Integer> exits = new ArrayList<>();
    m.node("expect_exit")
        .ifPresent(
            n -> {
              if (n instanceof ScalarNode) {
                exits.add(m.toInt(n, "expect_exit"));
              } else {
                m.toList(n, "expect_exit").forEach(item -> exits.add(m.toInt(item, "expect_exit")));
              }
            });
    String command = m.string("run");
    if (command.isBlank()) {
      throw m.error(m.required("run"), "'run' must not be empty");
    }
    return new Action.Run(
        command,
        exits.isEmpty() ? List.of(0) : exits,
        positive(m, "timeout", 600),
        m.optString("workdir"),
        m.optString("host"),
        m.stringMap("env"),
        regex(m, "stdout"),
        regex(m, "stderr"));
  }

  private Optional<String> regex(YamlMap m, String key) {
    Optional<String> r = m.optString(key);
    r.ifPresent(
        s -> {
          try {
            Pattern.compile(s);
          } catch (java.util.regex.PatternSyntaxException e) {
            throw m.error(m.required(key), "invalid regular expression: " + oneLine(e.getDescription()));
          }
        });
    return r;
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
    Map<String, Object> json = new LinkedHashMap<>();
    m.map("json")
        .ifPresent(
            j -> {
              for (String pointer : j.keys()) {
                if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                  throw j.error(j.keyNode(pointer), "JSON Pointer must be empty or start with '/' (RFC 6901): '" + pointer + "'");
                }
                json.put(pointer, j.plain(j.required(pointer)));
              }
            });
    OptionalInt warn = m.has("warn_days") ? OptionalInt.of(m.integer("warn_days", 0)) : OptionalInt.empty();
    OptionalInt fail = m.has("fail_days") ? OptionalInt.of(m.integer("fail_days", 0)) : OptionalInt.empty();
    checkDays(m, warn.orElse(Integer.MAX_VALUE), fail.orElse(Integer.MIN_VALUE));
    String method = m.string("method", "GET");
    if (!METHOD.matcher(method).matches()) {
      throw m.error(m.required("method"), "invalid HTTP method '" + method + "' (a token such as GET, RFC 9110)");
    }
    return new Action.Http(
        url(m),
        method.toUpperCase(Locale.ROOT),
        m.stringMap("headers"),
        status.isEmpty() ? List.of("200-399") : status,
        json,
        regex(m, "body"),
        m.bool("follow_redirects", true),
        positive(m, "timeout", 10),
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
        positive(m, "timeout", 10),
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

  private Reference.Emergency emergency(YamlMap m) {
    m.allowOnly(Set.of("id", "trigger", "response", "sla", "steps"));
    String id = m.string("id");
    checkId(m.required("id"), id);
    String sla = m.string("sla");
    if (!SLA.matcher(sla).matches()) {
      throw m.error(m.required("sla"), "invalid sla '" + sla + "' (immediate, provider, or a duration such as 24h)");
    }
    return new Reference.Emergency(id, m.string("trigger"), m.string("response"), sla, procedureSteps(m));
  }

  private Reference.Window window(YamlMap m) {
    m.allowOnly(Set.of("id", "environment", "days", "start", "end", "description"));
    String id = m.string("id");
    checkId(m.required("id"), id);
    if (!windowIds.add(id)) {
      throw m.error(m.required("id"), "duplicate window id '" + id + "'");
    }
    String env = m.string("environment");
    checkEnvironment(m, m.required("environment"), env);
    List<DayOfWeek> days = new ArrayList<>();
    for (String d : m.strings("days")) {
      try {
        days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw m.error(m.required("days"), "invalid day '" + d + "' (MONDAY ... SUNDAY)");
      }
    }
    Optional<LocalTime> start = time(m, "start");
    Optional<LocalTime> end = time(m, "end");
    if (start.isPresent() != end.isPresent()) {
      throw m.error(m.node(), "a window needs both 'start' and 'end' or neither");
    }
    return new Reference.Window(id, env, days, start, end, m.string("description", ""));
  }

  private Optional<LocalTime> time(YamlMap m, String key) {
    return m.optString(key)
        .map(
            s -> {
              try {
                return LocalTime.parse(s.length() == 4 ? "0" + s : s);
              } catch (DateTimeParseException e) {
                throw m.error(m.required(key), "invalid time '" + s + "' (HH:MM)");
              }
            });
  }

  private LogSpec logSpec(YamlMap m) {
    m.allowOnly(Set.of("file", "columns", "records"));
    List<String> cols = m.has("columns") ? m.strings("columns") : LogSpec.DEFAULT_COLUMNS;
    String file = repositoryPath(m, "file", m.string("file"));
    String records = repositoryPath(m, "records", m.string("records", LogSpec.DEFAULT_RECORDS));
    if (m.has("records")) {
      Node at = m.required("records");
      if (!records.contains("{session}")) {
        throw m.error(at, "records must contain {session}, so that every run adds a new file");
      }
      Matcher token = RECORD_TOKEN.matcher(records);
      while (token.find()) {
        if (!LogSpec.RECORD_TOKENS.contains(token.group())) {
          throw m.error(at, "unknown token " + token.group() + " in records (allowed: "
              + String.join(" ", new TreeSet<>(LogSpec.RECORD_TOKENS)) + ")");
        }
      }
    }
    return new LogSpec(file, cols, records);
  }

  /** A path inside the repository: relative, '/'-separated, without empty, '.' or '..' parts. */
  private static String repositoryPath(YamlMap m, String key, String path) {
    boolean bad = path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("\\");
    for (String part : path.split("/", -1)) {
      bad |= part.isEmpty() || part.equals(".") || part.equals("..");
    }
    if (bad) {
      throw m.error(m.node(key).orElse(m.node()), key + " must be a relative path inside the repository, got '" + path + "'");
    }
    return path;
  }
}
