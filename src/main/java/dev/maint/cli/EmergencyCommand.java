package dev.maint.cli;

import dev.maint.run.Procedure;
import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Answer;
import dev.maint.exec.Prompter;
import dev.maint.exec.Session;
import dev.maint.report.ReferenceView;
import dev.maint.report.RunbookJson;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Deadline;
import dev.maint.schedule.Windows;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maint emergency}: the emergency triggers with their responses and SLAs; {@code maint
 * emergency TRIGGER}: walk that response like a cadence, with its deadline shown and recorded.
 */
@Command(name = "emergency", mixinStandardHelpOptions = true,
    description = {
      "List the emergency triggers, or walk one's response with its SLA deadline.",
      "",
      "Without TRIGGER: list the runbook's emergency triggers with their response and SLA, and the"
          + " cadence-choice table (--format json: docs/report-format.md).",
      "With TRIGGER: walk that emergency's response step by step like a cadence (same keys and options),"
          + " showing the deadline (start + SLA) in each step header, and commit the run to"
          + " maintenance/YYYY-MM with the trigger, the deadline and whether it was met.",
      "SLA 'immediate': the deadline is the start. SLA 'provider': an interactive walk asks for the"
          + " provider's deadline; give it with --deadline otherwise. A resumed response keeps its deadline"
          + " (--deadline changes a provider's)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed; or walked, and nothing failed or errored",
      "1:a step is fail or error (or warn under --fail-on warn)",
      "2:usage or runbook error (an unknown trigger, a provider deadline missing), or the log cannot be"
          + " committed or pushed",
      "130:interrupted (SIGINT/SIGTERM/SIGHUP)"
    })
public final class EmergencyCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "TRIGGER", description = "Emergency id, e.g. critical-cve.")
  String trigger;

  @Option(names = "--deadline", paramLabel = "YYYY-MM-DDTHH:MM",
      description = "The provider's deadline, in the runbook's time zone (for SLA 'provider' only).")
  String deadline;

  @Mixin WalkCommand walk;

  private final CliContext context;

  EmergencyCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (trigger == null) {
      if (deadline != null) {
        throw MaintException.usage("--deadline needs a TRIGGER");
      }
      Runbook runbook = walk.runbookOptions.load(context);
      if (walk.reportOptions.json()) {
        RunbookJson.emergencies(context.out(), runbook);
      } else {
        ReferenceView.emergencies(context.out(), runbook);
      }
      return ExitCode.OK;
    }
    return walk.walk(new Procedure() {
      @Override
      public Cadence cadence(Runbook runbook) {
        Reference.Emergency e = emergency(runbook);
        if (deadline != null && !Deadline.givenByProvider(e)) {
          throw MaintException.usage(e.id() + " has an SLA of " + e.sla() + ": --deadline is only for SLA 'provider'");
        }
        // A resumed response has its deadline in the session; only a new one needs it given.
        if (deadline == null && Deadline.givenByProvider(e) && walk.nonInteractive && !walk.resume()) {
          throw MaintException.usage(e.id() + " has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM");
        }
        return e.asCadence();
      }

      @Override
      public String command() {
        return "emergency " + trigger;
      }

      @Override
      public Optional<Deadline> deadline(Runbook runbook, Session session, Optional<Prompter> prompter) {
        Reference.Emergency e = emergency(runbook);
        if (deadline != null) {
          Instant given = DateOptions.dateTime("--deadline", deadline).atZone(runbook.timezone()).toInstant();
          session.deadline().filter(kept -> !kept.equals(given)).ifPresent(kept -> walk.display().println(
              "The provider's deadline moves from " + local(kept, runbook) + " to " + local(given, runbook) + "."));
          return Optional.of(Deadline.of(e, session.started(), Optional.of(given)));
        }
        if (session.deadline().isPresent()) {
          // A resumed response keeps the deadline it began with, whatever the runbook's SLA says now.
          Instant kept = session.deadline().get();
          if (Deadline.givenByProvider(e)) {
            walk.display().println("The provider's deadline, as given when the response began: " + local(kept, runbook)
                + " (--deadline changes it).");
          }
          return Optional.of(new Deadline(e.id(), e.trigger(), e.sla(), kept));
        }
        Optional<Instant> given = Optional.empty();
        if (Deadline.givenByProvider(e)) {
          // Unattended, only a session saved before maint kept deadlines gets here without one.
          given = Optional.of(askDeadline(prompter.orElseThrow(() -> MaintException.usage(
              e.id() + " has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM")), runbook));
        }
        return Optional.of(Deadline.of(e, session.started(), given));
      }
    });
  }

  private Reference.Emergency emergency(Runbook runbook) {
    return runbook.emergencies().stream().filter(e -> e.id().equals(trigger)).findFirst().orElseThrow(() ->
        MaintException.usage("no emergency '" + trigger + "' (have: "
            + String.join(", ", runbook.emergencies().stream().map(Reference.Emergency::id).toList()) + ")"));
  }

  private static String local(Instant at, Runbook runbook) {
    return Windows.LOCAL.format(at.atZone(runbook.timezone()));
  }

  private static Instant askDeadline(Prompter prompter, Runbook runbook) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Answer answer = prompter.ask("The provider's deadline (YYYY-MM-DDTHH:MM, " + runbook.timezone().getId() + "): ");
      if (answer.kind() == Answer.Kind.INTERRUPTED) {
        throw Prompter.interruptedBeforeWalk();
      }
      if (answer.kind() != Answer.Kind.TEXT) {
        // Ctrl-D or the end of the input: no deadline is given; the walk cannot begin without one.
        break;
      }
      try {
        return DateOptions.dateTime("the deadline", answer.line().strip()).atZone(runbook.timezone()).toInstant();
      } catch (MaintException e) {
        // Asked again, up to three times.
      }
    }
    throw MaintException.usage("no valid deadline given (YYYY-MM-DDTHH:MM); --deadline gives it on the command line");
  }
}
