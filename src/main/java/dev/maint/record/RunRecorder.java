package dev.maint.record;

import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.io.AtomicFile;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.schedule.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Records one walk of a cadence: checks beforehand that it can be recorded, finds what the
 * previous run left open, and afterwards writes the record, commits it with the log row, and
 * pushes. The walk command only translates options into a {@link Plan}; nothing here prints.
 */
public final class RunRecorder {
  /**
   * How and where to record.
   *
   * @param repoDir a directory inside the git repository that receives the entry
   * @param branch the cadence's branch for this session, e.g. {@code maintenance/2026-11}
   * @param period the session's period, as the commit summary names it, e.g. {@code 2026-11} (see
   *     {@link BranchName#period})
   * @param recordPath the record file's path in the repository (pattern filled)
   * @param commit whether to commit (false with {@code --no-commit})
   * @param pushRemote the remote to push to ({@code --push}), if any
   * @param recordDir a folder to also write the record file to ({@code --record-dir}), if any
   * @param author the operator
   * @param env the environment git runs with
   * @param interactive whether git may ask for credentials on the terminal
   * @param clock gives the commit's author and committer time, read when the commit is made (a
   *     resumed session's commit is dated when it is recorded, not when the session began)
   * @param overrides what the walk changed of the runbook's values and addresses, for the record,
   *     the log row and the commit message
   */
  public record Plan(
      Path repoDir, String branch, String period, String recordPath, boolean commit, Optional<String> pushRemote,
      Optional<Path> recordDir, PersonIdent author, Map<String, String> env, boolean interactive,
      java.time.Clock clock, RunRecord.Overrides overrides) {
    public Plan {
      env = Map.copyOf(env);
      overrides = overrides == null ? RunRecord.Overrides.NONE : overrides;
    }

    /**
     * Starts a plan: committed, pushed nowhere, no {@code --record-dir}, git not interactive and
     * with no extra environment, the system's UTC clock, nothing overridden, until given.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Plan} ({@link Plan#builder}); each method sets the component documented on the record. */
    public static final class Builder {
      private Path repoDir;
      private String branch;
      private String period;
      private String recordPath;
      private boolean commit = true;
      private Optional<String> pushRemote = Optional.empty();
      private Optional<Path> recordDir = Optional.empty();
      private PersonIdent author;
      private Map<String, String> env = Map.of();
      private boolean interactive;
      private java.time.Clock clock = java.time.Clock.systemUTC();
      private RunRecord.Overrides overrides = RunRecord.Overrides.NONE;

      private Builder() {}

      /** A directory inside the git repository that receives the entry. */
      public Builder repoDir(Path dir) {
        this.repoDir = dir;
        return this;
      }

      /** The session's branch ({@code maintenance/2026-11}) and its period as the commit names it ({@code 2026-11}). */
      public Builder branch(String name, String periodOfBranch) {
        this.branch = name;
        this.period = periodOfBranch;
        return this;
      }

      /** The record file's path in the repository, pattern filled. */
      public Builder recordPath(String path) {
        this.recordPath = path;
        return this;
      }

      /** Whether to commit (false with {@code --no-commit}). */
      public Builder commit(boolean given) {
        this.commit = given;
        return this;
      }

      /** The remote to push to ({@code --push}), if any. */
      public Builder pushRemote(Optional<String> remote) {
        this.pushRemote = remote;
        return this;
      }

      /** A folder to also write the record file to ({@code --record-dir}), if any. */
      public Builder recordDir(Optional<Path> dir) {
        this.recordDir = dir;
        return this;
      }

      /** The operator, as the commit's author. */
      public Builder author(PersonIdent who) {
        this.author = who;
        return this;
      }

      /** The environment git runs with. */
      public Builder env(Map<String, String> variables) {
        this.env = variables;
        return this;
      }

      /** Whether git may ask for credentials on the terminal. */
      public Builder interactive(boolean given) {
        this.interactive = given;
        return this;
      }

      /** Gives the commit's author and committer time, read when the commit is made. */
      public Builder clock(java.time.Clock commitClock) {
        this.clock = commitClock;
        return this;
      }

      /** What the walk changed of the runbook's values and addresses. */
      public Builder overrides(RunRecord.Overrides changed) {
        this.overrides = changed;
        return this;
      }

      /** The plan. */
      public Plan build() {
        return new Plan(repoDir, branch, period, recordPath, commit, pushRemote, recordDir, author, env, interactive,
            clock, overrides);
      }
    }
  }

