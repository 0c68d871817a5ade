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

  private Main() {}

  public static void main(String[] args) {
    // Read once when the JSSE classes load, so it must be set before anything touches TLS.
    if (System.getProperty("jdk.tls.maxHandshakeMessageSize") == null) {
      System.setProperty("jdk.tls.maxHandshakeMessageSize", MAX_HANDSHAKE_MESSAGE_SIZE);
    }
    System.exit(Cli.run(Cli.systemContext(), args));
  }
}
