package dev.maint.report;

import dev.maint.runbook.Reference;
import dev.maint.runbook.Runbook;
import java.io.PrintWriter;

/** The runbook's reference data as lists: emergencies with the cadence-choice table, rollbacks. */
public final class ReferenceView {
  private ReferenceView() {}

  /** Each emergency trigger with its SLA, trigger and response; then the cadence-choice table. */
  public static void emergencies(PrintWriter out, Runbook runbook) {
    out.println("Emergencies — maint emergency TRIGGER walks the response:");
    int width = runbook.emergencies().stream().mapToInt(e -> e.id().length()).max().orElse(7);
    out.println();
    out.println(String.format("  %-" + width + "s  %-9s  %s", "TRIGGER", "SLA", "WHEN → RESPONSE"));
    for (Reference.Emergency e : runbook.emergencies()) {
      out.println(String.format("  %-" + width + "s  %-9s  %s → %s", e.id(), e.sla(), e.trigger(), e.response()));
    }
    if (!runbook.cadenceChoice().isEmpty()) {
      out.println();
      out.println("Choosing the right cadence (signal → action):");
      for (Reference.CadenceChoice c : runbook.cadenceChoice()) {
        out.println("  " + c.signal() + " → " + c.action());
      }
    }
    out.flush();
  }

  /** Each rollback procedure with its title, description and step count. */
  public static void rollbacks(PrintWriter out, Runbook runbook) {
    out.println("Rollbacks — maint rollback NAME walks the procedure:");
    for (Reference.Rollback r : runbook.rollbacks()) {
      out.println();
      out.println("  " + r.id() + " — " + r.title() + " [" + r.steps().size() + " steps]");
      if (!r.description().isBlank()) {
        out.println("    " + r.description().strip());
      }
    }
    out.flush();
  }
}
