package dev.maint.report;

import dev.maint.record.RecordJson;
import dev.maint.record.RecordReader;
import dev.maint.record.RunRecord;
import dev.maint.text.ControlCharacters;
import dev.maint.text.LocalMinute;
import dev.maint.text.ShellWords;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Past runs read back from git, for {@code maint log}: a list, one run in full, or JSON. */
public final class RunHistory {
  /**
   * One run in the JSON list.
   *
   * @param session the session id
   * @param started ISO-8601 instant
   * @param cadence the cadence id
   * @param environment the environment
   * @param operator {@code Name <mail>}: who began the run
   * @param operators every operator of the run, {@code Name <mail>}
   * @param outcome completed, quit or interrupted
   * @param counts recorded steps per status label
   * @param issues the steps that warned, failed, errored or were interrupted
   * @param ref the branch the record was read from
   * @param path the record file's path
   */
  public record Summary(String session, String started, String cadence, String environment, String operator,
      List<String> operators, String outcome, Map<String, Integer> counts, List<Issue> issues, String ref, String path) {}

  /**
   * An issue found by a run.
   *
   * @param step the step id
   * @param status its status label
   * @param reason why
   */
  public record Issue(String step, String status, String reason) {}

  private RunHistory() {}

  /**
   * One line a run, newest first: start (to the minute in {@code zone}, named), cadence, session,
   * operator, counts, issues found.
   */
  public static void list(PrintWriter out, List<RecordReader.Found> runs, ZoneId zone) {
    if (runs.isEmpty()) {
      line(out, "No runs recorded on the maintenance branches.");
    }
    // Summer and winter time have abbreviations of different lengths (CET, CEST): the column is as wide as the widest.
    int whenWidth = runs.stream().mapToInt(f -> LocalMinute.of(f.record().startedAt(), zone).length()).max().orElse(1);
    for (RecordReader.Found f : runs) {
      RunRecord r = f.record();
      String issues = r.issues().stream().map(s -> s.id() + " (" + s.status() + ")").reduce((a, b) -> a + ", " + b)
          .map(s -> "  issues: " + s).orElse("");
      line(out, String.format("%-" + whenWidth + "s  %-11s  %s  %-20s  %s%s", LocalMinute.of(r.startedAt(), zone),
          r.cadence(), r.session(), String.join(", ", r.allOperators().stream().map(RunHistory::name).toList()),
          r.countsText(), issues));
    }
    out.flush();
  }

  /**
   * What {@code maint log} says when the runbook in force has no runs here but other runbooks do
   * ({@link RecordReader#elsewhere()}): a line for the runbook in force, then one for each other
   * runbook (by id and the file it was walked from) with its number of runs, their branches and the
   * command that lists them.
   *
   * @param runbookId the id of the runbook in force
   * @param others the runs of other runbooks, not empty
   * @param command the {@code maint log} command as typed, without {@code --runbook}, e.g. {@code
   *     maint log --repo ops}
   */
  public static void elsewhere(PrintWriter out, String runbookId, List<RecordReader.Found> others, String command) {
    line(out, "No runs of runbook '" + runbookId + "' are recorded on its maintenance branches; runs of other"
        + " runbooks are:");
    Map<List<String>, List<RecordReader.Found>> byRunbook = new LinkedHashMap<>();
    for (RecordReader.Found f : others) {
      RunRecord.RunbookRef r = f.record().runbook();
      byRunbook.computeIfAbsent(List.of(r.id(), r.source()), k -> new ArrayList<>()).add(f);
    }
    byRunbook.forEach((runbook, runs) -> {
      List<String> branches = runs.stream().map(RecordReader.Found::ref).distinct().sorted().toList();
      String where = branches.size() <= 3 ? String.join(", ", branches)
          : String.join(", ", branches.subList(0, 3)) + " and " + (branches.size() - 3) + " more";
      line(out, "  " + runbook.get(0) + " (" + runbook.get(1) + "): " + runs.size() + (runs.size() == 1 ? " run" : " runs")
          + " on " + where + "; list them with: " + withRunbook(command, runs.get(0).record().runbook()));
    });
    out.flush();
  }

  /**
   * {@code command} as it would read {@code runbook}'s runs: with {@code --runbook} and the file the
   * run was walked from (relative to where it was walked), or, for the embedded runbook, with none.
   */
  public static String withRunbook(String command, RunRecord.RunbookRef runbook) {
    return runbook.source().startsWith("embedded:")
        ? command + " (with no --runbook, MAINT_RUNBOOK or configured runbook: the embedded one)"
        : command + " --runbook " + ShellWords.quote(runbook.source());
  }

