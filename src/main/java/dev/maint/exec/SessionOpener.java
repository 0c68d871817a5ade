package dev.maint.exec;

import dev.maint.MaintException;
import dev.maint.probe.ShellProbe;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.text.LocalMinute;
import dev.maint.text.OneLine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides which session a walk continues: a new one, or the unfinished one of the same runbook,
 * cadence and repository. A resumed session keeps its id, start date, environment and {@code
 * --set} values; steps are matched by id, so a runbook changed meanwhile keeps what still exists.
 */
public final class SessionOpener {
  /** How the operator asked to treat an unfinished session. */
  public enum Mode {
    /** Ask (interactive) or refuse (unattended). */
    ASK,
    /** {@code --resume}. */
    RESUME,
    /** {@code --restart}: abandon it. */
    RESTART;

    /** The mode {@code --resume} and {@code --restart} ask for (at most one of them is given). */
    public static Mode of(boolean resume, boolean restart) {
      return resume ? RESUME : restart ? RESTART : ASK;
    }
  }

  /**
   * Who and what a new session is about.
   *
   * @param runbook the runbook
   * @param cadence the cadence id
   * @param order the step ids of the walk, in order
   * @param cadenceSteps the step ids of the whole cadence as the runbook has them, selected or not
   * @param environment the selected environment
   * @param operator {@code Name <mail>}
   * @param repo the repository the log entry goes to
   * @param settings digest of the {@code --set} values, see {@link SessionStore.StoredSession#settings}
   * @param now the start time of a new session
   * @param lightSteps the step ids of the cadence's light cycle, in walking order
   * @param full {@code --full}: every section is walked even in a light cycle
   * @param start how this walk was started, kept with a new session (and with a resumed one saved
   *     before maint kept it)
   */
  public record Request(
      Runbook runbook, String cadence, List<String> order, List<String> cadenceSteps, String environment,
      String operator, Path repo, String settings, Instant now, List<String> lightSteps, boolean full, Start start) {
    public Request {
      order = List.copyOf(order);
      cadenceSteps = List.copyOf(cadenceSteps);
      lightSteps = List.copyOf(lightSteps);
    }

    /**
     * The cycle of a session that begins at {@code start}: light when the runbook's calendar makes
     * that month light for the cadence. {@code --full} walks more of a light cycle; it does not
     * change which cycle the run belongs to.
     */
    public Cycle cycleAt(Instant start) {
      int month = start.atZone(runbook.timezone()).getMonthValue();
      return runbook.lightCycle(cadence, month) ? Cycle.LIGHT : Cycle.FULL;
    }

    /** The selected steps walked in {@code cycle}, in walking order: a light cycle's only, unless {@code --full}. */
    public List<String> inCycle(Cycle cycle) {
      return cycle == Cycle.FULL || full ? order : order.stream().filter(lightSteps::contains).toList();
    }

    /**
     * The request to walk {@code steps} of {@code cadence}.
     *
     * @param steps the selected steps, in walking order
     * @param operator as {@link #operator()}
     * @param settings as {@link #settings()}
     * @param start as {@link #start()}
     */
    public static Request of(Runbook runbook, Cadence cadence, List<Cadence.PlacedStep> steps, String environment,
        String operator, Path repo, String settings, Instant now, Start start) {
      return new Request(runbook, cadence.id(), steps.stream().map(p -> p.step().id()).toList(),
          cadence.steps().stream().map(p -> p.step().id()).toList(), environment, operator, repo, settings, now,
          cadence.lightSteps().stream().map(p -> p.step().id()).toList(), start.full(), start);
    }
  }

  /**
   * The session, and what to tell the operator about it (resumed, runbook changed).
   *
   * @param session the session to walk
   * @param messages lines for the operator, possibly none
   * @param abandoned the id of the unfinished session abandoned to start this one ({@code --restart},
   *     or declined), if any
   */
  public record Opened(Session session, List<String> messages, Optional<String> abandoned) {
    public Opened {
      messages = List.copyOf(messages);
    }

    /** Opened without abandoning anything. */
    public Opened(Session session, List<String> messages) {
      this(session, messages, Optional.empty());
    }
  }

  private SessionOpener() {}

  /**
   * A new session, never saved: for dry runs and for the start of a walk. Its cycle is decided
   * now, from its start, and kept for the rest of its life.
   *
   * @throws MaintException (exit 2) when no selected step is in its cycle
   */
  public static Session fresh(Request r) {
    Cycle cycle = r.cycleAt(r.now());
    Session session = new Session(UUID.randomUUID().toString().substring(0, 8), r.runbook().id(),
        r.runbook().version(), r.runbook().sha256(), r.runbook().timezone(), r.cadence(), r.environment(),
        r.operator(), r.now(), selected(r, cycle), r.cadenceSteps(), cycle);
    session.start(r.start());
    return session;
  }

  /**
   * Whether the operator said yes; the end of the input is no.
   *
   * @throws MaintException (exit 130) on Ctrl-C: the command ends before the walk began
   */
  private static boolean yes(Answer answer) {
    if (answer.kind() == Answer.Kind.INTERRUPTED) {
      throw Prompter.interruptedBeforeWalk();
    }
    return answer.kind() == Answer.Kind.YES;
  }

