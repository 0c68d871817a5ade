package dev.maint.exec;

import java.util.Set;

/**
 * Asks the operator: what a walk needs from a person. It belongs to the walk, so that {@code exec}
 * depends on no user interface; {@code dev.maint.ui.TerminalPrompter} implements it through
 * jline, on the real terminal or, in tests, on a virtual one fed with scripted keys.
 */
public interface Prompter {
  /**
   * Asks what to do with the current step.
   *
   * @param allowed the choices on offer, in menu order
   * @return the choice; {@link Choice#QUIT} for Ctrl-D and when input ends (see {@link #inputEnded()})
   * @throws PromptInterruptedException when the operator pressed Ctrl-C at the prompt
   */
  Choice choose(Set<Choice> allowed);

  /**
   * Asks for one line of text (a note, a reason).
   *
   * @return the line without its terminator; empty when input ends
   * @throws PromptInterruptedException on Ctrl-C
   * @throws PromptCancelledException on Ctrl-D at the empty line: the operator takes the question back
   */
  String ask(String question);

  /**
   * Asks a yes/no question answered with one key: y is yes, n, Ctrl-D and the end of input are no,
   * Enter gives {@code defaultAnswer}; other keys are ignored.
   *
   * @throws PromptInterruptedException on Ctrl-C
   */
  boolean confirm(String question, boolean defaultAnswer);

  /** A yes/no question whose default is no. */
  default boolean confirm(String question) {
    return confirm(question, false);
  }

  /**
   * Shows {@code prompt} and waits for Enter. Whatever is typed before Enter belongs to this line
   * and is dropped, so it never answers a later question; keys typed after Enter are left for the
   * next one.
   *
   * @return true once Enter is pressed; false when input ends first
   * @throws PromptCancelledException on Ctrl-D: the operator does not take the question on
   * @throws PromptInterruptedException on Ctrl-C
   */
  boolean acknowledge(String prompt);

  /**
   * Whether the input has really ended (reading it gave end of file or failed: a closed pipe or
   * terminal, the end of a test's keys): nothing more can be asked, so a walk quits without asking
   * for confirmation. Ctrl-D on a live terminal is a key and does not end the input.
   */
  boolean inputEnded();

  /** Ctrl-D at a text prompt: the operator takes the question back, and nothing is answered. */
  final class PromptCancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PromptCancelledException() {
      super("cancelled at a prompt");
    }
  }

  /** Ctrl-C at a prompt. */
  final class PromptInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PromptInterruptedException() {
      super("interrupted at a prompt");
    }
  }
}
