package dev.maint.report;

import dev.maint.runbook.QuickProbe;
import dev.maint.runbook.Reference;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** {@code maint run --list}: the quick-reference commands by group. */
public final class QuickReferenceView {
  private QuickReferenceView() {}

  /**
   * Each group with its commands: name, what runs ({@code $ command}, marked when it asks before
   * running, or {@code maint check ...} for probes) and the description.
   *
   * @param command a shell command as it runs, on one line: as a walk's {@code $} line shows it
   *     ({@link dev.maint.exec.ShownCommand}: values shell-quoted in place, secrets {@code ***})
   * @param resolve fills in the runbook's variables where it can, for a probe's target
   */
  public static void list(PrintWriter out, List<Reference.QuickCommand> commands, UnaryOperator<String> command,
      UnaryOperator<String> resolve) {
    out.println("Quick reference — maint run NAME runs one (probes run as maint check):");
    int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(4);
    Map<String, List<Reference.QuickCommand>> groups = commands.stream().collect(
        Collectors.groupingBy(Reference.QuickCommand::group, LinkedHashMap::new, Collectors.toList()));
    groups.forEach((group, entries) -> {
      out.println();
      out.println(group.isEmpty() ? "Other" : group);
      for (Reference.QuickCommand c : entries) {
        String runs = QuickProbe.of(c.command())
            .map(p -> "maint check " + resolve.apply(String.join(" ", p.checkArguments())))
            .orElse("$ " + command.apply(c.command()) + (c.confirm() ? "  (asks first)" : ""));
        out.println(String.format("  %-" + width + "s  %s", c.name(), runs));
        if (!c.description().isEmpty()) {
          out.println(String.format("  %-" + width + "s  %s", "", c.description()));
        }
      }
    });
    out.flush();
  }
}