  /**
   * What {@link #record} wrote.
   *
   * @param record the record, as committed (before redaction of the JSON text)
   * @param recordFile the file written under {@code --record-dir}, if any
   * @param committed the commit, unless {@code --no-commit}
   */
  public record Written(RunRecord record, Optional<Path> recordFile, Optional<GitRecorder.Committed> committed) {}

  private final Runbook runbook;
  private final Cadence cadence;
  private final Plan plan;
  private final Optional<Deadline> deadline;

  public RunRecorder(Runbook runbook, Cadence cadence, Plan plan) {
    this(runbook, cadence, plan, Optional.empty());
  }

  private RunRecorder(Runbook runbook, Cadence cadence, Plan plan, Optional<Deadline> deadline) {
    this.runbook = runbook;
    this.cadence = cadence;
    this.plan = plan;
    this.deadline = deadline;
  }

  /**
   * A recorder for the walk of an emergency response: the log row's notes and the record name the
   * trigger, the deadline and whether it was met.
   */
  public RunRecorder withDeadline(Deadline d) {
    return new RunRecorder(runbook, cadence, plan, Optional.of(d));
  }

  /**
   * Checks that the entry can be committed and pushed later, and creates {@code --record-dir}
   * (with its parents) when it is missing.
   *
   * @return notes for the operator, e.g. a stale git lock removed
   * @throws RecordException as {@link GitRecorder#preflight} and {@link GitPusher#preflight}, or
   *     when {@code --record-dir} cannot be created or written
   */
  public List<String> preflight() {
    List<String> notes = List.of();
    if (plan.commit()) {
      notes = GitRecorder.preflight(plan.repoDir(), plan.branch(), List.of(runbook.log().file(), plan.recordPath()));
    }
    plan.pushRemote().ifPresent(remote -> GitPusher.preflight(plan.repoDir(), remote));
    plan.recordDir().ifPresent(RunRecorder::createRecordDir);
    return notes;
  }

