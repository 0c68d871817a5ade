package dev.maint.report;

import dev.maint.exec.SessionStore;
import dev.maint.record.RecordJson;
import dev.maint.text.OneLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

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
   * @param at the step the session is at: the step running now, or whose command was running when
   *     its maint ended, else the first step of its walk without an answer, where a resume continues
   *     (see {@link SessionStore.StoredSession#at}); null for a finished session, or when not known
   * @param interrupted whether {@code at}'s command was running when the maint walking it ended
   *     (killed or crashed): a resume records it {@code interrupted} and offers it again
   * @param repo the repository it records into; null for a run found only in git
   * @param running the maint walking it now; null when none
   * @param gitRef for a run begun on another clone, the ref it travels in ({@code
   *     refs/maint/runs/ID}); null for a session saved here
   * @param claims the claims that hold now on the run's ref: sections being walked, steps whose
   *     command runs, by whichever operator and host
   */
  public record Entry(String id, String cadence, String state, String started, String startedLocal, String operator,
      int stepsRecorded, String at, boolean interrupted, String repo, Running running, String gitRef,
      List<Claim> claims) {
    public Entry {
      claims = List.copyOf(claims);
    }
  }

  /**
   * A claim on part of a run (see docs/sessions.md, Many hands), as read from the run's ref: text
   * from another machine.
   *
   * @param kind {@code section} or {@code step}
   * @param target the section's or the step's id
   * @param operator who holds it, {@code Name <mail>}
   * @param host the host its maint runs on
   * @param pid that maint's process id
   * @param since when it was made, ISO-8601 instant (as the claim has it)
   * @param expires when it lapses unless released, ISO-8601 instant (as the claim has it)
   */
  public record Claim(String kind, String target, String operator, String host, long pid, String since,
      String expires) {}

  /**
   * The maint walking a session now, from the walk lock.
   *
   * @param since ISO-8601 instant (UTC)
   * @param sinceLocal the same in the session's time zone
   */
  public record Running(long pid, String host, String since, String sinceLocal) {}

  /**
   * A session file that cannot be read (it was moved aside and is kept), a journal whose session
   * file is missing, or a run's ref in git that holds no run maint can read (left as it is).
   *
   * @param file the file, or the ref's full name ({@code refs/maint/runs/...})
   * @param reason what is wrong with it
   * @param cadence the cadence it names, null when that cannot be read
   * @param repo the repository it names, null when that cannot be read
   */
  public record Damaged(String file, String reason, String cadence, String repo) {}

  /** The document {@code maint sessions --format json} prints. */
  public record Doc(String schema, boolean all, List<Entry> sessions, List<Damaged> damaged) {}

  /** Prints {@code maint-sessions/1}. */
  public static void json(PrintWriter out, boolean all, List<Entry> sessions, List<Damaged> damaged) {
    out.print(RecordJson.writeValue(new Doc("maint-sessions/1", all, sessions, damaged)));
    out.flush();
  }

  /**
   * One line per session, then one per damaged file, or a line saying there is none. What comes
   * from a session file (or a run fetched from another clone, or a parse error quoting one) is
   * anyone's text: its control characters are escaped and bidirectional controls shown ({@link
   * OneLine#escape}), so a terminal does not act on them.
   */
  public static void text(PrintWriter out, boolean all, List<Entry> sessions, List<Damaged> damaged) {
    for (Entry s : sessions) {
      String steps = s.stepsRecorded() + (s.stepsRecorded() == 1 ? " step" : " steps") + " recorded"
          + (s.at() == null ? "" : (s.interrupted() ? ", interrupted at " : ", at ") + shown(s.at()));
      if (s.gitRef() != null) {
        out.println(shown(s.id()) + "  " + shown(s.cadence()) + "  " + shown(s.state()) + " in git ("
            + shown(s.gitRef()) + ")  started " + s.startedLocal() + "  by " + shown(s.operator()) + "  " + steps);
        claims(out, s);
        continue;
      }
      String state = s.running() == null ? shown(s.state()) : "running now (pid " + s.running().pid() + " on "
          + shown(s.running().host()) + ", since " + s.running().sinceLocal() + ")";
      out.println(shown(s.id()) + "  " + shown(s.cadence()) + "  " + state + "  started " + s.startedLocal() + "  by "
          + shown(s.operator()) + "  " + steps + "  repo " + shown(s.repo()));
      claims(out, s);
    }
    for (Damaged d : damaged) {
      String scope = new SessionStore.Damaged(java.nio.file.Path.of(d.file()), d.reason(),
          Optional.ofNullable(d.cadence()), Optional.ofNullable(d.repo())).scope();
      out.println("damaged  " + shown(d.file()) + "  " + shown(d.reason()) + " (" + shown(scope)
          + "; kept; not resumed)");
    }
    if (sessions.isEmpty() && damaged.isEmpty()) {
      out.println(all ? "No saved sessions." : "No unfinished sessions.");
    }
    out.flush();
  }

  /** One indented line per claim that holds on the session's run. */
  private static void claims(PrintWriter out, Entry s) {
    for (Claim c : s.claims()) {
      out.println("  claimed: " + shown(c.kind()) + " " + shown(c.target()) + " by " + shown(c.operator()) + " on "
          + shown(c.host()) + " (pid " + c.pid() + ", since " + shown(c.since()) + ", until " + shown(c.expires())
          + ")");
    }
  }

  private static String shown(String text) {
    return OneLine.escape(text);
  }
}
