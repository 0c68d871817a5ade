package dev.maint.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that readers see the old content or the whole new content, never a part: the
 * bytes go to a temporary file in the same directory ({@code .NAME.RANDOM.tmp}, created with the
 * process's umask), are forced to the device, and the temporary file is renamed over the target
 * (an atomic rename where the file system offers one, as POSIX {@code rename(2)} does). A crash
 * leaves at most the temporary file behind.
 *
 * <p>A target that is a symbolic link is written where the link leads, and the link stays. A
 * target that exists and is no regular file (a character device such as {@code /dev/stdout} or
 * {@code /dev/null}, a FIFO, a socket) is written to as it is: renaming a file over it would
 * replace the device with a file, so such a write is not atomic and the device's own errors (as
 * {@code /dev/full}'s "no space left") are thrown.
 */
public final class AtomicFile {
  /** Produces a file's content. */
  public interface Content {
    /** Writes the whole content; the stream is closed by {@link AtomicFile}. */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Replaces {@code target} with {@code content}, creating missing parent directories.
   *
   * @param target the file to write
   *
   * @throws IOException when the directory or file cannot be written; the target is then unchanged
   */
  public static void write(Path target, Content content) throws IOException {
    target = followLinks(target.toAbsolutePath());
    if (Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target)) {
      try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE)) {
        content.writeTo(out);
        out.flush();
      }
      return;
    }
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        // The rename itself must reach the disk too, or a power loss could bring back the old file.
        folder.force(true);
      } catch (IOException folderSyncNotSupported) {
        // Some file systems cannot sync a folder; the rename is still atomic.
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Links a path may pass through before it is taken as a loop (Linux's own limit, {@code MAXSYMLINKS}). */
  private static final int MAX_LINKS = 40;

  /**
   * Where {@code path} leads through symbolic links, itself when it is none; a link to a missing
   * file leads to that file's path, so the write creates it there.
   *
   * @throws IOException on a loop of links, or a link that cannot be read
   */
  private static Path followLinks(Path path) throws IOException {
    for (int i = 0; i < MAX_LINKS; i++) {
      if (!Files.isSymbolicLink(path)) {
        return path;
      }
      path = path.getParent().resolve(Files.readSymbolicLink(path)).normalize();
    }
    throw new IOException("too many levels of symbolic links");
  }
}
