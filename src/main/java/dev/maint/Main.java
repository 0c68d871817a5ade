package dev.maint;

import dev.maint.cli.Cli;

/** The {@code maint} executable. */
public final class Main {
  /**
   * Largest TLS handshake message read, in bytes. The JDK's default of 32 KB rejects a server
   * certificate with a few thousand subjectAltNames, which OpenSSL reads; 256 KB still bounds
   * what a hostile server can make the probe buffer.
   */
  static final String MAX_HANDSHAKE_MESSAGE_SIZE = "262144";

  /** The JDK property that chooses how child processes are started (read once, when the first one starts). */
  static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

  private Main() {}

  /**
   * How this JDK should start commands, when the user chose nothing: {@code VFORK} on Linux up to
   * JDK 24, else empty (the JDK's default). The default, {@code POSIX_SPAWN}, starts each command
   * through the JDK's {@code jspawnhelper} program, one more program started per command: with
   * {@code VFORK} a walk's trivial step took about 0.8 ms less (docs/benchmarks.md, Per step). The
   * command's own process, its id and its process group (util-linux {@code setsid}, which the walk
   * stops as a whole) are the same either way; {@code VFORK} also leaves no signal ignored in the
   * command, as a shell does. JDK 25 deprecates {@code VFORK} with a warning on standard error and
   * later JDKs drop it, so it is chosen only below 25.
   *
   * @param feature the JDK's feature release ({@link Runtime.Version#feature()})
   * @param os the {@code os.name} property
   */
  static java.util.Optional<String> launchMechanism(int feature, String os) {
    return feature < 25 && "Linux".equals(os) ? java.util.Optional.of("VFORK") : java.util.Optional.empty();
  }

  public static void main(String[] args) {
    // Read once when the JSSE classes load, so it must be set before anything touches TLS.
    if (System.getProperty("jdk.tls.maxHandshakeMessageSize") == null) {
      System.setProperty("jdk.tls.maxHandshakeMessageSize", MAX_HANDSHAKE_MESSAGE_SIZE);
    }
    // Read once when the first process starts; a value given with -D wins.
    if (System.getProperty(LAUNCH_MECHANISM) == null) {
      launchMechanism(Runtime.version().feature(), System.getProperty("os.name"))
          .ifPresent(m -> System.setProperty(LAUNCH_MECHANISM, m));
    }
    System.exit(Cli.run(Cli.systemContext(), args));
  }
}