  private static List<String> selected(Request r, Cycle cycle) {
    List<String> order = r.inCycle(cycle);
    if (order.isEmpty()) {
      throw MaintException.usage("no step of " + r.cadence() + " is selected: check --only, --skip and --start-at");
    }
    return order;
  }

  /**
   * Opens the session to walk.
   *
   * @param prompter asks whether to resume under {@link Mode#ASK}; empty in unattended runs
   * @throws MaintException (exit 2) when an unfinished session exists and an unattended run did
   *     not say what to do with it, when {@code --resume} finds none, or when the session was
   *     begun in another environment or with other {@code --set} values
   * @throws MaintException (exit 130, {@link Prompter#interruptedBeforeWalk()}) on Ctrl-C at the question
   */
  public static Opened open(SessionStore store, Request r, Mode mode, Optional<Prompter> prompter) {
    return open(store, r, mode, prompter, s -> false);
  }

  /**
   * As {@link #open(SessionStore, Request, Mode, Optional)}; a session with nothing recorded yet
   * that {@code walkedNow} accepts (a run another operator walks now) is found too.
   */
  public static Opened open(SessionStore store, Request r, Mode mode, Optional<Prompter> prompter,
      java.util.function.Predicate<SessionStore.StoredSession> walkedNow) {
    return open(store, r, mode, prompter, walkedNow, Optional.empty());
  }

  /**
   * As {@link #open(SessionStore, Request, Mode, Optional, java.util.function.Predicate)}; under
   * {@link Mode#RESUME} with {@code chosen}, the unfinished session of that id is resumed, the one
   * the operator chose among several ({@code --session ID}, or the question), rather than the newest.
   */
  public static Opened open(SessionStore store, Request r, Mode mode, Optional<Prompter> prompter,
      java.util.function.Predicate<SessionStore.StoredSession> walkedNow, Optional<String> chosen) {
    // Each reads the state folder: the one chosen by id, else all this walk could offer (newest first).
    boolean byId = mode == Mode.RESUME && chosen.isPresent();
    List<SessionStore.StoredSession> all =
        byId ? List.of() : store.allOpen(r.runbook().id(), r.cadence(), r.repo(), walkedNow);
    Optional<SessionStore.StoredSession> open = byId
        ? store.read(chosen.get()).filter(s -> s.state().equals("open"))
        : all.stream().findFirst();
    // Only the damaged files that may be this walk's session stop it (those whose cadence or
    // repository cannot be read may be anyone's); another cadence's or repository's waits for its own walk.
    List<SessionStore.Damaged> damaged = store.damaged().stream()
        .filter(d -> d.mayBelongTo(r.cadence(), r.repo())).toList();
    if (open.isEmpty() && !damaged.isEmpty() && mode != Mode.RESTART) {
      // A damaged file may be this cadence's session with steps already done: never re-run them blindly.
      SessionStore.Damaged first = damaged.get(0);
      // Escaped: the reason may quote the file, and the file is anyone's text.
      String which = "damaged session file " + OneLine.escape(first.file().toString()) + " ("
          + OneLine.escape(first.reason()) + "; " + OneLine.escape(first.scope()) + ")"
          + (damaged.size() > 1 ? " and " + (damaged.size() - 1) + " more" : "")
          + " may hold steps already done";
      if (prompter.isEmpty() || mode == Mode.RESUME
          || !yes(prompter.get().confirm("A " + which + ". Start a new session anyway? [y/N]", false))) {
        throw MaintException.usage("a " + which + ": look at it (maint sessions lists it; it is kept where it is),"
            + " then start over with --restart");
      }
    }
    List<String> setAside = new ArrayList<>();
    if (open.isEmpty() && !damaged.isEmpty()) {
      store.acknowledgeDamaged(damaged).forEach(kept -> setAside.add("The damaged session file is kept as "
          + OneLine.escape(kept.toString())
          + "; this walk starts a new session."));
    }
    if (open.isEmpty()) {
      if (mode == Mode.RESUME) {
        throw MaintException.usage("no unfinished " + r.cadence() + " session to resume for " + r.repo());
      }
      return new Opened(fresh(r), setAside);
    }
    SessionStore.StoredSession found = open.get();
    String what = "unfinished " + r.cadence() + " session " + found.id() + " started "
        + LocalMinute.of(Instant.parse(found.started()), r.runbook().timezone()) + " by "
        + OneLine.escape(found.operator())
        + " (" + recordedOf(found) + ")";
    boolean resuming = mode == Mode.RESUME;
    if (mode == Mode.ASK) {
      if (prompter.isEmpty()) {
        throw MaintException.usage("there is an " + what + ": pass --resume to continue it or --restart to start over");
      }
      // The question offers the newest; the others are not hidden from the operator.
      String others = all.size() > 1 ? ", the newest of " + all.size() + " (--resume asks which)" : "";
      resuming = yes(prompter.get().confirm("Resume the " + what + others + "? [Y/n]", true))
          || !yes(prompter.get().confirm("Abandon it and start over? [y/N]"));
    }
    List<String> messages = new ArrayList<>();
    // Whether resumed or abandoned, the step may run again now: a copy left running would race it.
    stopLeftRunning(found).ifPresent(messages::add);
    if (!resuming) {
      store.abandon(found);
      return new Opened(fresh(r), messages, Optional.of(found.id()));
    }
    if (!found.environment().equals(r.environment())) {
      throw MaintException.usage("session " + found.id() + " runs in environment '"
          + OneLine.escape(found.environment()) + "': resume it with --env " + OneLine.escape(found.environment())
          + ", or start over with --restart");
    }
    if (found.settings() != null && !found.settings().equals(r.settings())) {
      throw MaintException.usage("session " + found.id() + " began with other --set values: repeat them to"
          + " resume it, or start over with --restart");
    }
    if (!found.runbookSha256().equals(r.runbook().sha256())) {
      messages.add("The runbook changed since this session began; steps are matched by id.");
      // Against the whole cadence: a step left out by --skip or --only is not removed from the runbook.
      List<String> before = found.order() == null ? List.of() : found.order();
      List<String> added = r.cadenceSteps().stream().filter(id -> !before.contains(id)).toList();
      List<String> removed = before.stream().filter(id -> !r.cadenceSteps().contains(id)).toList();
      if (!added.isEmpty()) {
        messages.add("  added: " + String.join(", ", added));
      }
      if (!removed.isEmpty()) {
        messages.add("  removed (results kept in the session file): "
            + OneLine.escape(String.join(", ", removed)));
      }
    }
    List<String> recorded = new ArrayList<>(found.steps().stream().map(SessionStore.StoredStep::id).toList());
    if (found.running() != null && !recorded.contains(found.running())) {
      recorded.add(found.running());
    }
    // The cycle the session began with, not this month's: a November walk resumed in December is
    // still November's. A file from before maint kept it gets the cycle of its start month.
    Cycle cycle = Cycle.of(found.cycle()).orElseGet(() -> r.cycleAt(Instant.parse(found.started())));
    List<String> selected = selected(r, cycle);
    List<String> kept = recorded.stream()
        .filter(id -> !selected.contains(id) && r.cadenceSteps().contains(id)).toList();
    if (!kept.isEmpty()) {
      messages.add("Not selected this time (earlier results kept, shown and counted): " + String.join(", ", kept));
    }
    messages.add("Resuming session " + found.id() + ".");
    Session resumed = SessionStore.restore(found, walkOrder(r, cycle, recorded), r.cadenceSteps(),
        r.runbook().sha256(), r.runbook().timezone(), cycle);
    if (resumed.start().isEmpty()) {
      resumed.start(r.start());
    }
    return new Opened(resumed, messages);
  }

