package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Prompter;
import dev.maint.exec.Session;
import dev.maint.exec.SessionOpener;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Walker;
import dev.maint.record.Operator;
import dev.maint.schedule.Deadline;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Style;
import dev.maint.ui.TerminalPrompter;
import java.io.IOException;
import java.util.Optional;
import org.jline.terminal.Terminal;

/**
 * Walks a planned session unattended or with the operator at the terminal: opens it (new or
 * resumed), keeps its deadline, readies its {@link Recording}, shows what the previous run left
 * open, and walks it ({@link LoggedWalk}) with the signal handlers installed.
 */
final class WalkRunner {
  /**
   * What was walked.
   *
   * @param session the walked session
   * @param recording what records it
   */
  record Walked(Session session, Recording recording) {}

  private final CliContext context;
  private final WalkPlan plan;
  private final SessionStore store;
  private final ConsoleRenderer labels;
  private final Interruption interruption = new Interruption();

  /** @param labels shows an unattended walk on the display */
  WalkRunner(CliContext context, WalkPlan plan, SessionStore store, ConsoleRenderer labels) {
    this.context = context;
    this.plan = plan;
    this.store = store;
    this.labels = labels;
  }

  /** Walks the session: unattended under {@code --non-interactive} or {@code --dry-run}, else with the terminal. */
  Walked walk() {
    return plan.options().unattended() ? walkUnattended() : walkWithTerminal();
  }

  private Walked walkUnattended() {
    Session session = plan.dryRun() ? SessionOpener.fresh(request()) : openSession(Optional.empty());
    Optional<Deadline> deadline = deadline(session, Optional.empty());
    Recording recording = Recording.open(context, plan, session, deadline);
    recording.previous().ifPresent(p -> labels.openItems(p, recording.open()));
    WalkSignals signals = WalkSignals.install(context, interruption, "INT", "TERM", "HUP");
    try {
      new LoggedWalk(context, plan, store, interruption).walk(session, deadline, labels, Walker::walkUnattended);
    } finally {
      signals.uninstall();
    }
    return new Walked(session, recording);
  }

  /**
   * Opens the terminal, the session (asking whether to resume) and its recording, shows what the
   * previous run left open, and walks with the operator.
   */
  private Walked walkWithTerminal() {
    Terminal terminal = context.terminal().get().get();
    try {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      WalkSignals signals = WalkSignals.install(context, interruption, "TERM", "HUP");
      try {
        TerminalPrompter prompter = new TerminalPrompter(terminal, interruption);
        Session session;
        Optional<Deadline> deadline;
        try {
          session = openSession(Optional.of(prompter));
          deadline = deadline(session, Optional.of(prompter));
        } catch (Prompter.PromptInterruptedException e) {
          throw interruptedBeforeWalk();
        }
        Recording recording = Recording.open(context, plan, session, deadline);
        boolean colour = plan.output().colour() && !Terminal.TYPE_DUMB.equals(terminal.getType());
        ConsoleRenderer renderer = new ConsoleRenderer(terminal.writer(), new Style(colour), plan.output().verbosity());
        recording.previous().ifPresent(p -> renderer.openItems(p, recording.open()));
        if (!recording.open().isEmpty() && session.acknowledged()) {
          renderer.message("(acknowledged when this session began)");
        } else if (!recording.open().isEmpty()) {
          try {
            if (prompter.acknowledge("Press Enter to acknowledge them and start the walk: ")) {
              session.acknowledge();
            }
          } catch (Prompter.PromptInterruptedException e) {
            throw interruptedBeforeWalk();
          } catch (Prompter.PromptCancelledException e) {
            throw new MaintException(ExitCode.OK, "not started: the open items were not acknowledged; nothing was"
                + " recorded");
          }
        }
        new LoggedWalk(context, plan, store, interruption).walk(session, deadline, renderer,
            w -> w.walkInteractive(prompter));
        return new Walked(session, recording);
      } finally {
        signals.uninstall();
        terminal.writer().flush();
      }
    } finally {
      close(terminal);
    }
  }

  /**
   * Restores the terminal's settings and closes it. A terminal that hung up (closed window,
   * dropped ssh connection) cannot be restored ({@code stty} fails with EIO); what was walked is
   * recorded all the same.
   */
  private static void close(Terminal terminal) {
    try {
      terminal.close();
    } catch (IOException gone) {
      // Nothing left to restore.
    }
  }

  private static MaintException interruptedBeforeWalk() {
    return new MaintException(ExitCode.INTERRUPTED, "interrupted before the walk began; nothing was recorded");
  }

  /**
   * The session to walk, new or resumed (see {@link SessionOpener}); what the opener has to say
   * is shown on the display.
   *
   * @param prompter asks whether to resume when neither --resume nor --restart was given
   */
  private Session openSession(Optional<Prompter> prompter) {
    SessionOpener.Opened opened = SessionOpener.open(store, request(), plan.options().mode(), prompter);
    opened.messages().forEach(plan.output().display()::println);
    return opened.session();
  }

  private SessionOpener.Request request() {
    return SessionOpener.Request.of(plan.runbook(), plan.cadence(), plan.steps(), plan.variables().environment(),
        Operator.format(plan.operator()), plan.repoDir(), plan.settings(), context.clock().instant());
  }

  /** The procedure's deadline, if it has one, kept in the session so that a resumed walk keeps it too. */
  private Optional<Deadline> deadline(Session session, Optional<Prompter> prompter) {
    Optional<Deadline> deadline = plan.procedure().deadline(plan.runbook(), session, prompter);
    deadline.ifPresent(d -> session.deadline(d.at()));
    return deadline;
  }
}
