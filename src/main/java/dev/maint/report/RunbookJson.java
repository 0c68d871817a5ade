package dev.maint.report;

import dev.maint.record.RecordJson;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Position;
import dev.maint.runbook.QuickProbe;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import dev.maint.runbook.When;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code --format json} documents of the commands that describe a runbook: {@code list},
 * {@code show}, {@code validate}, {@code emergency}, {@code rollback} and {@code run --list}. Each
 * is one object with a {@code schema} naming its shape and version ({@code maint-list/1} …), field
 * names in snake_case, pretty-printed with a final line feed; fields may be added within a
 * version. The shapes are documented in {@code docs/report-format.md}, "Other commands' JSON".
 */
public final class RunbookJson {
  private RunbookJson() {}

  /** The runbook as {@code list}, {@code show} and {@code validate} name it. */
  public record RunbookRef(String id, String title, String version, String source, String sha256) {
    static RunbookRef of(Runbook r) {
      return new RunbookRef(r.id(), r.title(), r.version(), r.source(), r.sha256());
    }
  }

  /** {@code maint list}: every cadence with its sections; step counts are the cadence's whole plan. */
  public record ListDoc(String schema, RunbookRef runbook, List<CadenceEntry> cadences, int steps, int decidedByMaint) {}

  /**
   * A cadence in {@code maint list}.
   *
   * @param steps the steps of its full cycle
   * @param decidedByMaint how many of them maint decides itself (probes, commands with an expected
   *     exit code)
   */
  public record CadenceEntry(String id, String title, String frequency, String duration, int steps,
      int decidedByMaint, List<SectionEntry> sections) {}

  /**
   * A section in {@code maint list}.
   *
   * @param steps the section's own steps, without its subsections'
   */
  public record SectionEntry(String id, String title, boolean light, int steps, List<SectionEntry> sections) {
    static SectionEntry of(Section s) {
      return new SectionEntry(s.id(), s.title(), s.light(), s.steps().size(),
          s.sections().stream().map(SectionEntry::of).toList());
    }
  }

  /** Prints {@code maint-list/1}. */
  public static void list(PrintWriter out, Runbook runbook) {
    List<CadenceEntry> cadences = runbook.cadences().stream().map(c -> new CadenceEntry(c.id(), c.title(),
        c.frequency(), c.duration(), c.steps().size(), c.decidedByMaint(),
        c.sections().stream().map(SectionEntry::of).toList())).toList();
    write(out, new ListDoc("maint-list/1", RunbookRef.of(runbook), cadences,
        runbook.cadences().stream().mapToInt(c -> c.steps().size()).sum(),
        runbook.cadences().stream().mapToInt(Cadence::decidedByMaint).sum()));
  }

  /** {@code maint show CADENCE}: the cadence and its plan, in walking order. */
  public record ShowDoc(String schema, RunbookRef runbook, CadenceHead cadence, List<StepEntry> steps) {}

  /** The cadence {@code maint show} describes. */
  public record CadenceHead(String id, String title, String when, String prep, String branch) {}

  /**
   * A step of the plan.
   *
   * @param number 1-based position in the plan
   * @param kind {@code manual}, {@code run}, {@code http}, {@code tls} or {@code cert}
   * @param action what the step runs or probes, variables filled in and secrets masked; empty for
   *     a manual step
   * @param when the condition under which it is walked, in words; null when always
   * @param window the maintenance window it is held to; null when none
   */
  public record StepEntry(int number, String id, String title, String kind, String section, String sectionTitle,
      String action, String when, boolean required, boolean confirm, boolean always, boolean readonly,
      String window) {}

  /**
   * Prints {@code maint-show/1}.
   *
   * @param describe what a step runs or probes, as {@code show} prints it (resolved and masked)
   */
  public static void show(PrintWriter out, Runbook runbook, Cadence cadence, java.util.function.Function<Step, String> describe) {
    List<Cadence.PlacedStep> placed = cadence.steps();
    java.util.List<StepEntry> steps = new java.util.ArrayList<>();
    for (int i = 0; i < placed.size(); i++) {
      Step s = placed.get(i).step();
      Section section = placed.get(i).section();
      steps.add(new StepEntry(i + 1, s.id(), s.title(), s.kind(), section.id(), section.title(), describe.apply(s),
          s.when() == When.ALWAYS ? null : s.when().describe(), s.required(), s.confirm(), s.always(), s.readonly(),
          s.window().orElse(null)));
    }
    write(out, new ShowDoc("maint-show/1", RunbookRef.of(runbook),
        new CadenceHead(cadence.id(), cadence.title(), cadence.when(), cadence.prep(), cadence.branch()), steps));
  }

