package dev.maint.ui;

import dev.maint.exec.Status;
import dev.maint.exec.StepResult;
import dev.maint.exec.WalkListener;
import dev.maint.record.RunRecord;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.DataTable;
import dev.maint.runbook.Section;
import dev.maint.runbook.Step;
import dev.maint.text.ControlCharacters;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Shows a walk in the terminal: each step, live command output, and each recorded outcome. {@code
 * -q} shows only problems, {@code -v} adds each result's evidence.
 */
public final class ConsoleRenderer implements WalkListener {
  /** Columns that step details are wrapped to. */
  private static final int WIDTH = 100;

  private final PrintWriter out;
  private final Style style;
  private final Verbosity verbosity;
  private Section currentSection;
  private Supplier<String> banner = () -> "";

  public ConsoleRenderer(PrintWriter out, Style style, Verbosity verbosity) {
    this.out = out;
    this.style = style;
    this.verbosity = verbosity;
  }

  /**
   * Shows a line under every step header, computed as the step is shown (an emergency's deadline:
   * {@code deadline in 23 h 12 min (...)}); empty text shows nothing.
   *
   * @return this renderer
   */
  public ConsoleRenderer banner(Supplier<String> line) {
    this.banner = line;
    return this;
  }

  @Override
  public void stepShown(
      Cadence.PlacedStep placed, int index, int total, Optional<StepResult> previous, String commandLine) {
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    Step step = placed.step();
    if (placed.section() != currentSection) {
      currentSection = placed.section();
      out.println();
      printLine(style.bold("== " + currentSection.id() + " " + currentSection.title()));
      if (!currentSection.description().isBlank()) {
        indent(currentSection.description());
      }
      currentSection.data().ifPresent(this::table);
    }
    out.println();
    printLine(style.cyan("[step " + index + " of " + total + "]") + " " + style.bold(dev.maint.text.OneLine.escape(step.title()))
        + style.dim("  (" + step.kind() + ", " + step.id() + ")"));
    String line = banner.get();
    if (!line.isEmpty()) {
      printLine("  " + style.yellow(line));
    }
    if (!step.details().isBlank()) {
      indent(step.details());
    }
    step.data().ifPresent(this::table);
    if (!commandLine.isEmpty()) {
      printLine("  " + commandLine);
    }
    if (step.required()) {
      printLine(style.dim("  required: cannot be skipped"));
    }
    previous.ifPresent(r -> printLine(style.dim("  recorded before: " + r.status().label() + " — " + r.reason())));
    out.flush();
  }

  /**
   * Prints one line, including a command's own output, through {@link ControlCharacters}: on a
   * colour terminal only colour sequences are kept (a command must not retitle the terminal or
   * clear the walk's screen); without colour (output piped, {@code NO_COLOR}, {@code --no-color})
   * no escape sequence and no control character is left. Bidirectional controls are shown
   * visibly either way.
   */
  private void printLine(String text) {
    out.println(style.colour() ? ControlCharacters.keepColour(text) : ControlCharacters.strip(text));
  }

  private void indent(String text) {
    text.strip().lines().forEach(l -> wrap(l, WIDTH - 2).forEach(w -> printLine("  " + w)));
  }

  /** Splits a line at spaces so that no piece is longer than {@code width} where possible. */
  static List<String> wrap(String line, int width) {
    List<String> pieces = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : line.split(" ")) {
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        pieces.add(current.toString());
        current.setLength(0);
      }
      current.append(current.length() > 0 ? " " : "").append(word);
    }
    pieces.add(current.toString());
    return pieces;
  }

  private void table(DataTable t) {
    printLine("  | " + String.join(" | ", t.columns()) + " |");
    t.rows().forEach(r -> printLine("  | " + String.join(" | ", r) + " |"));
  }

  @Override
  public void output(String line, boolean stderr) {
    if (verbosity == Verbosity.QUIET) {
      return;
    }
    printLine(style.dim("  │ ") + line);
    out.flush();
  }

  @Override
  public void stepRecorded(Cadence.PlacedStep placed, StepResult result, String target) {
    if (verbosity == Verbosity.QUIET && !result.status().problem()) {
      return;
    }
    String label = statusLabel(result.status());
    String where = target.isEmpty() ? "" : target + " ";
    String prefix = verbosity == Verbosity.QUIET ? placed.step().id() + ": " : "";
    printLine("  " + label + " " + prefix + where + result.reason());
    if (!result.note().isEmpty()) {
      printLine(style.dim("  note: " + result.note()));
    }
    if (verbosity == Verbosity.VERBOSE && !result.evidence().isEmpty()) {
      result.evidence().forEach((k, v) -> printLine(style.dim("    " + k + ": " + v)));
    }
    out.flush();
  }

  /** The status as a coloured upper-case label such as {@code PASS}, for live result lines. */
  public String statusLabel(Status status) {
    return coloured(status, status.label().toUpperCase(java.util.Locale.ROOT));
  }

  /** The status as its coloured report name such as {@code pass}, for tables. */
  public String statusName(Status status) {
    return coloured(status, status.label());
  }

  private String coloured(Status status, String text) {
    return switch (status) {
      case PASS -> style.green(text);
      case WARN, MANUAL -> style.yellow(text);
      case FAIL, ERROR, INTERRUPTED -> style.red(text);
      case SKIPPED -> style.dim(text);
    };
  }

  /**
   * Lists what the previous run of the cadence left open; prints nothing when nothing is open.
   *
   * @param previous the previous run
   * @param items its open items, from {@link dev.maint.record.CarryForward#open}
   */
  public void openItems(RunRecord previous, List<RunRecord.CarriedItem> items) {
    if (items.isEmpty()) {
      return;
    }
    printLine(style.bold("Left open by the previous " + previous.cadence() + " run")
        + " (" + previous.started().substring(0, Math.min(10, previous.started().length())) + ", session "
        + previous.session() + ", " + previous.operator() + "):");
    for (RunRecord.CarriedItem i : items) {
      boolean older = previous.steps().stream().noneMatch(s -> s.id().equals(i.step()));
      printLine("  - " + i.step() + ": " + i.status() + " — " + i.reason()
          + (i.note().isEmpty() ? "" : " (note: " + i.note() + ")")
          + (older ? " (open since an earlier run; that run did not reach it)" : ""));
    }
    out.flush();
  }

  @Override
  public void message(String text) {
    printLine("  " + text);
    out.flush();
  }
}
