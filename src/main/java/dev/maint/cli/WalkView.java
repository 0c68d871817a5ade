package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Interruption;
import dev.maint.exec.Prompter;
import dev.maint.record.RunRecorder;
import dev.maint.report.ReportFormat;
import dev.maint.report.Reports;
import dev.maint.report.SummaryTable;
import dev.maint.run.Run;
import dev.maint.run.RunPlan;
import dev.maint.ui.ConsoleRenderer;
import dev.maint.ui.Style;
import dev.maint.ui.TerminalPrompter;
import dev.maint.ui.Verbosity;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Terminal;

/**
 * Shows a {@link Run}: opens the terminal (for an interactive run) and the signal handlers, hands
 * the run a prompter and a renderer, and renders what it gives back: what the previous run left
 * open, the walk, the summary table, the record and its commit, the push, and how to continue a
 * run left open. It holds no state of the run.
 */
final class WalkView {
  private WalkView() {}

  /**
   * Walks and shows {@code plan}.
   *
   * @param display where the walk and the summary are shown (standard error under {@code --format json})
   * @param style the display's style
   * @param colour whether colour is allowed on the operator's terminal
   * @param json {@code --format json}: the JSON report goes to standard output
   * @return the run's exit code (see {@link ExitCode})
   * @throws MaintException when another walk holds the lock, the session cannot be opened or the
   *     run cannot be recorded
   */
  static int walk(CliContext context, RunPlan plan, PrintWriter display, Style style, boolean colour,
      Verbosity verbosity, boolean json) {
    Interruption interruption = new Interruption();
    // A signal while git waits for a remote stops that git (and its ssh): the remote then counts as
    // unreachable, and the walk ends as the signal asks.
    try (dev.maint.record.RemoteCalls.Scope cancel = dev.maint.record.RemoteCalls.cancelWhen(interruption::requested)) {
      return walk(context, plan, display, style, colour, verbosity, json, interruption);
    }
  }

  private static int walk(CliContext context, RunPlan plan, PrintWriter display, Style style, boolean colour,
      Verbosity verbosity, boolean json, Interruption interruption) {
    ConsoleRenderer labels = new ConsoleRenderer(display, style, verbosity);
    // From the opening of the run to its record and push: a signal must never kill the JVM halfway
    // through a commit (exit 143, a half-made record). While the terminal is open, Ctrl-C is its.
    WalkSignals signals = WalkSignals.install(context, interruption, "INT", "TERM", "HUP");
    try {
      int code;
      if (plan.mode().unattended()) {
        try (Run run = opened(context, plan, Optional.empty(), display, verbosity)) {
          run.previous().ifPresent(p -> labels.openItems(p, run.openItems()));
          walked(context, run, Optional.empty(), labels, interruption, display, verbosity, json);
          code = finish(run, display, labels, verbosity);
        }
      } else {
        try (Run run = walkWithTerminal(context, plan, interruption, display, colour, verbosity, json)) {
          // Finished once the terminal is closed, as the summary goes to the display.
          code = finish(run, display, labels, verbosity);
        }
      }
      // A signal that came once the walk had ended (as it recorded) still says the run was interrupted.
      return interruption.terminating() ? ExitCode.INTERRUPTED : code;
    } finally {
      signals.uninstall();
    }
  }

