package dev.maint.exec;

import dev.maint.probe.ProbeResult;
import dev.maint.probe.ShellProbe;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Step;
import dev.maint.runbook.When;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks a session's steps in order: interactively, asking the operator through a {@link
 * Prompter}, or unattended. Records every outcome in the {@link Session}; never prints.
 */
public final class Walker {
  /** Who records automated outcomes and unattended decisions. */
  public static final String MAINT = "maint";

  /** The reason recorded for a step that a dry run did not carry out. */
  public static final String DRY_RUN = "dry run";

  private final Session session;
  private final List<Cadence.PlacedStep> steps;
  private final StepRunner runner;
  private final WalkListener listener;
  private final Redactor redactor;
  private final Interruption interruption;
  private final Clock clock;
  private final ZoneId zone;
  private final Options options;
  private WindowGate windows = WindowGate.NONE;
  private StepClaims claims = StepClaims.NONE;

  /**
   * @param steps the steps to walk, in order
   * @param zone the runbook's time zone, for {@code when: months}
   * @param options how the walk behaves
   */
  public Walker(
      Session session,
      List<Cadence.PlacedStep> steps,
      StepRunner runner,
      WalkListener listener,
      Redactor redactor,
      Interruption interruption,
      Clock clock,
      ZoneId zone,
      Options options) {
    this.session = session;
    this.steps = List.copyOf(steps);
    this.runner = runner;
    this.listener = listener;
    this.redactor = redactor;
    this.interruption = interruption;
    this.clock = clock;
    this.zone = zone;
    this.options = options;
  }

  /**
   * How a walk behaves.
   *
   * @param requireReasons whether skipping or failing a step needs a non-empty reason
   * @param dryRun {@code --dry-run}: an unattended walk runs only probes and {@code readonly}
   *     commands; every other step is shown and recorded as {@code skipped} "dry run"
   * @param yes {@code --yes}: commands marked {@code confirm: true} run without asking, in
   *     unattended walks too (never in a dry run), noted {@link #CONFIRMED_BY_YES}
   */
  public record Options(boolean requireReasons, boolean dryRun, boolean yes) {}

  /** The reason recorded for a {@code confirm: true} command an unattended walk did not run. */
  public static final String NEEDS_CONFIRMATION = "needs confirmation: run interactively or pass --yes";

  /** The note recorded with a {@code confirm: true} command that ran because of {@code --yes}. */
  public static final String CONFIRMED_BY_YES = "confirmed by --yes";

  /**
   * Checks steps tagged with a maintenance window against it (by default nothing is checked).
   *
   * @return this walker
   */
  public Walker windows(WindowGate gate) {
    this.windows = gate;
    return this;
  }

  /**
   * Claims steps before their command starts (by default nothing is claimed).
   *
   * @return this walker
   */
  public Walker claims(StepClaims claims) {
    this.claims = claims;
    return this;
  }

  /** Whether the step already has an outcome from an earlier (resumed) part of the session. */
  private boolean done(Step step) {
    return session.result(step.id()).filter(r -> r.status() != Status.INTERRUPTED).isPresent();
  }

  /** Whether an unattended walk left the step to a person ({@code manual}, recorded by {@code maint}). */
  private boolean leftToAPerson(Step step) {
    return session.result(step.id()).filter(r -> r.status() == Status.MANUAL && MAINT.equals(r.by())).isPresent();
  }

