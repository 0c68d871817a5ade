package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Answer;
import dev.maint.exec.Interruption;
import dev.maint.exec.Prompter;
import dev.maint.exec.SessionStore;
import dev.maint.run.Procedure;
import dev.maint.run.RunSync;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.text.LocalMinute;
import dev.maint.text.OneLine;
import dev.maint.ui.TerminalPrompter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jline.terminal.Terminal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Which of several unfinished sessions of one cadence and repository a {@code --resume} continues:
 * each described as {@code maint sessions} lists it (id, start, operator, answers, sections), and
 * chosen by the operator at a question, or by {@code --session ID}.
 */
final class ResumeChoice {
  private ResumeChoice() {}

  /**
   * Reads {@code --session ID}: an id of the form sessions have ({@link SessionStore#isId}). picocli
   * calls it while parsing, so {@code --session ../x} is a usage error (exit 2) before any work.
   */
  static final class Id implements ITypeConverter<String> {
    @Override
    public String convert(String id) {
      if (!SessionStore.isId(id)) {
        throw new TypeConversionException("'" + OneLine.escape(id) + "' is not a session id (maint sessions lists them)");
      }
      return id;
    }
  }

  /**
   * One line about {@code s}: {@code 3f9c2a1b (started 2026-11-29 10:00 CET by Ada <ada@x>, 2 steps
   * recorded, sections 1, 2)}. Its start is shown in the time zone of {@code runbook} when that is
   * the session's runbook (else in the session's own, else UTC), its sections as {@code runbook}'s
   * cadence places the answered steps. Text from the session file is escaped.
   */
  static String describe(SessionStore.StoredSession s, Optional<Runbook> runbook, Procedure what) {
    String zoneFrom = runbook.map(Runbook::id).orElse("");
    java.time.ZoneId zone = s.zone(zoneFrom, runbook.map(Runbook::timezone).orElse(ZoneOffset.UTC));
    int recorded = RunSync.recordedCount(s, Path.of(s.repo()));
    String sections = runbook.map(r -> sections(s, r, what)).orElse("");
    return OneLine.escape(s.id()) + " (started " + LocalMinute.of(Instant.parse(s.started()), zone) + " by "
        + OneLine.escape(s.operator()) + ", " + recorded + (recorded == 1 ? " step" : " steps") + " recorded"
        + (sections.isEmpty() ? "" : ", " + sections) + ")";
  }

  /** The sections of {@code r}'s cadence with an answered step of {@code s}: {@code section 1} or {@code sections 1, 2}. */
  private static String sections(SessionStore.StoredSession s, Runbook r, Procedure what) {
    try {
      Map<String, String> sectionOf = what.cadence(r).steps().stream()
          .collect(Collectors.toMap(p -> p.step().id(), p -> p.section().id(), (a, b) -> a));
      List<String> answered = what.cadence(r).steps().stream().map(Cadence.PlacedStep::step)
          .filter(st -> s.steps().stream().anyMatch(a -> a.id().equals(st.id())))
          .map(st -> sectionOf.get(st.id())).distinct().toList();
      if (answered.isEmpty()) {
        return "";
      }
      return (answered.size() == 1 ? "section " : "sections ") + OneLine.escape(String.join(", ", answered));
    } catch (MaintException e) {
      // Another runbook without this procedure: the session is named without its sections.
      return "";
    }
  }

  /**
   * The operator's terminal, opened on first use only and then the same: the question which
   * session to resume and the walk share it, so no key typed ahead is lost between two terminals.
   * (Its own class, so that a command that never walks loads no jline terminal class.)
   */
  static final class OnceTerminal implements Supplier<Terminal> {
    private final Supplier<Terminal> open;
    private Terminal opened;

    OnceTerminal(Supplier<Terminal> open) {
      this.open = open;
    }

    @Override
    public Terminal get() {
      if (opened == null) {
        opened = open.get();
      }
      return opened;
    }

    /** Closes the terminal when it was opened for a walk that then did not begin (its plan was refused). */
    void closeIfOpened() {
      if (opened == null) {
        return;
      }
      try {
        opened.close();
      } catch (java.io.IOException | RuntimeException gone) {
        // Nothing left to restore.
      }
    }
  }

  /**
   * Asks the operator on {@code terminal} which of {@code candidates} to resume, listing them numbered;
   * a number or an id answers, and a wrong answer asks again.
   *
   * @throws MaintException (exit 0) when the operator chooses none (an empty line, Ctrl-D, the end of the input)
   * @throws MaintException (exit 130, {@link Prompter#interruptedBeforeWalk()}) on Ctrl-C
   */
  static SessionStore.StoredSession ask(Supplier<Terminal> opens, String command, String where,
      List<SessionStore.StoredSession> candidates, Function<SessionStore.StoredSession, String> describe) {
    Terminal opened = opens.get();
    Interruption interruption = new Interruption();
    opened.handle(Terminal.Signal.INT, s -> interruption.signal());
    return ask(new TerminalPrompter(opened, interruption), opened.writer(), command, where, candidates, describe);
  }

  private static SessionStore.StoredSession ask(Prompter prompter, PrintWriter terminal, String command, String where,
      List<SessionStore.StoredSession> candidates, Function<SessionStore.StoredSession, String> describe) {
    terminal.println(candidates.size() + " unfinished " + command + " sessions to resume for " + OneLine.escape(where)
        + ":");
    for (int i = 0; i < candidates.size(); i++) {
      terminal.println("  " + (i + 1) + ") " + describe.apply(candidates.get(i)));
    }
    terminal.flush();
    while (true) {
      Answer answer = prompter.ask("Which one to resume? (1-" + candidates.size() + " or its id; empty: none) ");
      if (answer.kind() == Answer.Kind.INTERRUPTED) {
        throw Prompter.interruptedBeforeWalk();
      }
      String given = answer.kind() == Answer.Kind.TEXT ? answer.line().strip() : "";
      if (given.isEmpty()) {
        throw new MaintException(ExitCode.OK, "no session chosen: nothing was resumed or recorded");
      }
      for (int i = 0; i < candidates.size(); i++) {
        if (given.equals(String.valueOf(i + 1)) || given.equals(candidates.get(i).id())) {
          return candidates.get(i);
        }
      }
      terminal.println("No session " + OneLine.escape(given) + " among these: type a number from 1 to "
          + candidates.size() + ", or an id shown.");
      terminal.flush();
    }
  }
}
