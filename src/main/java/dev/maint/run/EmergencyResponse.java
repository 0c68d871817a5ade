package dev.maint.run;

import dev.maint.MaintException;
import dev.maint.exec.Answer;
import dev.maint.exec.Prompter;
import dev.maint.exec.Session;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Deadline;
import dev.maint.schedule.Windows;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The walk of one emergency's response ({@code maint emergency TRIGGER}) as a {@link Procedure}:
 * its steps as a cadence, and its deadline (start + SLA; for SLA {@code provider}, the provider's
 * deadline given with {@code --deadline} or asked of the operator). A resumed response keeps the
 * deadline it began with unless {@code --deadline} moves a provider's.
 */
public final class EmergencyResponse implements Procedure {
  /** How many times an interactive walk asks for a provider's deadline before giving up. */
  static final int ASKS = 3;

  private final String trigger;
  private final Optional<LocalDateTime> given;
  private final boolean givenOnly;
  private final Consumer<String> say;

  /**
   * The response to {@code trigger}.
   *
   * @param trigger the emergency's id, e.g. {@code critical-cve}
   * @param given {@code --deadline}, in the runbook's time zone, if given
   * @param givenOnly whether a new response's provider deadline can only come from {@code given}
   *     (an unattended walk that resumes nothing: no one is there to ask)
   * @param say receives the lines that tell the operator about a kept or moved deadline
   */
  public EmergencyResponse(String trigger, Optional<LocalDateTime> given, boolean givenOnly, Consumer<String> say) {
    this.trigger = trigger;
    this.given = given;
    this.givenOnly = givenOnly;
    this.say = say;
  }

  /**
   * The runbook's emergency {@code trigger}.
   *
   * @throws MaintException (usage) when the runbook has none of that id, naming those it has
   */
  public static Reference.Emergency emergency(Runbook runbook, String trigger) {
    return runbook.emergencies().stream().filter(e -> e.id().equals(trigger)).findFirst().orElseThrow(() ->
        MaintException.usage("no emergency '" + trigger + "' (have: "
            + String.join(", ", runbook.emergencies().stream().map(Reference.Emergency::id).toList()) + ")"));
  }

  /**
   * {@inheritDoc}
   *
   * @throws MaintException (usage) for an unknown trigger, a {@code --deadline} for an SLA that is
   *     not the provider's, or a provider's deadline missing where it cannot be asked
   */
  @Override
  public Cadence cadence(Runbook runbook) {
    Reference.Emergency e = emergency(runbook, trigger);
    if (given.isPresent() && !Deadline.givenByProvider(e)) {
      throw MaintException.usage(e.id() + " has an SLA of " + e.sla() + ": --deadline is only for SLA 'provider'");
    }
    // A resumed response has its deadline in the session; only a new one needs it given.
    if (given.isEmpty() && Deadline.givenByProvider(e) && givenOnly) {
      throw missing(e);
    }
    return e.asCadence();
  }

  @Override
  public String command() {
    return "emergency " + trigger;
  }

  @Override
  public Optional<Deadline> deadline(Runbook runbook, Session session, Optional<Prompter> prompter) {
    Reference.Emergency e = emergency(runbook, trigger);
    if (given.isPresent()) {
      Instant at = given.get().atZone(runbook.timezone()).toInstant();
      session.deadline().filter(kept -> !kept.equals(at)).ifPresent(kept -> say.accept(
          "The provider's deadline moves from " + local(kept, runbook) + " to " + local(at, runbook) + "."));
      return Optional.of(Deadline.of(e, session.started(), Optional.of(at)));
    }
    if (session.deadline().isPresent()) {
      // A resumed response keeps the deadline it began with, whatever the runbook's SLA says now.
      Instant kept = session.deadline().get();
      if (Deadline.givenByProvider(e)) {
        say.accept("The provider's deadline, as given when the response began: " + local(kept, runbook)
            + " (--deadline changes it).");
      }
      return Optional.of(new Deadline(e.id(), e.trigger(), e.sla(), kept));
    }
    Optional<Instant> asked = Optional.empty();
    if (Deadline.givenByProvider(e)) {
      // Unattended, only a session saved before maint kept deadlines gets here without one.
      asked = Optional.of(ask(prompter.orElseThrow(() -> missing(e)), runbook.timezone()));
    }
    return Optional.of(Deadline.of(e, session.started(), asked));
  }

  /**
   * Asks the operator for the provider's deadline ({@code YYYY-MM-DDTHH:MM} in {@code zone}), up
   * to {@value #ASKS} times while the answer is not such a time.
   *
   * @return the deadline
   * @throws MaintException (usage) when no valid deadline is given: three wrong answers, Ctrl-D or
   *     the end of the input
   * @throws MaintException (exit 130, {@link Prompter#interruptedBeforeWalk()}) on Ctrl-C
   */
  static Instant ask(Prompter prompter, ZoneId zone) {
    for (int attempt = 0; attempt < ASKS; attempt++) {
      Answer answer = prompter.ask("The provider's deadline (YYYY-MM-DDTHH:MM, " + zone.getId() + "): ");
      if (answer.kind() == Answer.Kind.INTERRUPTED) {
        throw Prompter.interruptedBeforeWalk();
      }
      if (answer.kind() != Answer.Kind.TEXT) {
        // Ctrl-D or the end of the input: no deadline is given; the walk cannot begin without one.
        break;
      }
      try {
        return LocalDateTime.parse(answer.line().strip()).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        // Asked again, up to ASKS times.
      }
    }
    throw MaintException.usage("no valid deadline given (YYYY-MM-DDTHH:MM); --deadline gives it on the command line");
  }

  private static MaintException missing(Reference.Emergency e) {
    return MaintException.usage(e.id() + " has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM");
  }

  private static String local(Instant at, Runbook runbook) {
    return Windows.LOCAL.format(at.atZone(runbook.timezone()));
  }
}
