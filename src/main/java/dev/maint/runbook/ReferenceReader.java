package dev.maint.runbook;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the reference parts of a runbook around its cadences: windows, the cadence choice,
 * emergencies, rollbacks, the calendar, the quick reference, revisions and the log spec.
 */
final class ReferenceReader {
  private static final Pattern SLA = Pattern.compile("immediate|provider|\\d+[mhd]");
  private static final Pattern RECORD_TOKEN = Pattern.compile("\\{[^{}]*}");

  private final ReadContext context;
  /** Reads the steps of emergencies and rollbacks. */
  private final StepReader stepReader;

  ReferenceReader(ReadContext context, StepReader stepReader) {
    this.context = context;
    this.stepReader = stepReader;
  }

  /** The maintenance windows; read before the cadences, whose steps may name them. */
  List<Reference.Window> windows(YamlMap top) {
    return top.each("windows", "a window", this::window);
  }

  List<Reference.CadenceChoice> cadenceChoice(YamlMap top) {
    return top.each("cadence_choice", "a cadence choice", this::choice);
  }

  List<Reference.Emergency> emergencies(YamlMap top) {
    return top.each("emergencies", "an emergency", this::emergency);
  }

  List<Reference.Rollback> rollbacks(YamlMap top) {
    return top.each("rollbacks", "a rollback", this::rollback);
  }

  /** The calendar's months, which may name only {@code cadences} that are not due weekly. */
  List<Reference.CalendarMonth> calendar(YamlMap top, List<Cadence> cadences) {
    return top.each("calendar", "a calendar month", m -> calendarMonth(m, cadences));
  }

  List<Reference.QuickCommand> quickReference(YamlMap top) {
    Set<String> quickNames = new LinkedHashSet<>();
    return top.each("quick_reference", "a quick-reference command", m -> quickCommand(m, quickNames));
  }

  List<Reference.Revision> revisions(YamlMap top) {
    return top.each("revisions", "a revision", this::revision);
  }

  private Reference.CadenceChoice choice(YamlMap m) {
    m.allowOnly(Set.of("signal", "action"));
    return new Reference.CadenceChoice(m.string("signal"), m.string("action"));
  }

  private Reference.Rollback rollback(YamlMap m) {
    m.allowOnly(Set.of("id", "title", "description", "steps"));
    context.checkId(m.required("id"), m.string("id"));
    return new Reference.Rollback(
        m.string("id"), m.string("title"), m.string("description", ""), stepReader.procedureSteps(m));
  }

  private Reference.CalendarMonth calendarMonth(YamlMap m, List<Cadence> cadences) {
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
    return new Reference.CalendarMonth(month, ids, m.string("activities", ""), m.bool("light", false));
  }

  /** A quick-reference command whose name is not yet in {@code quickNames}, which it is added to. */
  private Reference.QuickCommand quickCommand(YamlMap m, Set<String> quickNames) {
    m.allowOnly(Set.of("name", "group", "command", "description", "confirm"));
    String name = m.string("name");
    context.checkId(m.required("name"), name);
    if (!quickNames.add(name)) {
      throw m.error(m.required("name"), "duplicate quick-reference name '" + name + "'");
    }
    String command = m.string("command");
    if (QuickProbe.of(command).isEmpty()) {
      // A probe runs as maint check, its arguments never reach a shell.
      context.checkShell(m.required("command"), command);
    }
    boolean confirm = m.bool("confirm", false);
    // A probe runs as maint check, which changes nothing: asking would only teach people to say yes.
    if (confirm && QuickProbe.of(command).isPresent()) {
      throw m.error(m.required("confirm"), "'" + name + "' runs as a read-only probe (maint check): "
          + "'confirm' does not apply");
    }
    return new Reference.QuickCommand(name, m.string("group", ""), command, m.string("description", ""), confirm);
  }

  private Reference.Revision revision(YamlMap m) {
    m.allowOnly(Set.of("version", "date", "author", "changes"));
    return new Reference.Revision(
        m.string("version"), m.string("date", ""), m.string("author", ""), m.string("changes", ""));
  }

  private Reference.Emergency emergency(YamlMap m) {
    m.allowOnly(Set.of("id", "trigger", "response", "sla", "steps"));
    String id = m.string("id");
    context.checkId(m.required("id"), id);
    String sla = m.string("sla");
    if (!SLA.matcher(sla).matches()) {
      throw m.error(m.required("sla"), "invalid sla '" + sla + "' (immediate, provider, or a duration such as 24h)");
    }
    return new Reference.Emergency(id, m.string("trigger"), m.string("response"), sla, stepReader.procedureSteps(m));
  }

  private Reference.Window window(YamlMap m) {
    m.allowOnly(Set.of("id", "environment", "days", "start", "end", "description"));
    String id = m.string("id");
    context.checkId(m.required("id"), id);
    if (!context.windowIds().add(id)) {
      throw m.error(m.required("id"), "duplicate window id '" + id + "'");
    }
    String env = m.string("environment");
    context.checkEnvironment(m, m.required("environment"), env);
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

  LogSpec logSpec(YamlMap m) {
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
    for (String part : path.split("/")) {
      // git refuses to track anything under .git, in any case (core.protectNTFS/HFS do the same
      // for look-alikes); the commit would fail after every step was walked.
      if (part.equalsIgnoreCase(".git") || part.startsWith("-") || part.contains("\0")) {
        throw m.error(m.node(key).orElse(m.node()), key + " '" + path + "' is not a path git can commit"
            + " (no '.git' folder in any case, no part starting with '-')");
      }
    }
    return path;
  }
}
