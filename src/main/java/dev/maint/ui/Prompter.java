package dev.maint.ui;

import java.util.Set;

/**
 * Asks the operator. Implementations: {@link TerminalPrompter} (jline) and {@link
 * ScriptedPrompter} (tests, scripted answers).
 */
public interface Prompter {
  /**
   * Asks what to do with the current step.
   *
   * @param allowed the choices on offer, in menu order
   * @return the choice; {@link Choice#QUIT} when input ends
   * @throws PromptInterruptedException when the operator pressed Ctrl-C at the prompt
   */
  Choice choose(Set<Choice> allowed);

  /**
   * Asks for one line of text (a note, a reason).
   *
   * @return the line without its terminator; empty when input ends
   * @throws PromptInterruptedException on Ctrl-C
   */
  String ask(String question);

  /**
   * Asks a yes/no question; anything but y/yes is no, as is the end of input.
   *
   * @throws PromptInterruptedException on Ctrl-C
   */
  boolean confirm(String question);

  /** Ctrl-C at a prompt. */
  final class PromptInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PromptInterruptedException() {
      super("interrupted at a prompt");
    }
  }
}
