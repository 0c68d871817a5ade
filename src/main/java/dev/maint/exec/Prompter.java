package dev.maint.exec;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import java.util.Set;

/**
 * Asks the operator: what a walk needs from a person. It belongs to the walk, so that {@code exec}
 * depends on no user interface; {@code dev.maint.ui.TerminalPrompter} implements it through
 * jline, on the real terminal or, in tests, on a virtual one fed with scripted keys.
 *
 * <p>Every question returns an {@link Answer}: besides what it asks for, {@link Answer#INTERRUPTED}
 * for Ctrl-C at the question and {@link Answer#END_OF_INPUT} once the input has really ended (a
 * read gave end of file or failed: a closed pipe or terminal, the end of a test's keys). Ctrl-D on
 * a live terminal is a key, never the end of the input. Nothing is thrown for what the operator
 * does.
 */
public interface Prompter {
  /**
   * Asks what to do with the current step.
   *
   * @param allowed the choices on offer, in menu order
   * @return {@link Answer.Chosen} (Ctrl-D chooses {@link Choice#QUIT}), {@link Answer#INTERRUPTED}
   *     or {@link Answer#END_OF_INPUT}
   */
  Answer choose(Set<Choice> allowed);

  /**
   * Asks for one line of text (a note, a reason).
   *
   * @return {@link Answer.Text}, the line without its terminator; {@link Answer#CANCELLED} for
   *     Ctrl-D at the empty line (the operator takes the question back); {@link
   *     Answer#INTERRUPTED} or {@link Answer#END_OF_INPUT}
   */
  Answer ask(String question);

  /**
   * Asks a yes/no question answered with one key: y is yes, n and Ctrl-D are no, Enter gives
   * {@code defaultAnswer}; other keys are ignored.
   *
   * @return {@link Answer#YES}, {@link Answer#NO}, {@link Answer#INTERRUPTED} or {@link
   *     Answer#END_OF_INPUT}
   */
  Answer confirm(String question, boolean defaultAnswer);

  /** A yes/no question whose default is no. */
  default Answer confirm(String question) {
    return confirm(question, false);
  }

  /**
   * Shows {@code prompt} and waits for Enter. Whatever is typed before Enter belongs to this line
   * and is dropped, so it never answers a later question; keys typed after Enter are left for the
   * next one.
   *
   * @return {@link Answer#ENTER}; {@link Answer#CANCELLED} for Ctrl-D (the operator does not take
   *     the question on); {@link Answer#INTERRUPTED} or {@link Answer#END_OF_INPUT}
   */
  Answer acknowledge(String prompt);

  /**
   * What Ctrl-C at a question asked before the walk began (resume?, a deadline, the previous run's
   * open items) ends the command with: exit code 130, nothing recorded.
   */
  static MaintException interruptedBeforeWalk() {
    return new MaintException(ExitCode.INTERRUPTED, "interrupted before the walk began; nothing was recorded");
  }
}
