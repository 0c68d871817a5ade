package dev.maint.log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * The configuration of {@code java.util.logging} in a {@code maint} process: every logger off and
 * no handler, so libraries that log through it (jline, okhttp) never print to the operator's
 * console. Named by the system property {@code java.util.logging.config.class}, which {@link
 * LogManager} reads when something first logs: a command that logs nothing never starts {@code
 * java.util.logging} at all (starting it cost a {@code maint --version} about 10 ms).
 */
public final class QuietJavaLogging {
  /** Called by {@link LogManager} while it starts; see {@link LogManager#readConfiguration()}. */
  public QuietJavaLogging() throws IOException {
    LogManager.getLogManager()
        .readConfiguration(new ByteArrayInputStream("handlers=\n.level=OFF\n".getBytes(StandardCharsets.ISO_8859_1)));
  }

  /**
   * Makes {@link LogManager} configure itself with this class when it starts, unless the JVM was
   * given a configuration ({@code -Djava.util.logging.config.file} or {@code .class}).
   */
  public static void install() {
    if (System.getProperty("java.util.logging.config.class") == null
        && System.getProperty("java.util.logging.config.file") == null) {
      System.setProperty("java.util.logging.config.class", QuietJavaLogging.class.getName());
    }
  }
}
