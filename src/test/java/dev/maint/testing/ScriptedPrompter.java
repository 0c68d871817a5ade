package dev.maint.testing;

import dev.maint.exec.Answer;
import dev.maint.exec.Choice;
import dev.maint.exec.Prompter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * An operator as a script of {@link Answer}s, one per question, in order: a walk tested without
 * picocli or a terminal. When the script runs out the input has ended ({@link
 * Answer#END_OF_INPUT}). An answer that cannot answer the question asked (a menu choice to a
 * yes/no question, a choice the menu does not offer) fails the test, naming the question. The
 * questions asked are kept, as the operator saw them.
 */
public final class ScriptedPrompter implements Prompter {
  private final Deque<Answer> script;
  private final List<String> asked = new ArrayList<>();

  public ScriptedPrompter(Answer... answers) {
    this.script = new ArrayDeque<>(List.of(answers));
  }

  /** A menu choice. */
  public static Answer chose(Choice choice) {
    return new Answer.Chosen(choice);
  }

  /** A line of text. */
  public static Answer text(String line) {
    return new Answer.Text(line);
  }

  /** The questions asked so far: a menu as {@code menu: run done ...}, others as their prompt. */
  public List<String> asked() {
    return List.copyOf(asked);
  }

  /** Whether every answer of the script was given. */
  public boolean used() {
    return script.isEmpty();
  }

  @Override
  public Answer choose(Set<Choice> allowed) {
    asked.add("menu:" + allowed.stream().map(c -> " " + c.name().toLowerCase(java.util.Locale.ROOT))
        .reduce("", String::concat));
    Answer a = next("the step menu", Answer.Kind.CHOSEN);
    if (a.kind() == Answer.Kind.CHOSEN && !allowed.contains(a.choice())) {
      throw new AssertionError(a.choice() + " is not on the menu " + allowed);
    }
    return a;
  }

  @Override
  public Answer ask(String question) {
    asked.add(question);
    return next(question, Answer.Kind.TEXT, Answer.Kind.CANCELLED);
  }

  @Override
  public Answer confirm(String question, boolean defaultAnswer) {
    asked.add(question);
    return next(question, Answer.Kind.YES, Answer.Kind.NO);
  }

  @Override
  public Answer acknowledge(String prompt) {
    asked.add(prompt);
    return next(prompt, Answer.Kind.ENTER, Answer.Kind.CANCELLED);
  }

  private Answer next(String question, Answer.Kind... fitting) {
    if (script.isEmpty()) {
      return Answer.END_OF_INPUT;
    }
    Answer a = script.pop();
    if (a.kind() == Answer.Kind.INTERRUPTED || a.kind() == Answer.Kind.END_OF_INPUT || List.of(fitting).contains(a.kind())) {
      return a;
    }
    throw new AssertionError(a + " does not answer '" + question + "'");
  }
}
