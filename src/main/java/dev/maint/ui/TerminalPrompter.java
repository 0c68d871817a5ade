package dev.maint.ui;

import dev.maint.exec.Answer;
import dev.maint.exec.Choice;
import dev.maint.exec.Interruption;
import dev.maint.exec.Prompter;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.jline.utils.NonBlockingReader;

/**
 * Asks through a jline {@link Terminal}: a single key chooses a step action or answers yes/no,
 * Enter alone acknowledges, a line editor reads notes and reasons. Ctrl-C at a prompt answers
 * {@link Answer#INTERRUPTED}. Ctrl-D is a key like any other: at the step menu it chooses quit
 * (which asks), at a yes/no question it answers no, and at a text prompt or at Enter it takes the
 * question back ({@link Answer#CANCELLED}). Only the real end of the terminal's input (a read
 * gives end of file or fails: a closed pty, the end of a test's keys) answers {@link
 * Answer#END_OF_INPUT}, to this question and every later one, and no call touches the terminal
 * after that.
 *
 * <p>On a real terminal the end of its input means the terminal is gone (a closed window, a
 * dropped ssh connection, with or without the SIGHUP that usually comes with it): raw mode makes
 * Ctrl-D a key, so nothing an operator types ends the input. The prompter then tells the {@link
 * Interruption} to {@link Interruption#terminate terminate}, as the SIGHUP handler would, so the
 * walk ends as on a hang-up (exit code 130). Any failure of the terminal (jline's {@link IOError}
 * from {@code stty}, a read failing with EIO) is such an end, never an exception of a question.
 * SIGTERM and SIGHUP cancel every question at once: the keys are polled, and the line editor's
 * read is interrupted ({@link Interruption#waitingIn}).
 *
 * <p>Type-ahead never answers a question: whatever reached the terminal before a question was shown
 * (a key pressed while a command ran, text typed into the wrong window) is read and dropped just
 * before the question appears, and the operator is told, once per question, that those keys were
 * ignored. A {@link DumbTerminal} is exempt: it has no raw mode and reads a stream (a pipe, a
 * test's keys) in which every answer is typed ahead by nature.
 */
public final class TerminalPrompter implements Prompter {
  private static final int READ_EXPIRED = -2;
  private static final int POLL_MILLIS = 100;
  private static final int CTRL_C = 3;
  private static final int CTRL_D = 4;
  private static final int ESC = 27;
  private static final int SEQUENCE_MILLIS = 30;
  /** {@link #readKey()}: the input ended. */
  private static final int END = -1;
  /** {@link #readKey()}: an escape sequence, to be ignored. */
  private static final int IGNORED = -3;
  /** {@link #readKey()}: Ctrl-C, or a SIGINT while waiting for the key. */
  private static final int INTERRUPT = -4;
  /**
   * How long to wait for one more early key while discarding type-ahead, in milliseconds: keys
   * already typed are in the kernel's buffer and arrive at once, so this only bounds the wait.
   */
  private static final int DRAIN_MILLIS = 15;
  /** At most this many early characters are dropped per question (a key held down repeats forever). */
  private static final int DRAIN_LIMIT = 65_536;
  static final String TYPE_AHEAD_IGNORED = "(keys typed before this question was shown were ignored)";

  private final Terminal terminal;
  private final LineEditor lineEditor;
  private final Interruption interruption;
  private final boolean discardTypeAhead;
  private boolean inputEnded;

  /**
   * @param interruption set by the terminal's SIGINT handler; polled while waiting for a key
   */
  public TerminalPrompter(Terminal terminal, Interruption interruption) {
    this.terminal = terminal;
    this.interruption = interruption;
    this.discardTypeAhead = !(terminal instanceof DumbTerminal);
    if (terminal.getWidth() <= 0) {
      // Some terminals report no size (a fresh pty, a serial console); the line editor needs one.
      terminal.setSize(new org.jline.terminal.Size(100, 40));
    }
    this.lineEditor = new LineEditor(terminal);
  }

  @Override
  public Answer choose(Set<Choice> allowed) {
    String menu = allowed.stream().map(Choice::menuLabel).collect(Collectors.joining(" "));
    return keyQuestion(menu + " > ", out -> chooseKey(allowed, out));
  }

