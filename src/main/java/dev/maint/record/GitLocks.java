package dev.maint.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * git's lock files ({@code NAME.lock} beside the file it replaces, gitrepository-layout(5)) that a
 * commit of maint needs: the branch's ref, {@code packed-refs}, and the index when the branch is
 * checked out. A lock left by a process that died ({@code kill -9} during a commit) blocks every
 * later update forever; one that no process holds open and that is older than {@link #STALE} is
 * removed, with a note. A lock a live process holds, or a fresh one, is left alone and reported.
 */
final class GitLocks {
  /** How old a lock must be, with no process holding it, before it counts as left by a dead one. */
  static final Duration STALE = Duration.ofMinutes(2);

  private GitLocks() {}

  /**
   * Removes the stale locks among {@code locks} and checks that each can be taken now, by
   * creating and deleting it.
   *
   * @return one note per stale lock removed
   * @throws RecordException when a lock is held by a live process, is fresh, or cannot be created
   */
  static List<String> clearAndTry(List<Path> locks, Instant now) {
    List<String> notes = new ArrayList<>();
    for (Path lock : locks) {
      clearStale(lock, now).ifPresent(notes::add);
      try {
        Files.createDirectories(lock.getParent());
        Files.delete(Files.createFile(lock));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new RecordException(lock + " appeared while maint checked it: another git command is writing the"
            + " branch; run again when it is done");
      } catch (IOException e) {
        throw new RecordException("cannot take the lock " + lock + " (" + GitRecorder.reason(e)
            + "); the log entry could not be committed after the walk, so nothing was walked", e);
      }
    }
    return notes;
  }

  /**
   * Removes {@code lock} when it is stale.
   *
   * @return the note saying so; empty when there was no lock
   * @throws RecordException when the lock is held or fresh
   */
  static Optional<String> clearStale(Path lock, Instant now) {
    Instant modified;
    try {
      modified = Files.getLastModifiedTime(lock).toInstant();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new RecordException("cannot read " + lock + ": " + GitRecorder.reason(e), e);
    }
    Optional<ProcessHandle> holder = holder(lock);
    if (holder.isPresent()) {
      throw new RecordException(lock + " is held by process " + holder.get().pid()
          + holder.get().info().command().map(c -> " (" + c + ")").orElse("") + "; run again when it is done");
    }
    Duration age = Duration.between(modified, now);
    if (age.compareTo(STALE) < 0) {
      throw new RecordException(lock + " exists (" + Math.max(0, age.toSeconds()) + " s old): a git command may be"
          + " updating the branch; run again when it is done (a lock no process holds is removed once it is "
          + STALE.toMinutes() + " minutes old)");
    }
    try {
      Files.deleteIfExists(lock);
    } catch (IOException e) {
      throw new RecordException("cannot remove the stale lock " + lock + ": " + GitRecorder.reason(e), e);
    }
    return Optional.of("Removed the stale git lock " + lock + " (" + age.toMinutes()
        + " minutes old, no process holds it), left by a git or maint process that ended without finishing.");
  }

  /** A live process with {@code lock} open, found through {@code /proc/PID/fd} (Linux); empty elsewhere. */
  static Optional<ProcessHandle> holder(Path lock) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return Optional.empty();
    }
    Path target = lock.toAbsolutePath().normalize();
    try (Stream<Path> pids = Files.list(proc)) {
      return pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> holds(p.resolve("fd"), target))
          .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
          .flatMap(Optional::stream)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean holds(Path fds, Path target) {
    try (Stream<Path> open = Files.list(fds)) {
      return open.anyMatch(fd -> {
        try {
          return Path.of(Files.readSymbolicLink(fd).toString()).equals(target);
        } catch (IOException | UnsupportedOperationException gone) {
          return false;
        }
      });
    } catch (IOException notOurs) {
      // Another user's process, or one that ended meanwhile.
      return false;
    }
  }
}
