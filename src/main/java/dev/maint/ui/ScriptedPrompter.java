package dev.maint.ui;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Answers from a script, for tests and scripted walks. Each entry answers the next question: a
 * step choice by its key ({@code r}, {@code d}, {@code s} ...) or a line of text. When the
 * script runs out, choices are {@link Choice#QUIT}, lines are empty and confirmations are yes.
 */
public final class ScriptedPrompter implements Prompter {
  private final Deque<String> answers;

  public ScriptedPrompter(List<String> answers) {
    this.answers = new ArrayDeque<>(answers);
  }

  @Override
  public Choice choose(Set<Choice> allowed) {
    while (!answers.isEmpty()) {
      String a = answers.poll();
      var choice = a.isEmpty() ? java.util.Optional.<Choice>empty() : Choice.forKey(a.charAt(0));
      if (choice.isPresent() && allowed.contains(choice.get())) {
        return choice.get();
      }
    }
    return Choice.QUIT;
  }

  @Override
  public String ask(String question) {
    return answers.isEmpty() ? "" : answers.poll();
  }

  @Override
  public boolean confirm(String question) {
    if (answers.isEmpty()) {
      return true;
    }
    String a = answers.poll().strip().toLowerCase(java.util.Locale.ROOT);
    return a.equals("y") || a.equals("yes");
  }
}
