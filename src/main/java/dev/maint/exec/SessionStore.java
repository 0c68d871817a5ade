package dev.maint.exec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves sessions as JSON files in the state folder ({@code sessions/ID.json}, format in {@code
 * docs/sessions.md}). Every save is atomic: write a temporary file, force it to disk, rename it
 * over the old one, force the folder. A crash or {@code kill -9} at any moment leaves either the
 * previous or the new state, never a broken file.
 */
public final class SessionStore {
  /** Version of the session file format. */
  public static final int SCHEMA = 1;

  /** UTC as a region, so that times show it named "UTC" (ZoneOffset.UTC shows "Z"). */
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  /** @param stateDir the state folder; sessions live in its {@code sessions} subfolder */
  public SessionStore(Path stateDir) {
    this.dir = stateDir.resolve("sessions");
  }

  /**
   * The state folder: {@code $MAINT_STATE_DIR}, else {@code $XDG_STATE_HOME/maint}, else {@code
   * ~/.local/state/maint}.
   */
  public static Path defaultStateDir(Map<String, String> env) {
    String explicit = env.get("MAINT_STATE_DIR");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "maint");
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "state", "maint");
  }

  /**
   * A step as saved.
   *
   * @param durationMs milliseconds
   * @param started ISO 8601 instant
   * @param facts facts captured or asked by the step; null in sessions saved before facts existed
   */
  public record StoredStep(
      String id, String status, String reason, String note, String by, String started, long durationMs,
      Map<String, Object> evidence, Map<String, String> facts) {}

  /**
   * A session as saved.
   *
   * @param schema {@link #SCHEMA}
   * @param state {@code open} (resumable) or {@code finished}
   * @param running id of the step that was running when this was saved, or null
   * @param repo absolute path of the repository the log entry goes to
   * @param started ISO 8601 instant
   * @param order the cadence's step ids when the session was saved, to tell what a changed
   *     runbook added or removed
   * @param settings hex SHA-256 of the session's {@code --set} values, so a resumed session cannot
   *     silently run with other values (the values themselves may be secret)
   * @param deadline an emergency response's deadline, ISO 8601 instant; null for other walks and in
   *     files saved before maint kept it
   * @param runningPid process id of the running step's command, see {@link Running#pid}; null
   *     when none (and in files saved before maint kept it)
   * @param runningSince ISO 8601 instant that process started, see {@link Running#since}; or null
   * @param acknowledged whether the operator acknowledged what the previous run left open; null
   *     (not acknowledged) in files saved before maint kept it
   * @param walk the session's own step ids in walking order (see {@link Session#order()}): what it
   *     walks, as {@code --only}, {@code --skip} and {@code --start-at} chose them, unlike {@code
   *     order}; null in files saved before maint kept it
   * @param timezone the runbook's time zone id (e.g. {@code Europe/Brussels}), in which the session's
   *     times are shown; null in files saved before maint kept it, see {@link #zone}
   * @param pendingNotes notes given to steps without a result yet, by step id (see {@link
   *     Session#pendingNotes()}); null in files saved before maint kept them
   */
  public record StoredSession(
      int schema, String id, String runbookId, String runbookVersion, String runbookSha256, String cadence,
      String environment, String operator, String repo, String started, String state, String running,
      List<String> order, String settings, List<StoredStep> steps, String deadline, Long runningPid,
      String runningSince, Boolean acknowledged, List<String> walk, String timezone,
      Map<String, String> pendingNotes) {
    /**
     * The time zone to show this session's times in: its runbook's. A file saved before maint
     * kept it takes the loaded runbook's zone when the session is of that runbook, else UTC, so
     * that another runbook's session is never shown in a zone that is not its own.
     *
     * @param loadedRunbookId the id of the runbook {@code maint} loaded
     * @param loadedZone that runbook's time zone
     */
    public ZoneId zone(String loadedRunbookId, ZoneId loadedZone) {
      if (timezone != null) {
        return ZoneId.of(timezone);
      }
      return runbookId.equals(loadedRunbookId) ? loadedZone : UTC;
    }
  }

  /**
   * The step running when a session is saved mid-step.
   *
   * @param step the step's id
   * @param pid process id of its command (the leader of the command's process group); null for
   *     probes and before the command started
   * @param since when that process started, as the operating system reports it, to tell it from a
   *     later process that got the same id; null when unknown
   */
  public record Running(String step, Long pid, Instant since) {}

  /**
   * Saves the session atomically.
   *
   * @param settings digest of the {@code --set} values, see {@link StoredSession#settings}
   * @param running the step now running (recorded as interrupted if the process dies), or null
   * @param finished whether the walk is complete (no longer offered for resuming)
   * @throws MaintException (exit 2) when the state folder cannot be written
   */
  public void save(Session session, Path repo, String settings, Running running, boolean finished) {
    List<StoredStep> steps = new ArrayList<>();
    for (StepResult r : session.results()) {
      steps.add(new StoredStep(r.stepId(), r.status().label(), r.reason(), r.note(), r.by(),
          r.started().toString(), r.duration().toMillis(), r.evidence(), r.facts()));
    }
    StoredSession stored = new StoredSession(SCHEMA, session.id(), session.runbookId(), session.runbookVersion(),
        session.runbookSha256(), session.cadence(), session.environment(), session.operator(),
        repo.toAbsolutePath().normalize().toString(), session.started().toString(),
        finished ? "finished" : "open", running == null ? null : running.step(), session.cadenceSteps(), settings, steps,
        session.deadline().map(Instant::toString).orElse(null), running == null ? null : running.pid(),
        running == null || running.since() == null ? null : running.since().toString(), session.acknowledged(),
        session.order(), session.timezone().getId(), session.pendingNotes());
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve(session.id() + ".json"), JSON.writeValueAsBytes(stored));
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot save the session in " + dir + ": " + e.getMessage()
          + " (set MAINT_STATE_DIR to a writable folder)", e);
    }
    if (finished) {
      prune();
    }
  }

  /** Finished and abandoned sessions kept; older ones are deleted so the folder does not grow forever. */
  public static final int KEEP_CLOSED = 50;

  private void prune() {
    List<StoredSession> closed = list().stream().filter(s -> !s.state().equals("open")).toList();
    for (StoredSession old : closed.subList(Math.min(KEEP_CLOSED, closed.size()), closed.size())) {
      try {
        Files.deleteIfExists(dir.resolve(old.id() + ".json"));
      } catch (IOException e) {
        // Pruning is housekeeping; a file that cannot be deleted now is tried again next time.
      }
    }
  }

  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    AtomicFile.write(target, out -> out.write(bytes));
  }

  /** Every saved session, newest first; unreadable files are skipped. */
  public List<StoredSession> list() {
    List<StoredSession> all = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          StoredSession stored = JSON.readValue(f.toFile(), StoredSession.class);
          if (complete(stored)) {
            all.add(stored);
          }
        } catch (IOException unreadable) {
          // A file from a newer maint or edited by hand: not ours to resume.
        }
      }
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot read the sessions in " + dir + ": " + e.getMessage(), e);
    }
    all.sort(Comparator.comparing(StoredSession::started).reversed());
    return all;
  }

  /** Whether a saved file has everything a session needs; others are skipped, never fatal. */
  private static boolean complete(StoredSession s) {
    return s.schema() == SCHEMA && s.id() != null && s.runbookId() != null && s.runbookSha256() != null
        && s.cadence() != null && s.environment() != null && s.operator() != null && s.repo() != null
        && s.started() != null && s.state() != null && s.steps() != null && instantOrNull(s.deadline())
        && zoneOrNull(s.timezone())
        && instantOrNull(s.runningSince())
        && (s.pendingNotes() == null || s.pendingNotes().values().stream().allMatch(java.util.Objects::nonNull))
        && s.steps().stream().allMatch(st -> st.id() != null && st.started() != null && st.reason() != null
            && st.note() != null && Arrays.stream(Status.values()).anyMatch(v -> v.label().equals(st.status())));
  }

  private static boolean zoneOrNull(String id) {
    if (id == null) {
      return true;
    }
    try {
      ZoneId.of(id);
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  private static boolean instantOrNull(String text) {
    if (text == null) {
      return true;
    }
    try {
      Instant.parse(text);
      return true;
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /**
   * The newest open session of this runbook and cadence for this repository, if any. A session
   * with nothing recorded (and nothing running) has nothing to resume and is not offered.
   */
  public Optional<StoredSession> findOpen(String runbookId, String cadence, Path repo) {
    String repoPath = repo.toAbsolutePath().normalize().toString();
    return list().stream()
        .filter(s -> s.state().equals("open") && s.runbookId().equals(runbookId)
            && s.cadence().equals(cadence) && s.repo().equals(repoPath)
            && (!s.steps().isEmpty() || s.running() != null))
        .findFirst();
  }

  /** Marks a saved session as abandoned by {@code --restart}: it is no longer offered. */
  public void abandon(StoredSession stored) {
    StoredSession closed = new StoredSession(stored.schema(), stored.id(), stored.runbookId(), stored.runbookVersion(),
        stored.runbookSha256(), stored.cadence(), stored.environment(), stored.operator(), stored.repo(),
        stored.started(), "abandoned", null, stored.order(), stored.settings(), stored.steps(), stored.deadline(),
        null, null, stored.acknowledged(), stored.walk(), stored.timezone(), stored.pendingNotes());
    try {
      writeAtomically(dir.resolve(stored.id() + ".json"), JSON.writeValueAsBytes(closed));
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot save the session in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Rebuilds a session to resume. A step that was running when the process died comes back as
   * {@code interrupted}, so it is offered again, with the notes of its earlier result and the note
   * that waited for its answer, joined; other steps' waiting notes wait on.
   *
   * @param order the step ids of the resumed walk, in order, see {@link Session#order()}
   * @param cadenceSteps the step ids of the cadence as the runbook has them now
   * @param timezone the runbook's time zone now
   */
  public static Session restore(StoredSession stored, List<String> order, List<String> cadenceSteps,
      String runbookSha256, ZoneId timezone) {
    Session s = new Session(stored.id(), stored.runbookId(), stored.runbookVersion(), runbookSha256, timezone,
        stored.cadence(), stored.environment(), stored.operator(), Instant.parse(stored.started()), order,
        cadenceSteps);
    if (stored.deadline() != null) {
      s.deadline(Instant.parse(stored.deadline()));
    }
    if (Boolean.TRUE.equals(stored.acknowledged())) {
      s.acknowledge();
    }
    for (StoredStep st : stored.steps()) {
      s.record(new StepResult(st.id(), Status.valueOf(st.status().toUpperCase(java.util.Locale.ROOT)), st.reason(),
          st.note(), st.by(), Instant.parse(st.started()), Duration.ofMillis(st.durationMs()), st.evidence(),
          st.facts()));
    }
    if (stored.pendingNotes() != null) {
      stored.pendingNotes().forEach(s::pendingNote);
    }
    if (stored.running() != null) {
      String running = stored.running();
      // The killed run would have recorded both with the step's outcome; kill -9 must not lose them.
      String notes = Walker.joinNotes(s.result(running).map(StepResult::note).orElse(""), s.pendingNote(running));
      s.pendingNote(running, "");
      s.record(new StepResult(running, Status.INTERRUPTED, "maint stopped while this step was running",
          notes, Walker.MAINT, Instant.parse(stored.started()), Duration.ZERO, Map.of()));
    }
    return s;
  }
}