  /**
   * {@code maint validate}: whether the runbook loads. A valid one has its counts and a null
   * {@code error}; an invalid one has {@code valid: false}, null counts and the first problem.
   */
  public record ValidateDoc(String schema, String source, boolean valid, Integer cadences, Long cadenceSteps,
      Integer emergencies, Integer rollbacks, Problem error) {}

  /**
   * The first problem found in a runbook.
   *
   * @param line 1-based; 0 for the file as a whole
   * @param column 1-based; 0 for the file as a whole
   * @param message what is wrong, without the position
   */
  public record Problem(String file, int line, int column, String message) {}

  /** Prints {@code maint-validate/1} for a valid runbook. */
  public static void valid(PrintWriter out, Runbook runbook) {
    write(out, new ValidateDoc("maint-validate/1", runbook.source(), true, runbook.cadences().size(),
        runbook.cadences().stream().mapToLong(c -> c.steps().size()).sum(), runbook.emergencies().size(),
        runbook.rollbacks().size(), null));
  }

  /**
   * Prints {@code maint-validate/1} for a runbook that cannot be loaded.
   *
   * @param message the error's whole message, {@code FILE:LINE:COLUMN: message}; the position is
   *     taken off
   */
  public static void invalid(PrintWriter out, Position position, String message) {
    String prefix = position + ": ";
    String plain = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    write(out, new ValidateDoc("maint-validate/1", position.file(), false, null, null, null, null,
        new Problem(position.file(), position.line(), position.column(), plain)));
  }

  /** {@code maint emergency}: the triggers and the cadence-choice table. */
  public record EmergenciesDoc(String schema, List<EmergencyEntry> emergencies, List<Reference.CadenceChoice> cadenceChoice) {}

  /**
   * An emergency trigger.
   *
   * @param sla as written: a duration such as {@code 24h}, {@code immediate} or {@code provider}
   * @param steps the number of steps of its response
   */
  public record EmergencyEntry(String id, String trigger, String response, String sla, int steps) {}

  /** Prints {@code maint-emergencies/1}. */
  public static void emergencies(PrintWriter out, Runbook runbook) {
    write(out, new EmergenciesDoc("maint-emergencies/1", runbook.emergencies().stream().map(e ->
        new EmergencyEntry(e.id(), e.trigger(), e.response(), e.sla(), e.steps().size())).toList(),
        runbook.cadenceChoice()));
  }

  /** {@code maint rollback}: the procedures. */
  public record RollbacksDoc(String schema, List<RollbackEntry> rollbacks) {}

  /** A rollback procedure; {@code steps} is its number of steps. */
  public record RollbackEntry(String id, String title, String description, int steps) {}

  /** Prints {@code maint-rollbacks/1}. */
  public static void rollbacks(PrintWriter out, Runbook runbook) {
    write(out, new RollbacksDoc("maint-rollbacks/1", runbook.rollbacks().stream().map(r ->
        new RollbackEntry(r.id(), r.title(), r.description().strip(), r.steps().size())).toList()));
  }

  /** {@code maint run --list}: the quick-reference commands, in runbook order. */
  public record QuickReferenceDoc(String schema, List<QuickEntry> commands) {}

  /**
   * A quick-reference command.
   *
   * @param group its group; empty when none
   * @param command what runs, variables filled in where they have values and secrets masked
   * @param confirm whether it asks before running ({@code confirm: true})
   * @param check for a probe, the {@code maint check} it runs as (e.g. {@code maint check tls
   *     host:443}); null for a shell command
   */
  public record QuickEntry(String name, String group, String description, String command, boolean confirm,
      String check) {}

  /**
   * Prints {@code maint-quick-reference/1}.
   *
   * @param resolve fills in the runbook's variables where it can, and masks secrets
   */
  public static void quickReference(PrintWriter out, List<Reference.QuickCommand> commands, UnaryOperator<String> resolve) {
    write(out, new QuickReferenceDoc("maint-quick-reference/1", commands.stream().map(c -> new QuickEntry(c.name(),
        c.group(), c.description(), resolve.apply(c.command()), c.confirm(), QuickProbe.of(c.command())
            .map(p -> "maint check " + resolve.apply(String.join(" ", p.checkArguments()))).orElse(null))).toList()));
  }

  private static void write(PrintWriter out, Object doc) {
    out.print(RecordJson.writeValue(doc));
    out.flush();
  }
}
