package dev.maint.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starting a child in a process group of its own, and stopping it with everything it started: a
 * step's command, or the {@code git} that talks to a remote (and the {@code ssh} git starts). A
 * group of its own keeps the terminal's Ctrl-C for maint, which then stops the whole group, so no
 * grandchild is left behind.
 */
public final class ProcessGroups {
  private static final Duration GRACE = Duration.ofSeconds(2);

  /** util-linux setsid, when installed; without it children share maint's process group. */
  private static final String SETSID = findSetsid();

  private ProcessGroups() {}

  private static String findSetsid() {
    for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
      if (Files.isExecutable(Path.of(dir, "setsid"))) {
        return dir + "/setsid";
      }
    }
    return null;
  }

  /**
   * The words to put before a command so that it leads a session and process group of its own:
   * {@code setsid -w} (which waits and passes the exit code on, should it need to fork); empty when
   * util-linux {@code setsid} is not installed.
   */
  public static List<String> ownGroup() {
    return SETSID == null ? List.of() : List.of(SETSID, "-w");
  }

  /**
   * Stops a process and all its descendants: SIGTERM first, SIGKILL after a grace period of 2 s.
   * The process group is signalled too (a child started with {@link #ownGroup()} leads it), so
   * grandchildren that were orphaned into the group are reached as well; descendants are listed
   * before anything is signalled, so none escapes by being re-parented.
   */
  public static void killTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    signalGroup(root.pid(), "TERM");
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle p : tree) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    signalGroup(root.pid(), "KILL");
    // New descendants may have been forked while we were signalling.
    root.descendants().forEach(ProcessHandle::destroyForcibly);
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /** {@code kill -SIGNAL -- -PGID}; does nothing when the child has no group of its own. */
  private static void signalGroup(long pgid, String signal) {
    if (SETSID == null) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      // No kill command: the per-process signals above still apply.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether children get a group of their own (util-linux {@code setsid} is installed). */
  public static Optional<String> setsid() {
    return Optional.ofNullable(SETSID);
  }
}