  /**
   * Runs every automated step; manual steps and steps that need confirmation (unless {@code
   * --yes}) are recorded as {@code manual} (in a dry run, as {@code skipped} "dry run", like
   * every step a dry run does not run). Stops at the first step interrupted by a signal.
   */
  public Session walkUnattended() {
    for (int i = 0; i < steps.size(); i++) {
      if (interruption.requested()) {
        // A signal that came while the last step was recorded, or while one was shown or skipped.
        return end(false, true);
      }
      Cadence.PlacedStep placed = steps.get(i);
      Step step = placed.step();
      if (done(step) || skippedByCondition(placed, i)) {
        continue;
      }
      listener.stepShown(placed, i + 1, steps.size(), Optional.empty(), redactor.redact(runner.describe(step.action())));
      if (options.dryRun() && !runsInDryRun(step)) {
        record(placed, Status.SKIPPED, DRY_RUN, "", MAINT, clock.instant(), Map.of());
        continue;
      }
      Optional<String> note = windowCheck(placed, Optional.empty());
      if (note.isEmpty()) {
        continue;
      }
      Map<String, Object> shown = show(placed);
      Map<String, String> asked = step.ask().flatMap(a -> a.defaultValue().map(d -> Map.of(a.fact(), d))).orElse(Map.of());
      if (!step.automated()) {
        record(placed, Status.MANUAL, "left to a person (non-interactive run)", note.get(), MAINT, clock.instant(), shown,
            Duration.ZERO, asked);
      } else if (step.ask().isPresent() && asked.isEmpty()) {
        record(placed, Status.MANUAL, "needs an answer: " + step.ask().get().prompt() + " (no default)", note.get(), MAINT,
            clock.instant(), Map.of());
      } else if (step.confirm() && !options.yes()) {
        record(placed, Status.MANUAL, NEEDS_CONFIRMATION, note.get(), MAINT, clock.instant(), Map.of());
      } else {
        Optional<StepClaims.Refusal> held = claims.claim(placed);
        if (held.isPresent()) {
          // Not recorded: the holder's answer is the step's; this walk only says it left it alone.
          listener.message(held.get().line() + "; not run");
          continue;
        }
        StepResult r;
        try {
          r = execute(placed, step.confirm() ? joinNotes(note.get(), CONFIRMED_BY_YES) : note.get(), asked);
        } finally {
          claims.release(placed);
        }
        if (r.status() == Status.INTERRUPTED) {
          return end(false, true);
        }
      }
      if (interruption.requested()) {
        return end(false, true);
      }
    }
    return end(false, false);
  }

  /**
   * Where the interactive walk goes after an answer: the same step again, the next, the previous
   * one shown, or the end (by a quit, or by a signal).
   */
  private enum Move {
    STAY, NEXT, BACK, QUIT, SIGNALLED
  }

  /**
   * Walks with the operator: for each step shows it and asks run / done / skip / failed / note /
   * back / quit. Ctrl-C during a command stops the command, not the session; Ctrl-C at a prompt
   * asks whether to quit. Ctrl-D at a note or a reason cancels that action; quit asks first unless
   * the input really ended, which quits wherever it is found. SIGTERM ends the walk at the next
   * answer.
   */
  public Session walkInteractive(Prompter prompter) {
    int i = 0;
    // A step an unattended walk left to a person (manual, by maint) waits for one: here is one.
    while (i < steps.size() && done(steps.get(i).step()) && !leftToAPerson(steps.get(i).step())) {
      i++;
    }
    int windowChecked = -1;
    int evidenceOf = -1;
    Map<String, Object> shown = Map.of();
    while (i < steps.size()) {
      if (interruption.terminating()) {
        // SIGTERM, SIGHUP or the terminal gone while an answer was recorded: nothing more is
        // shown, run or asked (not even a manual step's evidence command).
        return end(false, true);
      }
      Cadence.PlacedStep placed = steps.get(i);
      Step step = placed.step();
      if (skippedByCondition(placed, i)) {
        i++;
        continue;
      }
      listener.stepShown(
          placed, i + 1, steps.size(), session.result(step.id()), redactor.redact(runner.describe(step.action())));
      if (i != windowChecked) {
        Optional<String> note = windowCheck(placed, Optional.of(prompter));
        if (note.isEmpty()) {
          i++;
          continue;
        }
        windowChecked = i;
        if (!note.get().isEmpty()) {
          addPendingNote(step.id(), note.get());
        }
      }
      if (i != evidenceOf) {
        shown = show(placed);
        evidenceOf = i;
      }
      Set<Choice> allowed = EnumSet.allOf(Choice.class);
      if (!step.automated()) {
        allowed.remove(Choice.RUN);
      }
      if (step.required()) {
        allowed.remove(Choice.SKIP);
      }
      if (i == 0) {
        allowed.remove(Choice.BACK);
      }
      Answer answer = prompter.choose(allowed);
      Move move;
      switch (answer.kind()) {
        case CHOSEN -> move = act(answer.choice(), prompter, placed, shown);
        case INTERRUPTED -> {
          interruption.clear();
          // Ctrl-C at the menu asks whether to quit; SIGTERM does not ask.
          move = interruption.terminating() ? Move.SIGNALLED : quit(prompter);
        }
        case END_OF_INPUT -> move = inputEnded();
        default -> throw new IllegalStateException("not an answer to the step menu: " + answer);
      }
      switch (move) {
        case STAY -> { }
        case NEXT -> i++;
        case BACK -> i = previousShown(i);
        case QUIT -> {
          return end(true, false);
        }
        case SIGNALLED -> {
          return end(false, true);
        }
      }
    }
    return end(false, false);
  }

