package dev.maint.exec;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.text.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One session at a time per cadence and repository. The lock is an operating-system lock on a
 * file in the state folder, so it dies with its process: a lock left by a crashed or killed
 * {@code maint} is stale and simply taken over. The file names the holder (pid, host, start
 * time) for the message a second {@code maint} shows.
 */
public final class SessionLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  /** The lock every user of the repository shares, in its git folder; null outside a repository. */
  private FileChannel shared;
  /** The git folder {@link #shared} lies in; null outside a repository. */
  private Path sharedDir;
  /** The locks of the sections this walk holds, in the git folder (see {@link #sections}). */
  private final java.util.List<FileChannel> sections = new java.util.ArrayList<>();
  /** The folder of this walk's run's section locks, once {@link #sections} took them; null before or outside a repository. */
  private Path runDir;
  /** The section lock files this walk holds, in {@link #runDir}. */
  private final java.util.Set<Path> mine = new java.util.HashSet<>();

  /** How long a walk waits for another to finish opening its session (see {@link #takeShared}). */
  static final java.time.Duration OPENING_WAIT = java.time.Duration.ofSeconds(10);

  private SessionLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code cadence} in the repository's git folder, which every account and
   * every state folder shares (the state folder's lock is per user: two operators, or sudo, walked
   * the same cadence at once). Nothing is taken when {@code gitDir} is no git folder.
   *
   * @throws MaintException (exit 2) when another maint holds it, or the git folder is not writable
   */
  private void takeShared(Path gitDir, String cadence, Path repo, String me) {
    if (!Files.isDirectory(gitDir.resolve("objects")) || !Files.exists(gitDir.resolve("HEAD"))) {
      return;
    }
    Path file = gitDir.resolve("maint").resolve("walk-" + cadence + ".lock");
    try {
      Files.createDirectories(file.getParent());
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      // Held only while a walk opens its session (then its sections are locked instead): a walk of
      // other sections of the same run started at the same moment waits for it a little.
      FileLock l = lockWithin(ch, OPENING_WAIT);
      if (l == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        ch.close();
        throw new MaintException(ExitCode.USAGE, "another maint is running " + cadence + " for "
            + repo.toAbsolutePath().normalize() + " (" + (holder.isEmpty() ? "holder unknown" : holder)
            + ", perhaps as another user); wait for it to finish");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((me + " as " + System.getProperty("user.name")).getBytes(StandardCharsets.UTF_8)), 0);
      shared = ch;
      sharedDir = gitDir;
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot take the walk lock in the repository's git folder " + gitDir
          + " (" + (e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage())
          + "): every user walking this repository shares it, so this account needs write access there", e);
    }
  }

  /**
   * Takes the lock.
   *
   * @param stateDir the state folder; locks live in its {@code locks} subfolder
   * @param repo the folder the walk records in, as the refusal names it
   * @param lockKey what one walk at a time is kept per: the repository's common git folder, which
   *     all its work trees share (a folder in no repository keys itself)
   * @throws MaintException (exit 2) naming the holder when another maint holds it
   */
  public static SessionLock acquire(Path stateDir, String cadence, Path repo, Path lockKey, Instant now) {
    Path dir = stateDir.resolve("locks");
    Path file = file(stateDir, cadence, lockKey);
    FileChannel ch = null;
    boolean locked = false;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l = tryLock(ch);
      if (l == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        throw new MaintException(ExitCode.USAGE, "another maint is running " + cadence + " for " + repo.toAbsolutePath().normalize()
            + " (" + (holder.isEmpty() ? "holder unknown" : holder) + "); wait for it to finish");
      }
      String me = "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", started " + now;
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      SessionLock taken = new SessionLock(ch, l);
      try {
        taken.takeShared(lockKey, cadence, repo, me);
      } catch (MaintException e) {
        taken.close();
        locked = true;
        throw e;
      }
      locked = true;
      return taken;
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot lock " + file + ": " + e.getMessage()
          + " (set MAINT_STATE_DIR to a writable folder)", e);
    } finally {
      if (!locked && ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // Closing an unlocked channel loses nothing.
        }
      }
    }
  }

  private static Path file(Path stateDir, String cadence, Path lockKey) {
    return stateDir.resolve("locks").resolve(cadence + "-" + hash(lockKey.toAbsolutePath().normalize().toString()) + ".lock");
  }

  /**
   * Who holds the lock, as its lock file names it.
   *
   * @param pid the holder's process id
   * @param host the host it runs on
   * @param since when it took the lock
   */
  public record Holder(long pid, String host, Instant since) {}

  private static final Pattern HOLDER = Pattern.compile("pid (\\d+) on (.+), started (\\S+)");

  /**
   * The maint walking {@code cadence} for the repository {@code lockKey} keys (as {@link #acquire}
   * takes it) now, if one is: a lock file that names a holder but whose lock is free was left by a
   * killed maint and counts as nobody.
   *
   * @throws MaintException (exit 2) when the lock file cannot be read
   */
  public static Optional<Holder> holder(Path stateDir, String cadence, Path lockKey) {
    Path file = file(stateDir, cadence, lockKey);
    try {
      // An empty or missing file is a released lock: no need to touch the lock itself.
      Matcher m = HOLDER.matcher(Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "");
      if (!m.matches()) {
        return Optional.empty();
      }
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock probe = tryLock(ch);
        if (probe != null) {
          probe.release();
          return Optional.empty();
        }
      }
      return Optional.of(new Holder(Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3))));
    } catch (IOException | java.time.format.DateTimeParseException | NumberFormatException e) {
      throw new MaintException(ExitCode.USAGE, "cannot read the lock " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Moves the lock shared by every user of the repository from the cadence to the sections this
   * walk of run {@code runId} selected: another walk of the same run may then take other sections
   * (two operators, two state folders), while a walk of another run of the cadence, or of one of
   * these sections, is refused naming the holder. Nothing changes outside a repository.
   *
   * @param sections the ids of the sections walked
   * @param who the operator, {@code Name <mail>}, as a refusal names the holder
   * @param now when the walk took them
   * @throws MaintException (exit 2) naming the holder and the section when one is held, or naming
   *     the holder when another run of the cadence is being walked
   */
  public void sections(String cadence, Path repo, String runId, java.util.List<String> sections, String who,
      Instant now) {
    if (shared == null) {
      return;
    }
    Path walks = sharedDir.resolve("maint").resolve("walks").resolve(safe(cadence));
    try {
      if (Files.isDirectory(walks)) {
        try (java.util.stream.Stream<Path> runs = Files.list(walks)) {
          for (Path other : runs.filter(d -> !d.getFileName().toString().equals(safe(runId))).toList()) {
            Optional<String> held = anyHeld(other);
            if (held.isPresent()) {
              throw new MaintException(ExitCode.USAGE, "another maint is running " + cadence + " for "
                  + repo.toAbsolutePath().normalize() + " (" + held.get() + ", perhaps as another user); wait for it"
                  + " to finish");
            }
          }
        }
      }
      Path run = Files.createDirectories(walks.resolve(safe(runId)));
      runDir = run;
      String me = who + " on " + hostName() + ", pid " + ProcessHandle.current().pid() + ", since " + now;
      for (String section : sections) {
        Path file = run.resolve(safe(section) + ".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock l = tryLock(ch);
        if (l == null) {
          String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
          ch.close();
          throw new MaintException(ExitCode.USAGE, "section " + section + " of run " + runId + " is being walked by "
              + (holder.isEmpty() ? "another maint" : holder) + ": choose other sections with --only, or wait for it"
              + " to finish");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        this.sections.add(ch);
        this.mine.add(file);
      }
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot take the section locks in " + walks + ": " + e.getMessage(), e);
    }
    // The run's sections are held now: the cadence's lock only kept two walks from opening at once.
    try {
      shared.truncate(0);
      shared.close();
    } catch (IOException e) {
      // Closing releases the lock all the same.
    }
    shared = null;
  }

  /**
   * The lock of {@code ch}, tried every 20 ms for up to {@code wait} (file locks cannot be waited
   * for with a deadline; an interrupt ends the wait too).
   *
   * @return the lock, or null when another process still holds it
   */
  private static FileLock lockWithin(FileChannel ch, java.time.Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    FileLock l = tryLock(ch);
    while (l == null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      l = tryLock(ch);
    }
    return l;
  }

  /** How long {@link #recording} waits for another walk of the run to finish deciding its record. */
  static final java.time.Duration RECORDING_WAIT = java.time.Duration.ofMinutes(2);

  /** A lock held while a walk decides and makes its record; {@link #close} releases it. */
  public interface Recording extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the lock every walk of this run on this clone (any state folder, any account) holds while
   * it decides whether to record the run or leave it open for another walk, and makes that record:
   * {@code maint/walks/CADENCE/RUN/record.guard} in the repository's git folder. So of two walks of
   * one run ending at once, one decides after the other, seeing its answers on the run's ref and
   * its sections released (see {@link #otherWalk}). It waits for another holder up to {@link
   * #RECORDING_WAIT}, then goes on without it (as before the lock existed); outside a repository,
   * or before {@link #sections}, it takes nothing.
   */
  public Recording recording() {
    if (runDir == null) {
      return () -> { };
    }
    try {
      FileChannel ch = FileChannel.open(runDir.resolve("record.guard"), StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      lockWithin(ch, RECORDING_WAIT);
      return () -> {
        try {
          ch.close();
        } catch (IOException e) {
          // Closing releases the lock all the same.
        }
      };
    } catch (IOException e) {
      // An account that cannot write there decides alone, as every walk did before.
      return () -> { };
    }
  }

  /**
   * Another walk of this walk's run on this clone that holds sections now (another state folder,
   * another account), as its lock file names it; empty when none does, outside a repository, or
   * before {@link #sections}.
   */
  public Optional<String> otherWalk() {
    if (runDir == null) {
      return Optional.empty();
    }
    try {
      return anyHeld(runDir, mine);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Releases the section locks this walk holds (the state folder's lock stays until {@link
   * #close}): a walk that leaves its run open for another walk releases them while it still holds
   * {@link #recording}, so that the other, deciding next, finds it gone.
   */
  public void releaseSections() {
    for (FileChannel section : sections) {
      try {
        section.truncate(0);
        section.close();
      } catch (IOException e) {
        // Closing releases the lock all the same.
      }
    }
    sections.clear();
    mine.clear();
  }

  /** The holder of a held section lock in {@code runDir}, if any. */
  private static Optional<String> anyHeld(Path runDir) throws IOException {
    return anyHeld(runDir, java.util.Set.of());
  }

  /** The holder of a held section lock in {@code runDir} other than those in {@code except}, if any. */
  private static Optional<String> anyHeld(Path runDir, java.util.Set<Path> except) throws IOException {
    if (!Files.isDirectory(runDir)) {
      return Optional.empty();
    }
    try (java.util.stream.Stream<Path> files = Files.list(runDir)) {
      for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".lock") && !except.contains(x)).toList()) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          FileLock probe = tryLock(ch);
          if (probe == null) {
            String holder = Files.readString(f, StandardCharsets.UTF_8).strip();
            return Optional.of(holder.isEmpty() ? "holder unknown" : holder);
          }
          probe.release();
        }
      }
    }
    return Optional.empty();
  }

  /** A name safe as one file name: what is not a letter, digit, dot, dash or underscore becomes {@code _}. */
  private static String safe(String s) {
    String safe = s.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.startsWith(".") ? "_" + safe : safe;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  private static String hash(String s) {
    return Sha256.hex(s).substring(0, 12);
  }

  /** Releases the lock. The file stays: an empty lock file means nobody holds it. */
  @Override
  public void close() {
    releaseSections();
    if (shared != null) {
      try {
        shared.truncate(0);
        shared.close();
      } catch (IOException e) {
        // Closing releases the lock all the same.
      }
    }
    try (FileChannel closing = channel) {
      try {
        closing.truncate(0);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      // The kernel releases the lock when the process ends anyway; nothing is lost.
    }
  }

  /**
   * The channel's lock if it is free, else {@code null}: held by another process, or by this
   * one through another channel (which Java reports as an exception rather than as busy).
   */
  private static FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      return null;
    }
  }
}
