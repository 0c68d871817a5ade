package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A file maint writes (a report, {@code render -o}) that is a FIFO, a device or a symbolic link is
 * written through, never replaced by a regular file: a rename over {@code /dev/null} run as root
 * would turn the device into a file for the whole machine. FIFOs and links stand for the kind
 * here, as a test must not risk the machine's own devices.
 */
// A FIFO nobody reads blocks its writer for good: a fault here fails the test instead of stalling the suite.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpecialFileOutputTest extends RepoTest {
  private Path fifo(String name) throws Exception {
    Path fifo = tmp.resolve(name);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    return fifo;
  }

  /**
   * Reads the FIFO on a thread of its own, as a pipeline's next command would. Not the common
   * pool: on 2 CPUs it has one thread, which other work may hold, and maint's open of the FIFO
   * waits for a reader.
   */
  private static CompletableFuture<String> reader(Path fifo) {
    CompletableFuture<String> read = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        read.complete(Files.readString(fifo));
      } catch (IOException | RuntimeException e) {
        read.completeExceptionally(e);
      }
    }, "fifo-reader");
    t.setDaemon(true);
    t.start();
    return read;
  }

  /** Opens the FIFO for writing once, so that a reader still waiting for a writer is let go. */
  private static void release(Path fifo, CompletableFuture<String> read) throws Exception {
    if (!read.isDone()) {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.flush();
      }
      read.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void renderIntoAFifoWritesThroughItAndTheFifoStays() throws Exception {
    Path fifo = fifo("runbook.md");
    CompletableFuture<String> read = reader(fifo);

    CliHarness.Result r = new CliHarness(tmp).run("render", "-o", fifo.toString());

    release(fifo, read);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(read.get(10, TimeUnit.SECONDS)).startsWith("# Scheduled Maintenance Runbook — Forma3D.Connect");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }

  @Test
  void renderThroughASymbolicLinkWritesWhereItLeadsAndTheLinkStays() throws Exception {
    Path real = Files.createDirectories(tmp.resolve("docs")).resolve("runbook.md");
    Files.writeString(real, "old\n");
    Path link = Files.createSymbolicLink(tmp.resolve("current.md"), Path.of("docs/runbook.md"));
    Path dangling = Files.createSymbolicLink(tmp.resolve("new.md"), Path.of("docs/new.md"));

    CliHarness.Result r = new CliHarness(tmp).run("render", "-o", link.toString());
    CliHarness.Result d = new CliHarness(tmp).run("render", "-o", dangling.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(d.exitCode()).as(d.err()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.isSymbolicLink(dangling)).isTrue();
    assertThat(Files.readString(real)).startsWith("# Scheduled Maintenance Runbook");
    assertThat(Files.readString(tmp.resolve("docs/new.md"))).startsWith("# Scheduled Maintenance Runbook");
  }

  @Test
  void aWalksReportIntoAFifoReachesItsReaderAndTheFifoStays() throws Exception {
    Path fifo = fifo("report.json");
    CompletableFuture<String> read = reader(fifo);
    CliHarness maint = walks.maint().typing("qy");

    CliHarness.Result r = maint.run(walks.args(repo, "monthly", "--report", "json=" + fifo));

    release(fifo, read);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(read.get(10, TimeUnit.SECONDS)).contains("\"schema\": \"maint-report/2\"");
    assertThat(Files.isRegularFile(fifo)).isFalse();
    assertThat(Files.exists(fifo)).isTrue();
  }
}