  /**
   * Shows {@code prompt} and reads its answer key by key with {@code keys}, in raw mode from before
   * the prompt shows (a key typed as soon as it appears must not sit in a line buffer the mode
   * switch could drop) and after dropping what was typed before it. A terminal that fails here is
   * gone, as is one whose input ended before: {@link Answer#END_OF_INPUT}.
   */
  private Answer keyQuestion(String prompt, Function<PrintWriter, Answer> keys) {
    if (inputEnded) {
      return Answer.END_OF_INPUT;
    }
    PrintWriter out = terminal.writer();
    try {
      Attributes saved = terminal.enterRawMode();
      try {
        discardTypeAhead(out);
        out.print(prompt);
        out.flush();
        return keys.apply(out);
      } finally {
        restore(saved);
      }
    } catch (IOError | UncheckedIOException e) {
      return gone();
    }
  }

  private Answer chooseKey(Set<Choice> allowed, PrintWriter out) {
    while (true) {
      int c = readKey();
      if (c == INTERRUPT) {
        return Answer.INTERRUPTED;
      }
      if (c == END || c == CTRL_D) {
        out.println();
        out.flush();
        return c == END ? Answer.END_OF_INPUT : new Answer.Chosen(Choice.QUIT);
      }
      var choice = Choice.forKey(c).filter(allowed::contains);
      if (choice.isPresent()) {
        out.println(choice.get().menuLabel());
        out.flush();
        return new Answer.Chosen(choice.get());
      }
      // Other keys (Enter, spaces, typos, arrow and function keys) are ignored rather than guessed at.
    }
  }

  /**
   * Reads one key in raw mode. Escape sequences (arrow and function keys, Alt+key) are read whole
   * and ignored: their last letter must never count as an answer.
   *
   * @return the key ({@link #CTRL_D} too), {@link #IGNORED} for an escape sequence, {@link
   *     #INTERRUPT} for Ctrl-C (a new line is shown), or {@link #END} when input ended
   */
  private int readKey() {
    if (inputEnded) {
      return END;
    }
    Attributes saved = terminal.enterRawMode();
    try {
      NonBlockingReader reader = terminal.reader();
      while (true) {
        int c = reader.read(POLL_MILLIS);
        if (c == READ_EXPIRED) {
          if (interruption.clear()) {
            terminal.writer().println();
            return INTERRUPT;
          }
          continue;
        }
        // In raw mode the terminal passes Ctrl-D on as the byte 4, a key; only -1 is the end of input.
        if (c < 0) {
          ended();
          return END;
        }
        if (c == CTRL_C) {
          terminal.writer().println();
          return INTERRUPT;
        }
        if (c == ESC) {
          skipEscapeSequence(reader);
          return IGNORED;
        }
        return c;
      }
    } catch (IOException | IOError | UncheckedIOException e) {
      // A closed terminal (SIGHUP, a dropped ssh session) ends the input; the walk ends and saves.
      ended();
      return END;
    } finally {
      restore(saved);
    }
  }

  /**
   * Consumes the rest of an escape sequence: CSI ({@code ESC [ params final}), SS3 ({@code ESC O
   * x}) or Alt+key ({@code ESC x}). The bytes of one key arrive together, hence the short wait.
   */
  private static void skipEscapeSequence(NonBlockingReader reader) throws IOException {
    int next = reader.read(SEQUENCE_MILLIS);
    if (next == '[') {
      int c;
      do {
        c = reader.read(SEQUENCE_MILLIS);
      } while (c >= 0 && (c < 0x40 || c > 0x7e));
    } else if (next == 'O') {
      reader.read(SEQUENCE_MILLIS);
    }
  }

  @Override
  public Answer ask(String question) {
    if (inputEnded) {
      return Answer.END_OF_INPUT;
    }
    try {
      Attributes saved = terminal.enterRawMode();
      try {
        discardTypeAhead(terminal.writer());
      } finally {
        restore(saved);
      }
    } catch (IOError | UncheckedIOException e) {
      return gone();
    }
    if (inputEnded) {
      return Answer.END_OF_INPUT;
    }
    // The line editor blocks in its read: SIGTERM and SIGHUP interrupt it, as Ctrl-C does.
    return interruption.waitingIn(() -> readLine(question), Answer.INTERRUPTED);
  }

