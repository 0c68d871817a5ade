package dev.maint.bench;

import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import dev.maint.probe.LoopbackTlsServer.Identity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.tls.HeldCertificate;

/**
 * Keeps loopback TLS servers up for {@code scripts/bench}'s whole-process fan-out table, where
 * {@code maint check tls} and the seed's {@code openssl s_client | openssl x509} loop run as
 * processes against the same servers.
 *
 * <p>Arguments: servers, server delay in ms, output folder. Writes {@code ca.pem} (the root that
 * signed every leaf) and {@code targets} (one {@code bench-N.test:PORT} a line; each name resolves
 * to 127.0.0.1) into the folder, prints {@code ready} on standard output, and serves until standard
 * input closes. Leaves are valid for ten years on the machine's clock, so a whole process checks
 * them as passing.
 */
public final class TlsServers {
  private TlsServers() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: TlsServers SERVERS DELAY_MS DIR");
    }
    int count = Integer.parseInt(args[0]);
    Duration delay = Duration.ofMillis(Long.parseLong(args[1]));
    Path dir = Path.of(args[2]);
    HeldCertificate root = LoopbackPki.root("Bench Root CA");
    LoopbackPki.writePem(dir.resolve("ca.pem"), root);
    List<LoopbackTlsServer> servers = new ArrayList<>();
    try {
      StringBuilder targets = new StringBuilder();
      for (int i = 0; i < count; i++) {
        String name = "bench-" + i + ".test";
        LoopbackTlsServer s = LoopbackTlsServer.builder(Identity.of(LoopbackPki.leaf(name, root, 3650)))
            .delay(delay).start();
        servers.add(s);
        targets.append(name).append(':').append(s.port()).append('\n');
      }
      Files.writeString(dir.resolve("targets"), targets, StandardCharsets.US_ASCII);
      // The script waits for this line; it is the helper's only output.
      PrintStream out = System.out;
      out.println("ready");
      out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    } finally {
      for (LoopbackTlsServer s : servers) {
        closeQuietly(s);
      }
    }
  }

  private static void closeQuietly(LoopbackTlsServer s) {
    try {
      s.close();
    } catch (IOException e) {
      // The benchmark is over; a server that fails to close changes no figure.
    }
  }
}
