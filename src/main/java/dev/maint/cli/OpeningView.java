package dev.maint.cli;

import dev.maint.exec.Redactor;
import dev.maint.record.RunRecord;
import dev.maint.run.Opening;
import dev.maint.text.OneLine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shows the lines a walk opens with ({@link Opening}): what it will touch, then one warning line
 * each when the record goes into maint's own source checkout or the environment is production by
 * default. Every value from outside maint (paths, values, the operator) is shown with its control
 * characters escaped ({@link OneLine#escape}), so none can fake a line of the screen.
 */
final class OpeningView {
  private OpeningView() {}

  /**
   * Shows {@code opening}.
   *
   * @param display where the walk is shown (standard error under {@code --format json})
   * @param err standard error, for the warnings
   * @param quiet {@code -q}: only the warnings
   */
  static void show(Opening opening, PrintWriter display, PrintWriter err, boolean quiet) {
    if (!quiet) {
      lines(opening).forEach(display::println);
      display.flush();
    }
    warnings(opening).forEach(w -> err.println("maint: warning: " + w));
    err.flush();
  }

  /** The lines naming what the walk touches, without the warnings. */
  static List<String> lines(Opening o) {
    List<String> lines = new ArrayList<>();
    lines.add("Walking " + o.command() + " with:");
    lines.add("  runbook      " + o.runbookFile().map(p -> OneLine.escape(p.toString())).orElse("embedded")
        + " (sha256 " + o.runbookSha256() + ")");
    lines.add("  environment  " + OneLine.escape(o.environment()) + o.environmentChosen()
        .map(c -> " (chosen by " + OneLine.escape(c) + ")").orElse(" (the runbook's default; --env chooses)"));
    String repo = OneLine.escape(o.repo().toString());
    String recordDir = o.recordDir().map(d -> "; record file in " + OneLine.escape(d.toString())).orElse("");
    lines.add("  record       " + switch (o.recording()) {
      case COMMIT -> "branch " + OneLine.escape(o.branch().orElse("")) + " of " + repo + recordDir;
      case NO_COMMIT -> "nothing committed (--no-commit)" + recordDir;
      case DRY_RUN -> "nothing recorded (dry run)";
    });
    lines.add("  operator     " + OneLine.escape(o.operator()));
    lines.add("  overrides    " + overrides(o.overrides(), o.setFrom()));
    return lines;
  }

  /**
   * {@code --set name="value"} or {@code --set-file name=PATH} for each variable, then {@code
   * --resolve} and {@code --ca-file}; {@code none}.
   */
  private static String overrides(RunRecord.Overrides overrides, Map<String, String> setFrom) {
    if (overrides.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    // By name, so the line reads the same whichever file or option each value came from.
    java.util.SortedMap<String, String> byName = new java.util.TreeMap<>();
    overrides.set().forEach((name, value) -> byName.put(name, "--set " + OneLine.escape(name) + "="
        + (value.equals(Redactor.MASK) ? value : OneLine.quoted(value))
        + (setFrom.containsKey(name) ? " (from " + OneLine.escape(setFrom.get(name)) + ")" : "")));
    // Its file, not its value: the value is masked as a secret, where it came from is not.
    overrides.setFile().forEach((name, path) -> byName.put(name, "--set-file " + OneLine.escape(name) + "="
        + OneLine.escape(path)));
    parts.addAll(byName.values());
    overrides.resolve().forEach(r -> parts.add("--resolve " + OneLine.escape(r)));
    if (!overrides.caFile().isEmpty()) {
      parts.add("--ca-file " + OneLine.escape(overrides.caFile()));
    }
    return String.join(", ", parts);
  }

  /** One line each: the record goes into maint's own checkout; production was not chosen. */
  static List<String> warnings(Opening o) {
    List<String> warnings = new ArrayList<>();
    if (o.ownCheckout()) {
      warnings.add("the record goes into maint's own source checkout " + OneLine.escape(o.repo().toString())
          + "; give --repo DIR (or MAINT_REPO) for your maintenance log's repository");
    }
    if (o.productionByDefault()) {
      warnings.add("walking " + OneLine.escape(o.environment()) + " because it is the runbook's default, not by"
          + " choice; --env (or MAINT_ENV, or env: in .maint.yaml) chooses the environment");
    }
    return warnings;
  }
}
