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
    Path dir = target.toAbsolutePath().getParent();
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
}