  /** The runs as a JSON list of {@link Summary}. */
  public static void listJson(PrintWriter out, List<RecordReader.Found> runs) {
    List<Summary> summaries = runs.stream().map(f -> {
      RunRecord r = f.record();
      return new Summary(r.session(), r.started(), r.cadence(), r.environment(), r.operator(), r.allOperators(),
          r.outcome(),
          r.counts(), r.issues().stream().map(s -> new Issue(s.id(), s.status(), s.reason())).toList(),
          f.ref(), f.path());
    }).toList();
    out.print(RecordJson.writeValue(summaries));
    out.flush();
  }

  /** One run in full: who, when (in {@code zone}, named), what runbook, every step, and what it carried forward. */
  public static void show(PrintWriter out, RecordReader.Found found, ZoneId zone) {
    RunRecord r = found.record();
    line(out, "Session " + r.session() + " — " + r.cadence() + " (" + r.environmentNoted() + "), "
        + LocalMinute.of(r.startedAt(), zone) + ", " + r.outcome());
    List<String> operators = r.allOperators();
    line(out, (operators.size() > 1 ? "Operators: " : "Operator: ") + String.join(", ", operators));
    line(out, "Runbook:  " + r.runbook().id() + " " + r.runbook().version() + " (sha256 "
        + r.runbook().sha256().substring(0, Math.min(12, r.runbook().sha256().length())) + ") from "
        + r.runbook().source());
    line(out, "Record:   " + found.ref() + ":" + found.path());
    line(out, "Steps:    " + r.steps().size() + " of " + r.stepCount() + " recorded — " + r.countsText());
    int idWidth = Math.max(4, r.steps().stream().mapToInt(s -> s.id().length()).max().orElse(4));
    out.println();
    line(out, String.format("%-" + idWidth + "s  %-11s  %8s  %s", "STEP", "STATUS", "TIME", "REASON"));
    for (RunRecord.StepRecord s : r.steps()) {
      line(out, String.format("%-" + idWidth + "s  %-11s  %7.1fs  %s", s.id(), s.status(), s.durationMs() / 1000.0,
          s.reason()));
      if (!s.note().isEmpty()) {
        line(out, " ".repeat(idWidth + 26) + "note: " + s.note());
      }
      s.facts().forEach((name, value) -> line(out, " ".repeat(idWidth + 26) + "fact: " + name + " = " + value));
    }
    if (!r.conflicts().isEmpty()) {
      out.println();
      line(out, "Answered by more than one operator (the later answer stands):");
      for (RunRecord.Conflict c : r.conflicts()) {
        line(out, "  " + c.step() + ":");
        for (RunRecord.Conflict.Answer a : c.answers()) {
          line(out, "    " + when(a.started(), zone) + "  " + a.operator() + "  " + a.status() + " — " + a.reason()
              + (a.stands() ? "  (stands)" : "  (replaced)"));
        }
      }
    }
    if (!r.carriedForward().isEmpty()) {
      out.println();
      line(out, "Left open by session " + r.previousSession() + (r.acknowledged() ? " (acknowledged)" : "") + ":");
      for (RunRecord.CarriedItem i : r.carriedForward()) {
        line(out, "  - " + i.step() + ": " + i.status() + " — " + i.reason() + "; now "
            + (i.now().isEmpty() ? "not recorded" : i.now()) + (i.resolved() ? " (resolved)" : ""));
      }
    }
    out.flush();
  }

  /** One run's record as JSON. */
  public static void showJson(PrintWriter out, RecordReader.Found found) {
    out.print(RecordJson.writeValue(found.record()));
    out.flush();
  }

  /** An ISO-8601 instant to the second in {@code zone}, named; the text as it is when it is not one. */
  private static String when(String instant, ZoneId zone) {
    try {
      return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz")
          .format(java.time.Instant.parse(instant).atZone(zone));
    } catch (java.time.format.DateTimeParseException e) {
      return instant;
    }
  }

  private static String name(String operator) {
    int lt = operator.indexOf('<');
    return lt > 0 ? operator.substring(0, lt).strip() : operator;
  }

  /** Prints a line of text from records, which anyone with push access wrote, without control characters. */
  private static void line(PrintWriter out, String text) {
    out.println(ControlCharacters.strip(text));
  }
}
