package dev.maint.exec;

import java.util.Objects;

/**
 * What the operator gave to one question of a {@link Prompter}: a menu choice, a line of text, yes
 * or no, Enter, or one of the ways out of a question (Ctrl-D taking it back, Ctrl-C, the end of
 * the input). Values, not exceptions: the walk decides what each means in one switch over {@link
 * #kind()} (Java 17 has no pattern matching in {@code switch}, so the kind names the variant).
 */
public sealed interface Answer permits Answer.Chosen, Answer.Text, Answer.Only {
  /** The variants, for a {@code switch}. */
  enum Kind {
    /** A menu choice ({@link Chosen}); Ctrl-D at the menu chooses {@link Choice#QUIT}. */
    CHOSEN,
    /** A line of text ({@link Text}), possibly empty. */
    TEXT,
    /** y to a yes/no question, or Enter where yes is the default. */
    YES,
    /** n or Ctrl-D to a yes/no question, or Enter where no is the default. */
    NO,
    /** Enter, to take on what was shown. */
    ENTER,
    /** Ctrl-D at a text prompt or at Enter: the operator takes the question back. */
    CANCELLED,
    /** Ctrl-C at the question (or a SIGINT while it waited). */
    INTERRUPTED,
    /**
     * The input really ended (end of file, a closed pipe or terminal, the end of a test's keys):
     * nothing more can be asked. Ctrl-D on a live terminal is a key, never this.
     */
    END_OF_INPUT
  }

  /** Yes to a yes/no question. */
  Answer YES = new Only(Kind.YES);
  /** No to a yes/no question. */
  Answer NO = new Only(Kind.NO);
  /** Enter. */
  Answer ENTER = new Only(Kind.ENTER);
  /** The question taken back. */
  Answer CANCELLED = new Only(Kind.CANCELLED);
  /** Ctrl-C. */
  Answer INTERRUPTED = new Only(Kind.INTERRUPTED);
  /** The end of the input. */
  Answer END_OF_INPUT = new Only(Kind.END_OF_INPUT);

  /** Which answer this is. */
  Kind kind();

  /**
   * The menu choice of a {@link Kind#CHOSEN} answer.
   *
   * @throws IllegalStateException for any other answer
   */
  default Choice choice() {
    throw new IllegalStateException("not a menu choice: " + kind());
  }

  /**
   * The line of a {@link Kind#TEXT} answer, without its terminator.
   *
   * @throws IllegalStateException for any other answer
   */
  default String line() {
    throw new IllegalStateException("not a line of text: " + kind());
  }

  /** {@link #YES} or {@link #NO}. */
  static Answer of(boolean yes) {
    return yes ? YES : NO;
  }

  /** A menu choice. */
  record Chosen(Choice choice) implements Answer {
    public Chosen {
      Objects.requireNonNull(choice, "choice");
    }

    @Override
    public Kind kind() {
      return Kind.CHOSEN;
    }
  }

  /** A line of text, without its terminator. */
  record Text(String line) implements Answer {
    public Text {
      Objects.requireNonNull(line, "line");
    }

    @Override
    public Kind kind() {
      return Kind.TEXT;
    }
  }

  /** An answer that is nothing but its kind: every kind but {@link Kind#CHOSEN} and {@link Kind#TEXT}. */
  record Only(Kind kind) implements Answer {
    public Only {
      Objects.requireNonNull(kind, "kind");
      if (kind == Kind.CHOSEN || kind == Kind.TEXT) {
        throw new IllegalArgumentException(kind + " carries a value");
      }
    }
  }
}