  /** Opens the terminal and the run, shows the previous run's open items, and walks with the operator. */
  private static Run walkWithTerminal(CliContext context, RunPlan plan, Interruption interruption,
      PrintWriter display, boolean colour, Verbosity verbosity, boolean json) {
    Terminal terminal = context.terminal().get().get();
    try {
      terminal.handle(Terminal.Signal.INT, s -> interruption.signal());
      try {
        TerminalPrompter prompter = new TerminalPrompter(terminal, interruption);
        Run run = opened(context, plan, Optional.of(prompter), display, verbosity);
        try {
          boolean coloured = colour && !Terminal.TYPE_DUMB.equals(terminal.getType());
          ConsoleRenderer renderer = new ConsoleRenderer(terminal.writer(), new Style(coloured), verbosity);
          run.previous().ifPresent(p -> renderer.openItems(p, run.openItems()));
          if (!run.openItems().isEmpty() && !run.awaitsAcknowledgement()) {
            renderer.message("(acknowledged when this session began)");
          } else if (run.awaitsAcknowledgement()) {
            acknowledge(run, prompter);
          }
          walked(context, run, Optional.of(prompter), renderer, interruption, display, verbosity, json);
          return run;
        } catch (RuntimeException e) {
          run.close();
          throw e;
        }
      } finally {
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
    } catch (IOException | java.io.IOError | java.io.UncheckedIOException gone) {
      // Nothing left to restore.
    }
  }

  /**
   * Opens the run and shows what it will touch ({@link OpeningView}) before what opening it said
   * (session resumed, light cycle), so the walk's first lines are always the same ones; what it
   * said is shown also when opening fails.
   */
  private static Run opened(CliContext context, RunPlan plan, Optional<Prompter> prompter, PrintWriter display,
      Verbosity verbosity) {
    List<String> said = new ArrayList<>();
    Run run;
    try {
      run = Run.open(plan, prompter, said::add);
    } catch (RuntimeException e) {
      said.forEach(display::println);
      display.flush();
      throw e;
    }
    OpeningView.show(run.opening(), display, context.err(), verbosity == Verbosity.QUIET);
    said.forEach(display::println);
    display.flush();
    return run;
  }

  private static void acknowledge(Run run, Prompter prompter) {
    switch (prompter.acknowledge("Press Enter to acknowledge them and start the walk: ").kind()) {
      case ENTER -> run.acknowledge();
      case INTERRUPTED -> throw Prompter.interruptedBeforeWalk();
      case CANCELLED -> throw new MaintException(ExitCode.OK, "not started: the open items were not acknowledged;"
          + " nothing was recorded");
      // The input ended: the walk that follows quits at once and records nothing new.
      default -> { }
    }
  }

  /** Walks the run with the deadline above each step, then names the files written and prints the JSON report. */
  private static void walked(CliContext context, Run run, Optional<Prompter> prompter, ConsoleRenderer renderer,
      Interruption interruption, PrintWriter display, Verbosity verbosity, boolean json) {
    run.deadline().ifPresent(d -> renderer.banner(() -> d.status(context.clock().instant(),
        run.session().timezone())));
    Run.Walked walked = run.walk(prompter, renderer, interruption);
    if (verbosity == Verbosity.VERBOSE) {
      walked.reports().forEach(p -> display.println("Report written to " + p));
      display.println("Run log: " + walked.logFile());
    }
    if (json) {
      context.out().print(Reports.text(ReportFormat.JSON, walked.report()));
      context.out().flush();
    }
  }

  /** Records and pushes the walked run, telling each part on the display. */
  private static int finish(Run run, PrintWriter out, ConsoleRenderer labels, Verbosity verbosity) {
    SummaryTable.print(out, run.session(), labels::statusName, verbosity == Verbosity.QUIET);
    Optional<RunRecorder.Written> written = run.record();
    written.ifPresent(w -> {
      w.recordFile().ifPresent(f -> out.println("Record written to " + f));
      w.committed().ifPresent(c -> out.println("Log entry committed to " + c.branch() + " as " + c.commitId()
          + (c.createdBranch() ? " (new branch)" : "") + (c.workTreeUpdated() ? " (work tree updated)" : "")));
      out.flush();
    });
    if (written.isEmpty() && run.commits() && run.waiting().isEmpty() && run.session().endedEarly()) {
      // Quit before any (new) answer: silence would read as if the entry had been committed.
      out.println("Nothing new was answered: nothing committed.");
    }
    if (!run.waiting().isEmpty()) {
      List<String> waiting = run.waiting().stream().map(id -> id + run.session().result(id)
          .map(r -> " (" + labels.statusName(r.status()) + ")").orElse("")).toList();
      out.println("Run " + run.session().id() + " stays open: " + waiting.size()
          + (waiting.size() == 1 ? " step waits" : " steps wait") + " for an answer (" + String.join(", ", waiting)
          + "); the walk that answers the last of them commits its log entry.");
    }
    // A re-applied entry is a new commit: the one named above is no longer on the branch.
    try {
      run.push().ifPresent(p -> out.println("Pushed " + p.branch() + " to " + p.remote()
          + (p.reapplied() > 0 ? " (the remote had moved on: re-applied on top of it; the entry is now commit "
              + p.commitId() + ")" : "")));
    } catch (RuntimeException e) {
      // The session is kept all the same: how to continue it stays worth saying.
      run.resumeCommand().ifPresent(c -> out.println("Session " + run.session().id() + " is saved; continue it with: "
          + c));
      out.flush();
      throw e;
    }
    run.pushRun().filter(pushed -> !pushed).ifPresent(no -> out.println("The run could not be pushed now: its"
        + " answers are kept in this clone and pushed by the next walk with --push."));
    run.resumeCommand().ifPresent(c -> out.println("Session " + run.session().id() + " is saved; continue it with: "
        + c));
    out.flush();
    return run.exitCode();
  }
}