  private Answer readLine(String question) {
    try {
      return new Answer.Text(lineEditor.readLine(question));
    } catch (UserInterruptException e) {
      return Answer.INTERRUPTED;
    } catch (EndOfFileException e) {
      if (interruption.terminating()) {
        return Answer.INTERRUPTED;
      }
      if (!lineEditor.inputEnded()) {
        // Ctrl-D on the empty line: the operator takes the question back.
        return Answer.CANCELLED;
      }
      return gone();
    } catch (IOError | UncheckedIOException e) {
      // A signal interrupting the read (jline wraps the InterruptedIOException), or a closed terminal.
      return interruption.terminating() && !inputEnded ? Answer.INTERRUPTED : gone();
    }
  }

  @Override
  public Answer confirm(String question, boolean defaultAnswer) {
    return keyQuestion(question + " ", out -> confirmKey(defaultAnswer, out));
  }

  private Answer confirmKey(boolean defaultAnswer, PrintWriter out) {
    while (true) {
      int c = readKey();
      if (c == INTERRUPT) {
        return Answer.INTERRUPTED;
      }
      boolean enter = c == '\r' || c == '\n';
      if (c != 'y' && c != 'Y' && c != 'n' && c != 'N' && c != END && c != CTRL_D && !enter) {
        continue;
      }
      boolean answer = c == 'y' || c == 'Y' || (enter && defaultAnswer);
      out.println(answer ? "yes" : "no");
      out.flush();
      if (c == END) {
        return Answer.END_OF_INPUT;
      }
      if (!enter) {
        swallowEnter();
      }
      return Answer.of(answer);
    }
  }

  @Override
  public Answer acknowledge(String prompt) {
    // Raw mode, not the line editor: nothing typed here is echoed, so no key looks taken as an answer.
    return keyQuestion(prompt, this::acknowledgeKey);
  }

  private Answer acknowledgeKey(PrintWriter out) {
    int c;
    do {
      c = readKey();
    } while (c != END && c != CTRL_D && c != INTERRUPT && c != '\r' && c != '\n');
    if (c == INTERRUPT) {
      return Answer.INTERRUPTED;
    }
    out.println();
    out.flush();
    if (c == CTRL_D) {
      return Answer.CANCELLED;
    }
    if (c == END) {
      return Answer.END_OF_INPUT;
    }
    if (c == '\r') {
      swallowEnter();
    }
    return Answer.ENTER;
  }

  /**
   * Puts the terminal's settings back after a question; a terminal that cannot take them any more
   * is gone, which the next question finds at once.
   */
  private void restore(Attributes saved) {
    if (inputEnded) {
      return;
    }
    try {
      terminal.setAttributes(saved);
    } catch (IOError | UncheckedIOException e) {
      ended();
    }
  }

  /**
   * Notes that the terminal's input ended: for good. On a real terminal that is the terminal gone
   * (see the class comment), and the run is told to end as on a hang-up.
   */
  private void ended() {
    inputEnded = true;
    if (!(terminal instanceof DumbTerminal)) {
      interruption.terminate();
    }
  }

  /** {@link #ended}, as the answer to the question it interrupted. */
  private Answer gone() {
    ended();
    return Answer.END_OF_INPUT;
  }

  /**
   * Reads and drops everything that reached the terminal before the question is shown, in raw mode
   * (the caller's), so that a partly typed line in the kernel's line buffer is read too, and says
   * so once when anything was dropped. The end of input found here is remembered, as a read would.
   */
  private void discardTypeAhead(PrintWriter out) {
    if (!discardTypeAhead || inputEnded) {
      return;
    }
    NonBlockingReader reader = terminal.reader();
    int dropped = 0;
    try {
      int c;
      while (dropped < DRAIN_LIMIT && (c = reader.read(DRAIN_MILLIS)) != READ_EXPIRED) {
        if (c < 0) {
          inputEnded = true;
          break;
        }
        dropped++;
      }
    } catch (IOException | IOError | UncheckedIOException e) {
      ended();
    }
    if (dropped > 0) {
      out.println(TYPE_AHEAD_IGNORED);
      out.flush();
    }
  }

  /**
   * Drops an Enter (or the line feed of a CR LF) typed right after an answer, so it does not
   * answer the next question.
   */
  private void swallowEnter() {
    // Raw mode: in line mode the peek would wait for a whole line, freezing the walk after "y".
    Attributes saved = terminal.enterRawMode();
    try {
      int next = terminal.reader().peek(SEQUENCE_MILLIS);
      if (next == '\r' || next == '\n') {
        terminal.reader().read();
      }
    } catch (IOException | IOError | UncheckedIOException e) {
      ended();
    } finally {
      restore(saved);
    }
  }
}
