package dev.maint.probe;

/**
 * Keeps the head and tail of a command's output, at most {@code limit} characters each, and
 * counts what was left out between them. Thread-safe.
 */
public final class OutputCapture {
  private final int limit;
  private final StringBuilder head = new StringBuilder();
  private final StringBuilder tail = new StringBuilder();
  private long omitted;

  /** @param limit characters kept at the head and at the tail, each */
  public OutputCapture(int limit) {
    this.limit = limit;
  }

  /** Adds one line (without its terminator). */
  public synchronized void line(String line) {
    String withNewline = line + "\n";
    if (head.length() + withNewline.length() <= limit && tail.length() == 0) {
      head.append(withNewline);
      return;
    }
    if (head.length() == 0) {
      // A first line longer than the head keeps its beginning: that is where errors say what failed.
      head.append(line, 0, limit - 1).append('\n');
      omitted += line.length() - (limit - 1);
      return;
    }
    tail.append(withNewline);
    if (tail.length() > limit) {
      int cut = tail.length() - limit;
      omitted += cut;
      tail.delete(0, cut);
    }
  }

  /** The kept output, with a marker saying how many characters were left out. */
  public synchronized String text() {
    if (omitted == 0) {
      return head.toString() + tail;
    }
    return head + "[... " + omitted + " characters left out ...]\n" + tail;
  }
}
