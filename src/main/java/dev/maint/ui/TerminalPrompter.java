package dev.maint.ui;

import dev.maint.exec.Interruption;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

/**
 * Asks through a jline {@link Terminal}: a single key chooses a step action, a line editor reads
 * notes and reasons. Ctrl-C at a prompt raises {@link Prompter.PromptInterruptedException}; the
 * end of input (Ctrl-D) quits.
 */
public final class TerminalPrompter implements Prompter {
  private static final int READ_EXPIRED = -2;
  private static final int POLL_MILLIS = 100;
  private static final int CTRL_C = 3;
  private static final int CTRL_D = 4;

  private final Terminal terminal;
  private final LineReader lineReader;
  private final Interruption interruption;
  private boolean inputEnded;

  /**
   * @param interruption set by the terminal's SIGINT handler; polled while waiting for a key
   */
  public TerminalPrompter(Terminal terminal, Interruption interruption) {
    this.terminal = terminal;
    this.interruption = interruption;
    this.lineReader = LineReaderBuilder.builder().terminal(terminal).build();
  }

  @Override
  public Choice choose(Set<Choice> allowed) {
    PrintWriter out = terminal.writer();
    String menu = allowed.stream().map(Choice::menuLabel).collect(Collectors.joining(" "));
    out.print(menu + " > ");
    out.flush();
    Attributes saved = terminal.enterRawMode();
    try {
      NonBlockingReader reader = terminal.reader();
      while (true) {
        int c = reader.read(POLL_MILLIS);
        if (c == READ_EXPIRED) {
          if (interruption.clear()) {
            out.println();
            throw new PromptInterruptedException();
          }
          continue;
        }
        if (c < 0 || c == CTRL_D) {
          out.println();
          out.flush();
          inputEnded = true;
          return Choice.QUIT;
        }
        if (c == CTRL_C) {
          out.println();
          throw new PromptInterruptedException();
        }
        var choice = Choice.forKey(c).filter(allowed::contains);
        if (choice.isPresent()) {
          out.println(choice.get().menuLabel());
          out.flush();
          return choice.get();
        }
        // Other keys (Enter, spaces, typos) are ignored rather than guessed at.
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      terminal.setAttributes(saved);
    }
  }

  @Override
  public String ask(String question) {
    try {
      return lineReader.readLine(question);
    } catch (UserInterruptException e) {
      throw new PromptInterruptedException();
    } catch (EndOfFileException | IOError e) {
      inputEnded = true;
      return "";
    }
  }

  @Override
  public boolean inputEnded() {
    return inputEnded;
  }

  @Override
  public boolean confirm(String question) {
    String answer = ask(question + " ").strip().toLowerCase(java.util.Locale.ROOT);
    return answer.equals("y") || answer.equals("yes");
  }
}
