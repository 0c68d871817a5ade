package dev.maint.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's own {@link System.Logger}s in a {@code maint} process: silent, without starting {@code
 * java.util.logging}, unless the JVM is given a logging configuration to debug with. Each case runs
 * in a JVM of its own, as the finder is chosen once per process.
 */
class QuietSystemLoggersTest {
  @TempDir Path tmp;

  /** Logs one message through {@link System#getLogger}, as the JDK's certificate factory does. */
  public static final class LogOnce {
    public static void main(String[] args) {
      System.Logger logger = System.getLogger("jdk.event.security");
      System.out.println("finder " + System.LoggerFinder.getLoggerFinder().getClass().getName());
      System.out.println("loggable " + logger.isLoggable(System.Logger.Level.ERROR));
      logger.log(System.Logger.Level.ERROR, "a message from the JDK");
    }
  }

  @Test
  void theJdksLoggersAreSilentUnderMaintsOwnConfiguration() throws Exception {
    List<String> out = run("-Djava.util.logging.config.class=" + QuietJavaLogging.class.getName());

    assertThat(out).contains("finder " + QuietSystemLoggers.class.getName(), "loggable false")
        .noneMatch(l -> l.contains("a message from the JDK"))
        // What the finder is for: java.util.logging is never started for a logger that is off.
        .noneMatch(l -> l.contains("java.util.logging.LogManager "));
  }

  @Test
  void theJdksLoggersAreSilentWithNoConfigurationAtAll() throws Exception {
    assertThat(run()).contains("loggable false").noneMatch(l -> l.contains("a message from the JDK"));
  }

  @Test
  void aLoggingConfigurationGivenToTheJvmIsObeyedToDebugTheJdk() throws Exception {
    Path config = tmp.resolve("logging.properties");
    Files.writeString(config, "handlers=java.util.logging.ConsoleHandler\n.level=ALL\n"
        + "java.util.logging.ConsoleHandler.level=ALL\n");

    List<String> out = run("-Djava.util.logging.config.file=" + config);

    assertThat(out).contains("loggable true").anyMatch(l -> l.contains("a message from the JDK"));
  }

  @Test
  void onlyAConfigurationOtherThanMaintsOwnCountsAsGiven() {
    assertThat(QuietSystemLoggers.configured(null, null)).isFalse();
    assertThat(QuietSystemLoggers.configured(null, QuietJavaLogging.class.getName())).isFalse();
    assertThat(QuietSystemLoggers.configured("/etc/logging.properties", null)).isTrue();
    assertThat(QuietSystemLoggers.configured(null, "com.example.Logging")).isTrue();
  }

  private static List<String> run(String... jvmOptions) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-Xlog:class+load=info:stdout");
    argv.addAll(List.of(jvmOptions));
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), LogOnce.class.getName()));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(text).isZero();
    return text.lines().toList();
  }
}
