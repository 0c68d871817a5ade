package dev.maint.exec;

/** What the operator chose to do with the current step, with the key that chooses it. */
public enum Choice {
  RUN('r', "run"),
  DONE('d', "done"),
  SKIP('s', "skip"),
  FAIL('f', "failed"),
  NOTE('n', "note"),
  BACK('b', "back"),
  QUIT('q', "quit");

  private final char key;
  private final String label;

  Choice(char key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The key that chooses it. */
  public char key() {
    return key;
  }

  /** The menu label, e.g. {@code [r]un}. */
  public String menuLabel() {
    return "[" + key + "]" + label.substring(1);
  }

  /** The choice for a key, case-insensitive, if any. */
  public static java.util.Optional<Choice> forKey(int c) {
    for (Choice choice : values()) {
      if (Character.toLowerCase(c) == choice.key) {
        return java.util.Optional.of(choice);
      }
    }
    return java.util.Optional.empty();
  }
}
