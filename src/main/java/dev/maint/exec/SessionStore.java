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
 * Saves sessions in the state folder (format in {@code docs/sessions.md}): the whole session in
 * {@code sessions/ID.json}, written atomically when a walk begins and when it is recorded (write a temporary
 * file, force it to disk, rename it over the old one, force the folder), and what happens in
 * between appended to {@code sessions/ID.journal}, one JSON line per answer, note or started step
 * ({@link #append}). An answer costs one line and one sync, whatever the size of the session; a
 * crash or {@code kill -9} at any moment leaves the last whole state plus whole lines (a torn last
 * line is ignored). Reading a session replays its journal; the next whole save folds it in.
 */
public final class SessionStore {
  /** Version of the session file format. */
  public static final int SCHEMA = 1;

  /** UTC as a region, so that times show it named "UTC" (ZoneOffset.UTC shows "Z"). */
  private static final ZoneId UTC = ZoneId.of("UTC");

  /**
   * The object mappers that read sessions, and that {@link SessionJson} writes as: started when a
   * session is first read, which a walk of a new session never does.
   */
  static final class Mappers {
    private Mappers() {}

    /** The session file: indented, absent values written as {@code null}. */
    static final ObjectMapper JSON = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One journal line: no indentation, absent fields left out. */
    static final ObjectMapper LINE = new ObjectMapper()
        .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static final String JOURNAL = ".journal";

  private final Path dir;

  /** @param stateDir the state folder; sessions live in its {@code sessions} subfolder */
  public SessionStore(Path stateDir) {
    this.dir = stateDir.resolve("sessions");
  }

  /** The environment variable that names the state folder. */
  public static final String STATE_DIR_VARIABLE = "MAINT_STATE_DIR";

  /**
   * The state folder: {@code $MAINT_STATE_DIR}, else {@code $XDG_STATE_HOME/maint}, else {@code
   * ~/.local/state/maint}. A relative {@code XDG_STATE_HOME} is ignored, as the XDG Base Directory
   * Specification says (and as {@code RunLog} does for the logs).
   *
   * @throws dev.maint.MaintException (usage, exit 2) when {@code MAINT_STATE_DIR} is a relative
   *     path ({@link dev.maint.io.EnvironmentPath})
   */
  public static Path defaultStateDir(Map<String, String> env) {
    return dev.maint.io.EnvironmentPath.of(env, STATE_DIR_VARIABLE)
        .orElseGet(() -> dev.maint.io.EnvironmentPath.maintState(env));
  }

  /**
   * A step as saved.
   *
   * @param durationMs milliseconds
   * @param started ISO 8601 instant
   * @param facts facts captured or asked by the step; null in sessions saved before facts existed
   * @param operator the operator whose walk recorded it ({@code Name <mail>}), also when {@code by} is
   *     {@code maint}; null in sessions saved before maint kept it
   */
  public record StoredStep(
      String id, String status, String reason, String note, String by, String started, long durationMs,
      Map<String, Object> evidence, Map<String, String> facts, String operator) {
    /** Who walked it: {@link #operator}, else {@code by} unless that is {@code maint}, else {@code fallback}. */
    public String walker(String fallback) {
      return operator != null ? operator : by != null && !by.equals(Walker.MAINT) ? by : fallback;
    }
  }

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
   * @param cycle {@code full} or {@code light} (see {@link Cycle}), decided when the session began;
   *     null in files saved before maint kept it
   * @param start how the session was started (see {@link Start}); null in files saved before
   *     maint kept it
   */
  public record StoredSession(
      int schema, String id, String runbookId, String runbookVersion, String runbookSha256, String cadence,
      String environment, String operator, String repo, String started, String state, String running,
      List<String> order, String settings, List<StoredStep> steps, String deadline, Long runningPid,
      String runningSince, Boolean acknowledged, List<String> walk, String timezone,
      Map<String, String> pendingNotes, String cycle, Start start) {
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

    /**
     * The step this session is at: the one whose command was running when it was last saved (see
     * {@link #running}), else the first step of its {@link #walk} without an answer, where a resume
     * continues (or the step a walk going on now waits at). Empty when every step of its walk is
     * answered, or its walk is not known (files saved before maint kept it).
     *
     * @param answered the ids of the steps with an answer (the session's own, and those its run's
     *     ref holds)
     */
    public Optional<String> at(java.util.Set<String> answered) {
      if (running != null) {
        return Optional.of(running);
      }
      return walk == null ? Optional.empty() : walk.stream().filter(id -> !answered.contains(id)).findFirst();
    }

    /** The same session in another state ({@code open}, {@code finished}, {@code abandoned}). */
    public StoredSession withState(String newState) {
      return toBuilder().state(newState).build();
    }

    /**
     * The same session with another step running (see {@link Running}); all null when none runs.
     *
     * @param step the running step's id
     * @param pid its command's process id
     * @param since when that process started, ISO 8601 instant
     */
    public StoredSession withRunning(String step, Long pid, String since) {
      return toBuilder().running(step, pid, since).build();
    }

    /** The same session with other step results. */
    public StoredSession withSteps(List<StoredStep> newSteps) {
      return toBuilder().steps(List.copyOf(newSteps)).build();
    }

    /** The same session with other notes waiting for their steps' answers. */
    public StoredSession withPendingNotes(Map<String, String> notes) {
      return toBuilder().pendingNotes(notes).build();
    }

    /** The same session kept in another repository (absolute path). */
    public StoredSession withRepo(String newRepo) {
      return toBuilder().repo(newRepo).build();
    }

    /** The same session started another way (see {@link Start}). */
    public StoredSession withStart(Start newStart) {
      return toBuilder().start(newStart).build();
    }

    /**
     * Starts a session as saved: format {@link #SCHEMA}, {@code open}, no steps in its cadence's
     * order or results, and every other component null (as in a file saved before maint kept it)
     * until given.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding every component of this session, to build a copy with some changed. */
    public Builder toBuilder() {
      return new Builder().schema(schema).id(id).runbook(runbookId, runbookVersion, runbookSha256).cadence(cadence)
          .environment(environment).operator(operator).repo(repo).started(started).state(state)
          .running(running, runningPid, runningSince).order(order).settings(settings).steps(steps)
          .deadline(deadline).acknowledged(acknowledged).walk(walk).timezone(timezone)
          .pendingNotes(pendingNotes).cycle(cycle).start(start);
    }

    /**
     * Builds a {@link StoredSession} component by component ({@link StoredSession#builder}); each
     * method sets the component of the same name, documented on the record.
     */
    public static final class Builder {
      private int schema = SCHEMA;
      private String id;
      private String runbookId;
      private String runbookVersion;
      private String runbookSha256;
      private String cadence;
      private String environment;
      private String operator;
      private String repo;
      private String started;
      private String state = "open";
      private String running;
      private List<String> order = List.of();
      private String settings;
      private List<StoredStep> steps = List.of();
      private String deadline;
      private Long runningPid;
      private String runningSince;
      private Boolean acknowledged;
      private List<String> walk;
      private String timezone;
      private Map<String, String> pendingNotes;
      private String cycle;
      private Start start;

      private Builder() {}

      /** The file format's version, {@link SessionStore#SCHEMA} unless given. */
      public Builder schema(int version) {
        this.schema = version;
        return this;
      }

      /** The session's id. */
      public Builder id(String sessionId) {
        this.id = sessionId;
        return this;
      }

      /** The runbook's id, version and hex SHA-256 digest. */
      public Builder runbook(String runbookIdGiven, String version, String sha256) {
        this.runbookId = runbookIdGiven;
        this.runbookVersion = version;
        this.runbookSha256 = sha256;
        return this;
      }

      /** The cadence walked, e.g. {@code monthly}. */
      public Builder cadence(String cadenceId) {
        this.cadence = cadenceId;
        return this;
      }

      /** The environment walked against. */
      public Builder environment(String name) {
        this.environment = name;
        return this;
      }

      /** The operator who began the session ({@code Name <mail>}). */
      public Builder operator(String who) {
        this.operator = who;
        return this;
      }

      /** Absolute path of the repository the log entry goes to. */
      public Builder repo(String path) {
        this.repo = path;
        return this;
      }

      /** When the session began, ISO 8601 instant. */
      public Builder started(String instant) {
        this.started = instant;
        return this;
      }

      /** {@code open}, {@code finished} or {@code abandoned}. */
      public Builder state(String newState) {
        this.state = newState;
        return this;
      }

      /** The step running, its command's process id and since when (ISO 8601); all null when none runs. */
      public Builder running(String step, Long pid, String since) {
        this.running = step;
        this.runningPid = pid;
        this.runningSince = since;
        return this;
      }

      /** The cadence's step ids when the session was saved. */
      public Builder order(List<String> stepIds) {
        this.order = stepIds;
        return this;
      }

      /** Hex SHA-256 of the session's {@code --set} values. */
      public Builder settings(String digest) {
        this.settings = digest;
        return this;
      }

      /** The steps' results, in the order they were answered. */
      public Builder steps(List<StoredStep> results) {
        this.steps = results;
        return this;
      }

      /** An emergency response's deadline, ISO 8601 instant; null for other walks. */
      public Builder deadline(String instant) {
        this.deadline = instant;
        return this;
      }

      /** Whether the operator acknowledged what the previous run left open. */
      public Builder acknowledged(Boolean given) {
        this.acknowledged = given;
        return this;
      }

      /** The session's own step ids in walking order. */
      public Builder walk(List<String> stepIds) {
        this.walk = stepIds;
        return this;
      }

      /** The runbook's time zone id, e.g. {@code Europe/Brussels}. */
      public Builder timezone(String zoneId) {
        this.timezone = zoneId;
        return this;
      }

      /** Notes given to steps without a result yet, by step id. */
      public Builder pendingNotes(Map<String, String> notes) {
        this.pendingNotes = notes;
        return this;
      }

      /** {@code full} or {@code light} (see {@link Cycle}). */
      public Builder cycle(String label) {
        this.cycle = label;
        return this;
      }

      /** How the session was started (see {@link Start}). */
      public Builder start(Start how) {
        this.start = how;
        return this;
      }

      /** The session as saved. */
      public StoredSession build() {
        return new StoredSession(schema, id, runbookId, runbookVersion, runbookSha256, cadence, environment,
            operator, repo, started, state, running, order, settings, steps, deadline, runningPid, runningSince,
            acknowledged, walk, timezone, pendingNotes, cycle, start);
      }
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
    StoredSession stored = snapshot(session, repo, settings, running, finished);
    try {
      Files.createDirectories(dir);
      writeWhole(stored);
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot save the session in " + dir + ": " + e.getMessage()
          + " (set MAINT_STATE_DIR to a writable folder)", e);
    }
    if (finished) {
      prune();
    }
  }

  /**
   * The session as {@link #save} saves it, without saving it (to put a run on its git ref before
   * the state folder has it, say).
   *
   * @param settings digest of the {@code --set} values, see {@link StoredSession#settings}
   * @param running the step now running, or null
   * @param finished whether the walk is complete
   */
  public static StoredSession snapshot(Session session, Path repo, String settings, Running running,
      boolean finished) {
    List<StoredStep> steps = new ArrayList<>();
    for (StepResult r : session.results()) {
      steps.add(stored(r, session.walker(r.stepId())));
    }
    return StoredSession.builder().id(session.id())
        .runbook(session.runbookId(), session.runbookVersion(), session.runbookSha256()).cadence(session.cadence())
        .environment(session.environment()).operator(session.operator())
        .repo(repo.toAbsolutePath().normalize().toString()).started(session.started().toString())
        .state(finished ? "finished" : "open")
        .running(running == null ? null : running.step(), running == null ? null : running.pid(),
            running == null || running.since() == null ? null : running.since().toString())
        .order(session.cadenceSteps()).settings(settings).steps(steps)
        .deadline(session.deadline().map(Instant::toString).orElse(null)).acknowledged(session.acknowledged())
        .walk(session.order()).timezone(session.timezone().getId()).pendingNotes(session.pendingNotes())
        .cycle(session.cycle().label()).start(session.start().orElse(null)).build();
  }

  /**
   * Writes the whole session, then drops its journal, which the whole file now holds. A crash
   * between the two leaves a journal whose lines the file already has: replaying them again
   * changes nothing, as every line sets a value rather than adding to one.
   */
  private void writeWhole(StoredSession stored) throws IOException {
    writeAtomically(dir.resolve(stored.id() + ".json"), SessionJson.whole(stored));
    Files.deleteIfExists(dir.resolve(stored.id() + JOURNAL));
  }

  /**
   * One line of a session's journal. Each sets a value, so a line replayed twice does no harm.
   *
   * @param result a step's result, replacing any earlier one (its waiting note is used up, and
   *     nothing runs any more)
   * @param noteStep with {@code note}: the note waiting for that step's answer (empty removes it)
   * @param note see {@code noteStep}
   * @param running the step now running, with {@code runningPid} and {@code runningSince} as in
   *     {@link StoredSession}
   * @param runningPid see {@link Running#pid}
   * @param runningSince see {@link Running#since}, ISO 8601
   */
  public record JournalLine(
      StoredStep result, String noteStep, String note, String running, Long runningPid, String runningSince) {
    /** A step's result, recorded by the walk of {@code operator}. */
    public static JournalLine result(StepResult r, String operator) {
      return new JournalLine(stored(r, operator), null, null, null, null, null);
    }

    /** The note waiting for a step's answer. */
    public static JournalLine note(String stepId, String note) {
      return new JournalLine(null, stepId, note, null, null, null);
    }

    /** A step started, with the note waiting for its answer (so that a kill now keeps it). */
    public static JournalLine running(Running running, String note) {
      return new JournalLine(null, note.isEmpty() ? null : running.step(), note.isEmpty() ? null : note,
          running.step(), running.pid(), running.since() == null ? null : running.since().toString());
    }
  }

  /** A result as saved, recorded by the walk of {@code operator} ({@code Name <mail>}). */
  public static StoredStep stored(StepResult r, String operator) {
    return new StoredStep(r.stepId(), r.status().label(), r.reason(), r.note(), r.by(),
        r.started().toString(), r.duration().toMillis(), r.evidence(), r.facts(), operator);
  }

  /** A saved step as a result. */
  public static StepResult result(StoredStep st) {
    return new StepResult(st.id(), Status.valueOf(st.status().toUpperCase(java.util.Locale.ROOT)), st.reason(),
        st.note(), st.by(), Instant.parse(st.started()), Duration.ofMillis(st.durationMs()),
        st.evidence() == null ? Map.of() : st.evidence(), st.facts());
  }

  /**
   * Appends one line to the session's journal: the bytes written are those of the line alone, not
   * of the session.
   *
   * @param sync whether to force the line to the device before returning: for answers and notes,
   *     which must survive a power cut; a started step's line is written without (it survives
   *     {@code kill -9}, and is only a hint for the next resume)
   * @throws MaintException (exit 2) when the state folder cannot be written
   */
  public void append(String sessionId, JournalLine line, boolean sync) {
    try {
      byte[] json = SessionJson.line(line);
      byte[] bytes = java.util.Arrays.copyOf(json, json.length + 1);
      bytes[json.length] = '\n';
      try (java.nio.channels.FileChannel out = openJournal(dir.resolve(sessionId + JOURNAL))) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        if (sync) {
          out.force(false);
        }
      }
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot save the session in " + dir + ": " + e.getMessage()
          + " (set MAINT_STATE_DIR to a writable folder)", e);
    }
  }

  /**
   * The journal opened for appending, created when missing. The folder is made only when it is
   * missing too: making it first on every line cost an exception (the folder exists) three times a step.
   */
  private java.nio.channels.FileChannel openJournal(Path journal) throws IOException {
    java.nio.file.OpenOption[] append = {java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.APPEND};
    try {
      return java.nio.channels.FileChannel.open(journal, append);
    } catch (java.nio.file.NoSuchFileException noFolder) {
      Files.createDirectories(dir);
      return java.nio.channels.FileChannel.open(journal, append);
    }
  }

  /**
   * The saved session with its journal replayed: lines in order, each setting its value. A last
   * line that does not parse (torn by a crash) is ignored.
   *
   * @throws IOException naming {@code JOURNAL:LINE:COLUMN} when an earlier line does not parse, or
   *     any line parses to something maint never writes: the journal is damaged
   */
  private static StoredSession replayed(StoredSession whole, Path journal) throws IOException {
    if (!Files.exists(journal)) {
      return whole;
    }
    Map<String, StoredStep> steps = new java.util.LinkedHashMap<>();
    whole.steps().forEach(st -> steps.put(st.id(), st));
    Map<String, String> notes = new java.util.LinkedHashMap<>(
        whole.pendingNotes() == null ? Map.of() : whole.pendingNotes());
    String running = whole.running();
    Long pid = whole.runningPid();
    String since = whole.runningSince();
    byte[] bytes = readAtMost(journal, MAX_SESSION_BYTES, "journal");
    List<String> texts = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < texts.size(); i++) {
      JournalLine line;
      try {
        line = Mappers.LINE.readValue(texts.get(i), JournalLine.class);
      } catch (IOException unparsed) {
        if (i == texts.size() - 1) {
          break; // the last line cut short by a crash: what it was writing was never recorded
        }
        // A bad line with good ones after it is damage, not a crash: replaying around it would
        // drop the answers after it (and forget a command left running), so the session goes aside.
        int column = unparsed instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
            ? Math.max(1, j.getLocation().getColumnNr()) : 1;
        throw new IOException(journal + ":" + (i + 1) + ":" + column + ": journal line " + (i + 1) + " of "
            + texts.size() + " does not parse (" + ReasonText.of(unparsed) + "); only a last line cut short by a"
            + " crash is ignored");
      }
      String wrong = wrong(line);
      if (wrong != null) {
        throw new IOException(journal + ":" + (i + 1) + ":1: journal line " + (i + 1) + " of " + texts.size() + " "
            + wrong);
      }
      if (line.noteStep() != null) {
        if (line.note() == null || line.note().isEmpty()) {
          notes.remove(line.noteStep());
        } else {
          notes.put(line.noteStep(), line.note());
        }
      }
      if (line.running() != null) {
        running = line.running();
        pid = line.runningPid();
        since = line.runningSince();
      }
      if (line.result() != null) {
        steps.put(line.result().id(), line.result());
        notes.remove(line.result().id());
        running = null;
        pid = null;
        since = null;
      }
    }
    return whole.withRunning(running, pid, since).withSteps(List.copyOf(steps.values())).withPendingNotes(notes);
  }

  /** Finished and abandoned sessions kept; older ones are deleted so the folder does not grow forever. */
  public static final int KEEP_CLOSED = 50;

  /**
   * Deletes the closed sessions beyond the newest {@value #KEEP_CLOSED}. Only the {@code id},
   * {@code state} and {@code started} of each file are read, not its steps, and nothing at all
   * while the folder holds no more session files than are kept: a walk's end used to read every
   * session in the folder whole. A file whose header cannot be read is left alone, for {@link
   * #list()} to set aside.
   */
  private void prune() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(dir, "*.json")) {
      all.forEach(files::add);
    } catch (IOException e) {
      return;
    }
    if (files.size() <= KEEP_CLOSED) {
      return;
    }
    List<Header> closed = new ArrayList<>();
    for (Path f : files) {
      header(f).filter(h -> !h.state().equals("open") && f.getFileName().toString().equals(h.id() + ".json"))
          .ifPresent(closed::add);
    }
    closed.sort(Comparator.comparing(Header::started).reversed());
    for (Header old : closed.subList(Math.min(KEEP_CLOSED, closed.size()), closed.size())) {
      try {
        Files.deleteIfExists(dir.resolve(old.id() + ".json"));
        Files.deleteIfExists(dir.resolve(old.id() + JOURNAL));
      } catch (IOException e) {
        // Pruning is housekeeping; a file that cannot be deleted now is tried again next time.
      }
    }
  }

  /** What pruning reads of a session file. */
  private record Header(String id, String state, String started) {}

  /**
   * The top-level {@code id}, {@code state} and {@code started} of a session file, the rest
   * skipped unread; empty when the file is not a JSON object holding all three as strings, with a
   * valid id.
   */
  private static Optional<Header> header(Path file) {
    String id = null;
    String state = null;
    String started = null;
    try (com.fasterxml.jackson.core.JsonParser p = SessionJson.FACTORY.createParser(
        readAtMost(file, MAX_SESSION_BYTES, "session file"))) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          switch (name) {
            case "id" -> id = p.getText();
            case "state" -> state = p.getText();
            case "started" -> started = p.getText();
            default -> { }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return id != null && SESSION_ID.matcher(id).matches() && state != null && started != null
        ? Optional.of(new Header(id, state, started)) : Optional.empty();
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
        Read read = read(f, ".json");
        if (read.session() != null) {
          all.add(read.session());
        } else {
          damaged(f, read.problem());
        }
      }
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot read the sessions in " + dir + ": " + e.getMessage(), e);
    }
    all.sort(Comparator.comparing(StoredSession::started).reversed());
    return all;
  }

  /**
   * A session file read: the session with its journal replayed, or why the file holds none.
   *
   * @param session the session; null when the file is damaged
   * @param problem why it is damaged, {@code FILE:LINE:COLUMN: what} when the JSON of the file or
   *     of its journal does not parse; null for a session
   */
  private record Read(StoredSession session, String problem) {}

  /**
   * Reads {@code f}, named {@code ID + suffix}, with its journal (named as {@code f}, {@link
   * #JOURNAL} in place of {@code .json}). The same for a session file and for one moved aside, so a
   * damaged file says what is wrong with it every time it is listed, not only when first found.
   */
  private static Read read(Path f, String suffix) {
    String name = f.getFileName().toString();
    Path journal = f.resolveSibling(name.replaceFirst("\\.json(?=[^/]*$)", JOURNAL));
    try {
      if (Files.isDirectory(f)) {
        throw new IOException("a directory, not a file");
      }
      StoredSession stored = Mappers.JSON.readValue(readAtMost(f, MAX_SESSION_BYTES, "session file"), StoredSession.class);
      StoredSession now = stored != null && complete(stored) ? replayed(stored, journal) : null;
      if (now != null && complete(now) && name.equals(now.id() + suffix)) {
        return new Read(now, null);
      }
      return new Read(null, stored == null ? "holds no session (null or empty)"
          : stored.schema() != SCHEMA ? "unknown schema " + stored.schema()
          : stored.id() == null || !SESSION_ID.matcher(stored.id()).matches() ? "invalid session id"
          : "missing or invalid fields");
    } catch (com.fasterxml.jackson.core.JsonProcessingException unparsed) {
      com.fasterxml.jackson.core.JsonLocation at = unparsed.getLocation();
      return new Read(null, at == null || at.getLineNr() < 1 ? ReasonText.of(unparsed)
          : f + ":" + at.getLineNr() + ":" + Math.max(1, at.getColumnNr()) + ": " + ReasonText.of(unparsed));
    } catch (IOException | RuntimeException unreadable) {
      return new Read(null, ReasonText.of(unreadable));
    }
  }

  /**
   * The file's bytes, read up to {@code limit} (bytes) and one more: the size is checked on what
   * was read, not on what the file system reports, which a FIFO, a device or a growing file makes wrong.
   *
   * @throws IOException when unreadable or longer than {@code limit}, the message naming {@code what}
   */
  private static byte[] readAtMost(Path f, long limit, String what) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(f)) {
      byte[] bytes = in.readNBytes((int) limit + 1);
      if (bytes.length > limit) {
        // Named, as a listing shows the reason beside the session file, not the journal.
        throw new IOException(f + ": " + what + " is larger than " + limit + " bytes");
      }
      return bytes;
    }
  }

  /** Most bytes a session file, and separately its journal, may have; sessions are kilobytes. */
  static final long MAX_SESSION_BYTES = 16L << 20;

  /**
   * Whether {@code id} has the form of a session id: a letter or digit, then up to 63 letters,
   * digits, {@code -} or {@code _} (so it is one safe file name and ref name component).
   */
  public static boolean isId(String id) {
    return SESSION_ID.matcher(id).matches();
  }

  /** A session id as maint makes them; anything else never becomes part of a path. */
  static final java.util.regex.Pattern SESSION_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /**
   * A session file that could not be read, moved aside to {@code NAME.json.damaged} so that it is
   * kept for a person to look at and never resumed, nor silently taken for "no session"; or a
   * journal without its session file, left where it is.
   *
   * @param file the file as it is now (the {@code .damaged} name; an orphaned journal's own name)
   * @param reason why it could not be read
   * @param cadence the cadence the file names, when that much of it can be read
   * @param repo the repository the file names (absolute, as a session file keeps it), when that
   *     much of it can be read
   */
  public record Damaged(Path file, String reason, Optional<String> cadence, Optional<String> repo) {
    /**
     * Whether this file may be the session of {@code cadence} in {@code repo}: what can be read of
     * it matches, and what cannot is taken to match (it may hold steps of that walk).
     */
    public boolean mayBelongTo(String cadence, Path repo) {
      String repoPath = repo.toAbsolutePath().normalize().toString();
      return this.cadence.map(cadence::equals).orElse(true) && this.repo.map(repoPath::equals).orElse(true);
    }

    /** What it is known to belong to, for messages: {@code monthly in /srv/ops}, or what cannot be read. */
    public String scope() {
      if (cadence.isEmpty() && repo.isEmpty()) {
        return "its cadence and repository cannot be read, so it stops a walk of any";
      }
      return cadence.map(c -> "a " + c + " session").orElse("a session of a cadence that cannot be read")
          + repo.map(r -> " of " + r).orElse(" of a repository that cannot be read");
    }
  }

  /**
   * The top-level {@code cadence} and {@code repo} strings of a damaged file, as far as it parses:
   * a file cut short or broken further on still names them near its start.
   */
  private static Damaged scoped(Path file, String reason) {
    String cadence = null;
    String repo = null;
    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (com.fasterxml.jackson.core.JsonParser p = SessionJson.FACTORY.createParser(
          readAtMost(file, MAX_SESSION_BYTES, "session file"))) {
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          com.fasterxml.jackson.core.JsonToken t;
          while ((t = p.nextToken()) == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && name.equals("cadence")) {
              cadence = p.getText();
            } else if (t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING && name.equals("repo")) {
              repo = p.getText();
            } else {
              p.skipChildren();
            }
          }
        }
      } catch (IOException | RuntimeException unreadable) {
        // What was read before the damage is kept.
      }
    }
    return new Damaged(file, reason, Optional.ofNullable(cadence).filter(c -> !c.isBlank()),
        Optional.ofNullable(repo).filter(r -> !r.isBlank()));
  }

  private final List<Damaged> damaged = new ArrayList<>();

  /**
   * The damaged session files: those {@link #list()} found and moved aside, those moved aside
   * earlier that no walk has acknowledged yet ({@code *.json.damaged}), and the journals whose
   * session file is missing ({@code ID.journal} without {@code ID.json}, as a crash while pruning
   * or setting a file aside can leave one). Such a journal holds answers and notes of a session
   * nobody can resume: it is listed where it is, never moved, replayed or deleted, and since it
   * cannot say its cadence or repository it stops a walk of any until one starts over.
   */
  public List<Damaged> damaged() {
    List<Damaged> all = new ArrayList<>(damaged);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json.damaged")) {
        for (Path f : files) {
          if (all.stream().noneMatch(d -> d.file().equals(f))) {
            // Read again for its reason: the walk or listing after the one that found it says the same.
            String reason = read(f, ".json.damaged").problem();
            all.add(scoped(f, reason != null ? reason : "found damaged before"));
          }
        }
      } catch (IOException e) {
        // Listed as far as readable.
      }
      try (DirectoryStream<Path> journals = Files.newDirectoryStream(dir, "*" + JOURNAL)) {
        for (Path j : journals) {
          String name = j.getFileName().toString();
          String file = name.substring(0, name.length() - JOURNAL.length()) + ".json";
          if (!Files.exists(dir.resolve(file), java.nio.file.LinkOption.NOFOLLOW_LINKS)
              && all.stream().noneMatch(d -> d.file().equals(j))) {
            all.add(new Damaged(j, "orphaned journal: its session file " + file + " is missing, so the answers and"
                + " notes it holds belong to no session", Optional.empty(), Optional.empty()));
          }
        }
      } catch (IOException e) {
        // Listed as far as readable.
      }
    }
    return all;
  }

  /**
   * Marks {@code seen} (some of {@link #damaged()}) as seen by a walk that started over ({@code
   * --restart} or the operator's yes): renamed to {@code *.json.damaged.seen}, kept, and no longer
   * stopping walks. Other damaged files stay as they are.
   *
   * @return where each file is kept now (its old name when it could not be renamed)
   */
  public List<Path> acknowledgeDamaged(List<Damaged> seen) {
    List<Path> kept = new ArrayList<>();
    for (Damaged d : seen) {
      Path now = d.file().resolveSibling(d.file().getFileName() + ".seen");
      try {
        Files.move(d.file(), now, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        kept.add(now);
      } catch (IOException e) {
        // Left as it is: the next walk asks again.
        kept.add(d.file());
      }
      damaged.removeIf(d::equals);
    }
    return kept;
  }

  private void damaged(Path file, String reason) {
    Path aside = file.resolveSibling(file.getFileName() + ".damaged");
    try {
      Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      aside = file;
    }
    // The journal belongs to the file: it goes aside with it rather than being replayed onto another session.
    String name = file.getFileName().toString();
    if (name.endsWith(".json") && !aside.equals(file)) {
      Path journal = file.resolveSibling(name.substring(0, name.length() - ".json".length()) + JOURNAL);
      try {
        if (Files.exists(journal, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.move(journal, journal.resolveSibling(journal.getFileName() + ".damaged"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        // Kept where it is; the session file that would replay it is aside already.
      }
    }
    String again = aside.equals(file) ? null : read(aside, ".json.damaged").problem();
    damaged.add(scoped(aside, again != null ? again : reason));
  }

  /** The reason an exception gives, in one line without class names. */
  private static final class ReasonText {
    static String of(Exception e) {
      String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getOriginalMessage() != null
          ? j.getOriginalMessage() : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int cut = m.indexOf('\n');
      return (cut < 0 ? m : m.substring(0, cut)).strip();
    }
  }

  /** Whether a saved file has everything a session needs; others are skipped, never fatal. */
  private static boolean complete(StoredSession s) {
    return s.schema() == SCHEMA && s.id() != null && SESSION_ID.matcher(s.id()).matches() && s.runbookId() != null && s.runbookSha256() != null
        && s.cadence() != null && s.environment() != null && s.operator() != null && s.repo() != null
        && s.started() != null && s.state() != null && s.steps() != null && instantOrNull(s.deadline())
        && zoneOrNull(s.timezone())
        && instantOrNull(s.runningSince())
        && (s.pendingNotes() == null || s.pendingNotes().values().stream().allMatch(java.util.Objects::nonNull))
        && s.steps().stream().allMatch(SessionStore::complete);
  }

  /** Whether a saved step, in a session file or a journal line, has everything a result needs. */
  private static boolean complete(StoredStep st) {
    return st.id() != null && st.started() != null && st.reason() != null && st.note() != null
        && Arrays.stream(Status.values()).anyMatch(v -> v.label().equals(st.status()));
  }

  /**
   * What is wrong with a journal line that parses as JSON, in words that follow "journal line N
   * of M"; null for a line maint writes. Such a line is damage, never a crash (a line cut short
   * does not parse): replaying what can be read of it would set a wrong value or none.
   */
  private static String wrong(JournalLine line) {
    if (line == null) {
      return "holds null, not a journal entry";
    }
    if (line.note() != null && line.noteStep() == null) {
      return "holds a note for no step";
    }
    if (line.result() == null && line.noteStep() == null && line.running() == null) {
      return "sets nothing (no result, note or running step)";
    }
    if (line.result() != null && !complete(line.result())) {
      return "holds a result with a field missing or invalid (id, status, started, reason, note)";
    }
    if (line.running() == null ? line.runningPid() != null || line.runningSince() != null
        : !instantOrNull(line.runningSince())) {
      return "holds a running step's process without the step, or a start time that is no ISO 8601 instant";
    }
    return null;
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
    return findOpen(runbookId, cadence, repo, s -> false);
  }

  /**
   * As {@link #findOpen(String, String, Path)}, offering also a session with nothing recorded yet
   * that {@code walkedNow} accepts: a run another operator walks at this moment (its claims hold),
   * which a second operator may join with other sections.
   */
  public Optional<StoredSession> findOpen(String runbookId, String cadence, Path repo,
      java.util.function.Predicate<StoredSession> walkedNow) {
    return allOpen(runbookId, cadence, repo, walkedNow).stream().findFirst();
  }

  /**
   * Every session {@link #findOpen(String, String, Path, java.util.function.Predicate)} could offer,
   * newest first (the order {@link #list} gives): more than one when operators began runs of the
   * cadence from other state folders and a resume took them in.
   */
  public List<StoredSession> allOpen(String runbookId, String cadence, Path repo,
      java.util.function.Predicate<StoredSession> walkedNow) {
    String repoPath = repo.toAbsolutePath().normalize().toString();
    return list().stream()
        .filter(s -> s.state().equals("open") && s.runbookId().equals(runbookId)
            && s.cadence().equals(cadence) && s.repo().equals(repoPath)
            && (!s.steps().isEmpty() || s.running() != null || walkedNow.test(s)))
        .toList();
  }

  /** The session saved under {@code id}, its journal replayed; empty when there is none (or it is unreadable). */
  public Optional<StoredSession> read(String id) {
    return list().stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** A session as its file holds it (the form a run's ref keeps too, see {@code RunRefs}). */
  public static byte[] bytes(StoredSession stored) {
    try {
      return SessionJson.whole(stored);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalStateException("a session always serialises", e);
    }
  }

  /** One answer as a session file holds a step. */
  public static byte[] bytes(StoredStep step) {
    try {
      return SessionJson.step(step);
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalStateException("a step always serialises", e);
    }
  }

  /** A session from its file's bytes; empty when they are not a whole session of this format. */
  public static Optional<StoredSession> parse(byte[] json) {
    try {
      StoredSession s = Mappers.JSON.readValue(json, StoredSession.class);
      return complete(s) ? Optional.of(s) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** One answer from its bytes; empty when they are not one. */
  public static Optional<StoredStep> parseStep(byte[] json) {
    try {
      StoredStep st = Mappers.JSON.readValue(json, StoredStep.class);
      return st.id() != null && st.started() != null && st.status() != null ? Optional.of(st) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Keeps {@code stored} as this state folder's copy of a session walked elsewhere (a run fetched
   * from git): written whole, replacing the local copy.
   *
   * @throws MaintException (exit 2) when the state folder cannot be written
   */
  public void adopt(StoredSession stored) {
    try {
      Files.createDirectories(dir);
      writeWhole(stored);
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot save the session in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The same session with other steps, kept in repository {@code repo} (a run adopted by another
   * clone keeps its answers there).
   */
  public static StoredSession with(StoredSession s, List<StoredStep> steps, String repo, Start start) {
    return s.withSteps(steps).withRepo(repo).withStart(start);
  }

  /** Marks a saved session as abandoned by {@code --restart}: it is no longer offered. */
  public void abandon(StoredSession stored) {
    StoredSession closed = stored.withState("abandoned").withRunning(null, null, null);
    try {
      writeWhole(closed);
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
   * @param cycle the session's cycle: as saved, or worked out for a file saved before maint kept it
   */
  public static Session restore(StoredSession stored, List<String> order, List<String> cadenceSteps,
      String runbookSha256, ZoneId timezone, Cycle cycle) {
    Session s = new Session(stored.id(), stored.runbookId(), stored.runbookVersion(), runbookSha256, timezone,
        stored.cadence(), stored.environment(), stored.operator(), Instant.parse(stored.started()), order,
        cadenceSteps, cycle);
    if (stored.deadline() != null) {
      s.deadline(Instant.parse(stored.deadline()));
    }
    if (stored.start() != null) {
      s.start(stored.start());
    }
    if (Boolean.TRUE.equals(stored.acknowledged())) {
      s.acknowledge();
    }
    for (StoredStep st : stored.steps()) {
      s.record(result(st), st.walker(stored.operator()));
    }
    if (stored.pendingNotes() != null) {
      stored.pendingNotes().forEach(s::pendingNote);
    }
    if (stored.running() != null) {
      String running = stored.running();
      // The killed run would have recorded both with the step's outcome; kill -9 must not lose them.
      String notes = Walker.joinNotes(s.result(running).map(StepResult::note).orElse(""), s.pendingNote(running));
      s.pendingNote(running, "");
      s.record(StepResult.builder(running, Status.INTERRUPTED, "maint stopped while this step was running")
          .note(notes).by(Walker.MAINT).started(killedAt(stored, s.result(running))).build());
    }
    return s;
  }

  /**
   * When the step a killed {@code maint} was running counts as answered: when its command started,
   * never before the answer it replaces (nor the session's start). An earlier time would let the
   * run's ref's copy of that answer, without the notes given since, stand over this one when the
   * run is merged ({@code RunSync}): a note given to an interrupted step before running it again
   * would be lost to {@code kill -9}.
   */
  private static Instant killedAt(StoredSession stored, Optional<StepResult> replaced) {
    Instant at = Instant.parse(stored.started());
    if (replaced.isPresent() && replaced.get().started().isAfter(at)) {
      at = replaced.get().started();
    }
    if (stored.runningSince() != null) {
      try {
        Instant since = Instant.parse(stored.runningSince());
        if (since.isAfter(at)) {
          at = since;
        }
      } catch (java.time.format.DateTimeParseException e) {
        // Not a time maint wrote: the other two still order the answer.
      }
    }
    return at;
  }
}