  /** Carries out the operator's choice for the step. */
  private Move act(Choice choice, Prompter prompter, Cadence.PlacedStep placed, Map<String, Object> shown) {
    Step step = placed.step();
    switch (choice) {
      case RUN -> {
        if (step.confirm() && !options.yes()) {
          Answer go = prompter.confirm("This command changes things. Run it now? [y/N]");
          if (go.kind() != Answer.Kind.YES) {
            return go.kind() == Answer.Kind.NO ? notRun() : unanswered(go);
          }
        }
        Answer asked = ask(prompter, step);
        if (asked.kind() != Answer.Kind.TEXT) {
          return unanswered(asked);
        }
        Optional<StepClaims.Refusal> held = claims.claim(placed);
        if (held.isPresent()) {
          // The menu comes back: the operator may answer the step by hand, skip it or go back.
          listener.message(held.get().line() + (held.get().answered()
              ? "; not started: that answer stands. Choose another action."
              : "; not started. Choose another action, or run it again later."));
          return Move.STAY;
        }
        StepResult r;
        try {
          r = execute(placed, step.confirm() && options.yes() ? CONFIRMED_BY_YES : "", fact(step, asked));
        } finally {
          claims.release(placed);
        }
        if (interruption.terminating()) {
          // SIGTERM or SIGHUP while the command ran: recorded as it ended, the walk ends now.
          return Move.SIGNALLED;
        }
        if (r.status() == Status.INTERRUPTED) {
          listener.message("Command stopped. Run it again, or choose another action.");
          return Move.STAY;
        }
        return Move.NEXT;
      }
      case DONE -> {
        Answer asked = ask(prompter, step);
        if (asked.kind() != Answer.Kind.TEXT) {
          return unanswered(asked);
        }
        record(placed, Status.PASS, "done by operator", "", session.walkedBy(), clock.instant(), shown, Duration.ZERO,
            fact(step, asked));
        return Move.NEXT;
      }
      case SKIP -> {
        Answer reason = reason(prompter, "Reason for skipping: ");
        if (reason.kind() != Answer.Kind.TEXT) {
          return unanswered(reason);
        }
        String why = reason.line();
        record(placed, Status.SKIPPED, why.isEmpty() ? "skipped by operator" : "skipped: " + why,
            "", session.walkedBy(), clock.instant(), shown);
        return Move.NEXT;
      }
      case FAIL -> {
        Answer reason = reason(prompter, "What failed? ");
        if (reason.kind() != Answer.Kind.TEXT) {
          return unanswered(reason);
        }
        String why = reason.line();
        record(placed, Status.FAIL, why.isEmpty() ? "marked failed by operator" : "failed: " + why,
            "", session.walkedBy(), clock.instant(), shown);
        return Move.NEXT;
      }
      case NOTE -> {
        Answer given = prompter.ask("Note: ");
        if (given.kind() != Answer.Kind.TEXT) {
          return unanswered(given);
        }
        note(step, given.line().strip());
        return Move.STAY;
      }
      case BACK -> {
        return Move.BACK;
      }
      case QUIT -> {
        return quit(prompter);
      }
    }
    throw new IllegalStateException("unknown choice " + choice);
  }

  private Move notRun() {
    listener.message("Not run.");
    return Move.STAY;
  }

  /** Adds the operator's note to the step's result, or to the note that waits for its answer; empty clears it. */
  private void note(Step step, String note) {
    Optional<StepResult> answered = session.result(step.id());
    if (answered.isPresent()) {
      StepResult noted = redactor.redact(
          answered.get().withNote(note.isEmpty() ? "" : joinNotes(answered.get().note(), note)));
      session.record(noted);
    } else if (note.isEmpty()) {
      session.pendingNote(step.id(), "");
    } else {
      addPendingNote(step.id(), note);
    }
    listener.noted(step.id());
    listener.message(note.isEmpty() ? "Note cleared." : "Note added.");
  }