  /**
   * How much of a saved session is recorded, out of its own steps (which another selection now does
   * not change): {@code 1 of 4 steps recorded}; a file from before maint kept them gives the count
   * alone.
   */
  private static String recordedOf(SessionStore.StoredSession found) {
    int recorded = found.steps().size();
    if (found.walk() == null) {
      return recorded + (recorded == 1 ? " step" : " steps") + " recorded";
    }
    return recorded + " of " + found.walk().size() + " steps recorded";
  }

  /**
   * The resumed walk's steps: those selected now and those with an earlier result, in the
   * runbook's order; then results of steps the runbook no longer has, so that no result is lost.
   */
  private static List<String> walkOrder(Request r, Cycle cycle, List<String> recorded) {
    List<String> selected = r.inCycle(cycle);
    List<String> order = new ArrayList<>(r.cadenceSteps().stream()
        .filter(id -> selected.contains(id) || recorded.contains(id)).toList());
    recorded.stream().filter(id -> !order.contains(id)).forEach(order::add);
    return order;
  }

  /** How far apart two readings of one process's start time may be (the boot time is rounded to seconds). */
  private static final Duration SAME_START = Duration.ofSeconds(1);

  /**
   * Stops the process tree of the command that was running when the maint walking {@code found}
   * was killed, if that process still runs. A process is taken for it only when both its id and
   * its start time match, so a process that later got the same id is left alone.
   *
   * @return what to tell the operator, when a command was stopped
   */
  private static Optional<String> stopLeftRunning(SessionStore.StoredSession found) {
    if (found.running() == null || found.runningPid() == null || found.runningSince() == null) {
      return Optional.empty();
    }
    Instant since = Instant.parse(found.runningSince());
    Optional<ProcessHandle> left = ProcessHandle.of(found.runningPid())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().startInstant()
            .map(s -> Duration.between(s, since).abs().compareTo(SAME_START) <= 0).orElse(false));
    if (left.isEmpty()) {
      return Optional.empty();
    }
    ShellProbe.killTree(left.get());
    return Optional.of("The command of step " + OneLine.escape(found.running())
        + " from the killed run is still running as pid "
        + found.runningPid() + "; stopping it.");
  }
}
