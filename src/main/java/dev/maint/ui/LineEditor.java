package dev.maint.ui;

import java.util.HashMap;
import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;

/**
 * jline's line editor, as {@code LineReaderBuilder} makes it, that tells Ctrl-D from the end of
 * input. jline ends a line with the same {@link EndOfFileException} for both: Ctrl-D on an empty
 * line, and a read that found no more input. This editor remembers which ({@link #inputEnded()}),
 * and gives Ctrl-D that meaning on a dumb terminal too, whose keys would insert it as text.
 */
final class LineEditor extends LineReaderImpl {
  private static final String EOF_OR_DELETE_CHAR = "maint-eof-or-delete-char";

  private boolean inputEnded;

  LineEditor(Terminal terminal) {
    super(terminal, terminal.getName(), new HashMap<>());
    setHistory(new DefaultHistory());
    // What a terminal's own end-of-file key (VEOF, Ctrl-D) does in jline; a dumb terminal has none.
    getWidgets().put(EOF_OR_DELETE_CHAR, () -> {
      if (getBuffer().length() == 0) {
        throw new EndOfFileException();
      }
      callWidget(LineReader.DELETE_CHAR);
      return true;
    });
    getKeyMaps().get(LineReader.MAIN).bind(new Reference(EOF_OR_DELETE_CHAR), KeyMap.ctrl('D'));
  }

  /**
   * Whether the last {@link #readLine} ended because the input did: jline reads no key binding
   * only then. After an {@link EndOfFileException} with this false, the operator typed Ctrl-D.
   */
  boolean inputEnded() {
    return inputEnded;
  }

  @Override
  public Binding readBinding(KeyMap<Binding> keys, KeyMap<Binding> local) {
    Binding binding = super.readBinding(keys, local);
    inputEnded = binding == null;
    return binding;
  }
}