  /**
   * Asks whether to quit, naming the notes that wait in the session for a resume. Ctrl-C at the
   * question is a second Ctrl-C: the operator wants out; so does the end of the input.
   */
  private Move quit(Prompter prompter) {
    Set<String> waiting = session.pendingNotes().keySet();
    String waitingNotes = waiting.isEmpty() ? ""
        : " Notes on steps without an answer (" + String.join(", ", waiting)
            + ") wait in the session for a resume; they are not logged.";
    Answer sure = prompter.confirm("Quit now? What is recorded so far is kept and logged." + waitingNotes + " [y/N]");
    switch (sure.kind()) {
      case YES -> {
        return Move.QUIT;
      }
      case END_OF_INPUT -> {
        return inputEnded();
      }
      case INTERRUPTED -> {
        interruption.clear();
        return interruption.terminating() ? Move.SIGNALLED : Move.QUIT;
      }
      default -> {
        return Move.STAY;
      }
    }
  }

  /**
   * What an answer other than the one asked for means for the step's action: it is not taken.
   * Ctrl-C and Ctrl-D cancel it (SIGTERM ends the walk); the end of the input quits.
   */
  private Move unanswered(Answer answer) {
    switch (answer.kind()) {
      case INTERRUPTED -> {
        interruption.clear();
        if (interruption.terminating()) {
          return Move.SIGNALLED;
        }
        listener.message("Cancelled.");
        return Move.STAY;
      }
      case CANCELLED -> {
        listener.message("Cancelled.");
        return Move.STAY;
      }
      case END_OF_INPUT -> {
        return inputEnded();
      }
      // No acceptable answer after three asks: the walk has said so.
      default -> {
        return Move.STAY;
      }
    }
  }

  /**
   * Where the end of the input takes the walk: out without asking, as a quit; as a hang-up (by a
   * signal, exit code 130) when the prompter found the terminal gone or a signal came meanwhile.
   */
  private Move inputEnded() {
    return interruption.terminating() ? Move.SIGNALLED : Move.QUIT;
  }

  /**
   * Checks the step against its maintenance window. Outside it, the step goes ahead when {@code
   * --outside-window} allowed it or the operator confirms; otherwise it is recorded {@code
   * skipped} with the window as the reason.
   *
   * @param prompter asks the operator; empty in unattended walks
   * @return the note to record with the step when it goes ahead (empty inside its window); empty
   *     when the step was held back and recorded
   */
  private Optional<String> windowCheck(Cadence.PlacedStep placed, Optional<Prompter> prompter) {
    Optional<WindowGate.Outside> outside = windows.check(placed.step(), session.environment(), clock.instant());
    if (outside.isEmpty()) {
      return Optional.of("");
    }
    WindowGate.Outside o = outside.get();
    listener.message(o.warning());
    String note = "outside maintenance window " + o.window() + ": ";
    if (o.allowed()) {
      return Optional.of(note + "allowed by --outside-window");
    }
    if (prompter.isPresent() && confirmOutside(prompter.get())) {
      return Optional.of(note + "confirmed by operator");
    }
    if (prompter.isPresent() && interruption.terminating()) {
      // The question was cancelled by the walk's end, not answered no: the step is left unanswered.
      return Optional.empty();
    }
    record(placed, Status.SKIPPED, prompter.isPresent() ? o.reason() : o.reason() + "; --outside-window allows it",
        "", prompter.isPresent() ? session.walkedBy() : MAINT, clock.instant(), Map.of());
    return Optional.empty();
  }

  /** Whether the operator does the step outside its window; Ctrl-C and the end of the input are no. */
  private boolean confirmOutside(Prompter prompter) {
    Answer answer = prompter.confirm("Do this step outside its window anyway? [y/N]");
    if (answer.kind() == Answer.Kind.INTERRUPTED) {
      interruption.clear();
    }
    return answer.kind() == Answer.Kind.YES;
  }