  /**
   * Creates {@code --record-dir} with its parents, as {@code --report} does, so that a walk only
   * starts when its record can be written at the end.
   */
  private static void createRecordDir(Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new RecordException("--record-dir " + dir + ": "
          + (existing.equals(dir) ? "not a directory" : existing + " is not a directory"));
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RecordException("--record-dir " + dir + ": cannot create it: " + why(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new RecordException("--record-dir " + dir + ": not writable");
    }
  }

  /** The operating system's reason, without the exception's class name. */
  private static String why(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
  }

  /**
   * The newest recorded run of this cadence on any maintenance branch; empty when there is none,
   * or when nothing is committed and {@code repoDir} is not a git repository.
   */
  public Optional<RunRecord> previousRun(String sessionId) {
    if (!plan.commit() && !GitRecorder.isRepository(plan.repoDir())) {
      return Optional.empty();
    }
    // Another runbook may keep its log in the same repository: its runs are not this cadence's.
    return RecordReader.forRunbook(plan.repoDir(), runbook).list().stream()
        .map(RecordReader.Found::record)
        .filter(r -> r.cadence().equals(cadence.id()) && !r.session().equals(sessionId)
            && r.runbook().id().equals(runbook.id()))
        .findFirst();
  }

  /**
   * Writes the session's record (to {@code --record-dir}) and commits it with the log row.
   *
   * @param redactor masks secrets in the free text of the row, the message and the record
   * @param previous the previous run of the cadence, if any
   * @param acknowledged whether the operator acknowledged its open items
   * @param open the previous run's open items, as shown before the walk
   * @param conflicts the steps more than one operator answered (see {@link RunRecord.Conflict})
   * @throws RecordException when the file or the commit cannot be written
   */
  public Written record(Session session, Redactor redactor, Optional<RunRecord> previous, boolean acknowledged,
      List<RunRecord.CarriedItem> open, List<RunRecord.Conflict> conflicts) {
    Instant end = session.ended().orElse(session.started());
    // A response is done when it was walked to its end and every step was carried out: a failed,
    // erroring, unattended (manual) or skipped step is not a response that met its deadline.
    boolean completed = !session.quit() && !session.interrupted() && session.results().size() == session.stepCount()
        && session.results().stream().allMatch(r -> r.status() == dev.maint.exec.Status.PASS
            || r.status() == dev.maint.exec.Status.WARN);
    List<String> notes = deadline.map(d -> d.note(end, completed, runbook.timezone())).stream().toList();
    String row = MarkdownLog.row(LogEntry.cells(session, runbook.timezone(), notes, redactor,
        plan.overrides()));
    List<RunRecord.CarriedItem> carried = CarryForward.resolve(open, session);
    RunRecord plain = RunRecord.of(session, runbook, cadence).branch(plan.commit() ? plan.branch() : "").row(row)
        .previous(previous, acknowledged).carried(carried).conflicts(conflicts).overrides(plan.overrides()).build();
    RunRecord record = deadline.map(d -> plain.withEmergency(new RunRecord.Emergency(
        d.trigger(), d.description(), d.sla(), d.at().toString(), completed && d.met(end)))).orElse(plain);
    // Only a record file or a commit needs the record's text: a --no-commit walk keeps it as a value.
    String json = plan.recordDir().isPresent() || plan.commit() ? RecordJson.write(record, redactor) : "";
    Optional<Path> file = plan.recordDir().map(dir -> writeFile(dir.resolve(RecordPath.fileName(plan.recordPath())), json));
    Optional<GitRecorder.Committed> committed = Optional.empty();
    if (plan.commit()) {
      String message = LogEntry.message(session, plan.period(), plan.recordPath(), carried, redactor,
          plan.overrides());
      Instant now = plan.clock().instant();
      committed = Optional.of(GitRecorder.commit(plan.repoDir(), new GitRecorder.Entry(
          plan.branch(), runbook.log().file(), runbook.log().columns(), row, plan.recordPath(), json, message,
          new PersonIdent(plan.author(), now), now)));
    }
    return new Written(record, file, committed);
  }

  /** The branch the record is committed to (also with {@code --no-commit}, where it is not used). */
  public String branch() {
    return plan.branch();
  }

  /**
   * Pushes the branch when {@code --push} was given.
   *
   * @throws RecordException as {@link GitPusher#push}
   */
  public Optional<GitPusher.Pushed> push() {
    return push(List.of());
  }

  /**
   * Pushes the branch when {@code --push} was given; a failure's hint pushes {@code alsoLater} too
   * (the run's ref).
   *
   * @throws RecordException as {@link GitPusher#push}
   */
  public Optional<GitPusher.Pushed> push(List<String> alsoLater) {
    return plan.pushRemote().map(remote ->
        GitPusher.push(plan.repoDir(), plan.branch(), remote, plan.env(), plan.interactive(), alsoLater));
  }

  private static Path writeFile(Path file, String json) {
    try {
      // Replacing is right: the name holds the session id, so only a resumed session rewrites it.
      AtomicFile.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
      return file;
    } catch (IOException e) {
      throw new RecordException("cannot write record file " + file + ": " + e.getMessage(), e);
    }
  }
}
