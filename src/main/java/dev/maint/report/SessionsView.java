package dev.maint.report;

import dev.maint.record.RecordJson;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code maint sessions}: the saved sessions as lines for people, or as the JSON document {@code
 * maint-sessions/1} (docs/report-format.md).
 */
public final class SessionsView {
  private SessionsView() {}

  /**
   * A saved session.
   *
   * @param state {@code open}, {@code completed}, {@code abandoned} … as saved
   * @param started ISO-8601 instant (UTC)
   * @param startedLocal the start in the session's runbook's time zone, named ({@code 2026-11-29
   *     10:00 CET})
   * @param stepsRecorded how many steps have an answer
   * @param at the step that was running when the session was left (or is running now); null when
   *     none
   * @param repo the repository it records into; null for a run found only in git
   * @param running the maint walking it now; null when none
   * @param gitRef for a run begun on another clone, the ref it travels in ({@code
   *     refs/maint/runs/ID}); null for a session saved here
   */
  public record Entry(String id, String cadence, String state, String started, String startedLocal, String operator,
      int stepsRecorded, String at, String repo, Running running, String gitRef) {}

  /**
   * The maint walking a session now, from the walk lock.
   *
   * @param since ISO-8601 instant (UTC)
   * @param sinceLocal the same in the session's time zone
   */
  public record Running(long pid, String host, String since, String sinceLocal) {}

  /** A session file that cannot be read; it was moved aside and is kept. */
  public record Damaged(String file, String reason) {}

  /** The document {@code maint sessions --format json} prints. */
  public record Doc(String schema, boolean all, List<Entry> sessions, List<Damaged> damaged) {}

  /** Prints {@code maint-sessions/1}. */
  public static void json(PrintWriter out, boolean all, List<Entry> sessions, List<Damaged> damaged) {
    out.print(RecordJson.writeValue(new Doc("maint-sessions/1", all, sessions, damaged)));
    out.flush();
  }

  /** One line per session, then one per damaged file, or a line saying there is none. */
  public static void text(PrintWriter out, boolean all, List<Entry> sessions, List<Damaged> damaged) {
    for (Entry s : sessions) {
      String steps = s.stepsRecorded() + (s.stepsRecorded() == 1 ? " step" : " steps") + " recorded";
      if (s.gitRef() != null) {
        out.println(s.id() + "  " + s.cadence() + "  " + s.state() + " in git (" + s.gitRef() + ")  started "
            + s.startedLocal() + "  by " + s.operator() + "  " + steps);
        continue;
      }
      String state = s.running() == null ? s.state() : "running now (pid " + s.running().pid() + " on "
          + s.running().host() + ", since " + s.running().sinceLocal() + ")";
      String at = s.at() == null ? "" : s.running() != null ? ", at " + s.at() : ", interrupted at " + s.at();
      out.println(s.id() + "  " + s.cadence() + "  " + state + "  started " + s.startedLocal() + "  by "
          + s.operator() + "  " + steps + at + "  repo " + s.repo());
    }
    for (Damaged d : damaged) {
      out.println("damaged  " + d.file() + "  " + d.reason() + " (kept; not resumed)");
    }
    if (sessions.isEmpty() && damaged.isEmpty()) {
      out.println(all ? "No saved sessions." : "No unfinished sessions.");
    }
    out.flush();
  }
}