  /**
   * Asks for a reason, stripped. When reasons are required and none was given after three asks,
   * says so and answers {@link Answer#NO} (the action is then not taken); any answer but text ends
   * the asking as it is.
   */
  private Answer reason(Prompter prompter, String question) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Answer answer = prompter.ask(question);
      if (answer.kind() != Answer.Kind.TEXT) {
        return answer;
      }
      String reason = answer.line().strip();
      if (!reason.isEmpty() || !options.requireReasons()) {
        return new Answer.Text(reason);
      }
      listener.message("A reason is required for the audit trail (run with --no-reason to allow none).");
    }
    listener.message("No reason given: nothing recorded.");
    return Answer.NO;
  }

  /**
   * Whether a dry run carries the step out: probes (http, tls, cert) and commands marked {@code
   * readonly}, unless they ask for confirmation.
   */
  public static boolean runsInDryRun(Step step) {
    if (!step.automated() || step.confirm()) {
      return false;
    }
    return !(step.action() instanceof Action.Run) || step.readonly();
  }

  private int previousShown(int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (holds(steps.get(j).step().when())) {
        return j;
      }
    }
    return i;
  }

  /** Records a step whose condition does not hold as skipped, under its own header. */
  private boolean skippedByCondition(Cadence.PlacedStep placed, int index) {
    When when = placed.step().when();
    if (holds(when)) {
      return false;
    }
    listener.stepShown(placed, index + 1, steps.size(), Optional.empty(), "");
    String why = when.describe();
    if (when.fact().isPresent()) {
      String name = when.fact().get().name();
      why += facts().containsKey(name) ? "; fact " + name + " is " + facts().get(name)
          : "; fact " + name + " was never captured";
    }
    record(placed, Status.SKIPPED, "condition not met (" + why + ")", "", MAINT, clock.instant(), Map.of());
    return true;
  }

  /**
   * The facts of the session so far: every result's, a later answer replacing an earlier one of
   * the same name.
   */
  private Map<String, String> facts() {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    session.results().forEach(r -> all.putAll(r.facts()));
    return all;
  }

  /**
   * Asks the step's {@code ask:} question, if any, until the answer matches its pattern (Enter
   * takes the default).
   *
   * @return the answer as {@link Answer.Text}, redacted (empty when the step asks nothing; see
   *     {@link #fact}); {@link Answer#NO} when no acceptable answer came after three asks; any
   *     other answer as given
   */
  private Answer ask(Prompter prompter, Step step) {
    if (step.ask().isEmpty()) {
      return new Answer.Text("");
    }
    Step.Ask a = step.ask().get();
    for (int attempt = 0; attempt < 3; attempt++) {
      Answer given = prompter.ask(a.prompt() + a.defaultValue().map(d -> " [" + d + "]").orElse("") + ": ");
      if (given.kind() != Answer.Kind.TEXT) {
        return given;
      }
      String answer = given.line().strip();
      if (answer.isEmpty() && a.defaultValue().isPresent()) {
        answer = a.defaultValue().get();
      }
      if (answer.isEmpty()) {
        listener.message("An answer is required (" + a.fact() + ").");
      } else if (a.pattern().isPresent() && !answer.matches(a.pattern().get())) {
        listener.message("'" + answer + "' does not match /" + a.pattern().get() + "/.");
      } else {
        return new Answer.Text(redactor.redact(answer));
      }
    }
    listener.message("No acceptable answer: nothing recorded.");
    return Answer.NO;
  }

  /** The fact the step's {@code ask:} question captured from {@code answer}: empty when it asks nothing. */
  private static Map<String, String> fact(Step step, Answer answer) {
    return step.ask().map(a -> Map.of(a.fact(), answer.line())).orElse(Map.of());
  }

  /**
   * Runs a manual step's {@code show:} command, streaming its output like a command's, and returns
   * what was seen as evidence ({@code show}: command, exit code, verdict, output head and tail);
   * empty when the step shows nothing.
   */
  private Map<String, Object> show(Cadence.PlacedStep placed) {
    Optional<dev.maint.runbook.Action.Run> show = placed.step().show();
    if (show.isEmpty()) {
      return Map.of();
    }
    listener.message("Evidence: " + redactor.redact(runner.describe(show.get())));
    ShellProbe.OutputListener output = (line, stderr) -> listener.output(redactor.redact(line), stderr);
    ProbeResult result = runner.run(show.get(), output, interruption::requested);
    usedUp();
    Map<String, Object> seen = new java.util.LinkedHashMap<>(result.details());
    seen.put("verdict", result.verdict().name().toLowerCase(java.util.Locale.ROOT));
    seen.put("reason", result.reason());
    return Map.of("show", seen);
  }

  private boolean holds(When when) {
    if (!when.months().isEmpty()
        && !when.months().contains(session.started().atZone(zone).getMonthValue())) {
      return false;
    }
    if (!when.environments().isEmpty() && !when.environments().contains(session.environment())) {
      return false;
    }
    if (when.fact().isPresent() && !when.fact().get().test(Optional.ofNullable(facts().get(when.fact().get().name())))) {
      return false;
    }
    if (!when.steps().isEmpty()) {
      Set<String> seen = new LinkedHashSet<>();
      for (String id : when.steps()) {
        session.result(id).ifPresent(r -> seen.add(r.status().label()));
      }
      seen.retainAll(when.statuses());
      return !seen.isEmpty();
    }
    return true;
  }

  private StepResult execute(Cadence.PlacedStep placed, String note, Map<String, String> asked) {
    Instant start = clock.instant();
    listener.stepStarted(placed);
    long t0 = System.nanoTime();
    ShellProbe.OutputListener output = new ShellProbe.OutputListener() {
      @Override
      public void line(String line, boolean stderr) {
        listener.output(redactor.redact(line), stderr);
      }

      @Override
      public void started(ProcessHandle command) {
        listener.commandStarted(placed, command);
      }
    };
    ProbeResult result = runner.run(placed.step().action(), output, interruption::requested);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    Status status = outcome(result, interruption.requested());
    usedUp();
    Map<String, Object> evidence = new java.util.LinkedHashMap<>(result.details());
    Map<String, String> facts = new java.util.LinkedHashMap<>(asked);
    if (evidence.remove(ShellProbe.FACTS) instanceof Map<?, ?> captured) {
      captured.forEach((k, v) -> facts.put(String.valueOf(k), String.valueOf(v)));
    }
    return record(placed, status, result.reason(), note, MAINT, start, evidence, took, facts);
  }

  /**
   * The status of a command's result. A command stopped by the walk is {@code interrupted}. One
   * that ended on its own while a stop was asked for (the signal came as it ended, or reached the
   * command too, as Ctrl-C reaches the terminal's whole foreground group) keeps its own result
   * when that is a pass or a warning: it did its work, and a resume must not run it again. Any
   * other result then is {@code interrupted}, since the stop may be what made it fail, and the
   * step is offered again.
   *
   * @param stopAsked whether a stop was asked for while the command ran
   */
  static Status outcome(ProbeResult result, boolean stopAsked) {
    Status own = Status.of(result.verdict());
    if (result.interrupted() || (stopAsked && own != Status.PASS && own != Status.WARN)) {
      return Status.INTERRUPTED;
    }
    return own;
  }

  /**
   * After a command: a Ctrl-C meant for it is used up, also when it came as the command ended;
   * a request to end the run (SIGTERM, SIGHUP, the terminal gone) stays for the walk to end on.
   */
  private void usedUp() {
    if (!interruption.terminating()) {
      interruption.clear();
    }
  }

  private StepResult record(
      Cadence.PlacedStep placed, Status status, String reason, String note, String by, Instant at,
      Map<String, Object> evidence) {
    return record(placed, status, reason, note, by, at, evidence, Duration.ZERO, Map.of());
  }

  /**
   * Records a step's outcome with its notes: those of its earlier result, then the note that waited
   * for this answer, then {@code note}.
   */
  private StepResult record(
      Cadence.PlacedStep placed, Status status, String reason, String note, String by, Instant at,
      Map<String, Object> evidence, Duration took, Map<String, String> facts) {
    String id = placed.step().id();
    String given = joinNotes(session.pendingNote(id), note);
    session.pendingNote(id, "");
    // Answering a step again (re-run, done after back, resume) replaces its outcome, never its notes.
    String notes = session.result(id).map(earlier -> joinNotes(earlier.note(), given)).orElse(given);
    StepResult r = redactor.redact(StepResult.builder(id, status, reason).note(notes).by(by).started(at)
        .duration(took).evidence(evidence).facts(facts).build());
    session.record(r);
    listener.stepRecorded(placed, r, redactor.redact(runner.target(placed.step().action())));
    return r;
  }

  /**
   * Adds a note to those waiting for a step's answer: held by the session, so the next save (at
   * once, or when the step starts) keeps them should {@code maint} die before the answer.
   */
  private void addPendingNote(String stepId, String note) {
    session.pendingNote(stepId, redactor.redact(joinNotes(session.pendingNote(stepId), note)));
  }

  /** Notes of one step as one line, {@code "; "} between them, each note once and in the order given. */
  static String joinNotes(String earlier, String later) {
    if (earlier.isEmpty() || List.of(earlier.split("; ")).contains(later)) {
      return earlier.isEmpty() ? later : earlier;
    }
    return later.isEmpty() ? earlier : earlier + "; " + later;
  }

  private Session end(boolean byQuit, boolean bySignal) {
    session.end(clock.instant(), byQuit, bySignal);
    return session;
  }
}
