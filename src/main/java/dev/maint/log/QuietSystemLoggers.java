package dev.maint.log;

import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The {@link System.LoggerFinder} of a {@code maint} process: the JDK's own {@link System.Logger}s
 * (the X.509 certificate factory asks for one, {@code jdk.event.security}, the first time it reads
 * a certificate) log nothing, as every {@code java.util.logging} logger does under {@link
 * QuietJavaLogging}.
 *
 * <p>Why a finder rather than the JDK's default: the default finder answers through {@code
 * java.util.logging}, so the first certificate a {@code maint check tls} reads started the whole
 * {@code LogManager} (its configuration, handlers, logger tree) for a logger that is off, about
 * 15 ms of CPU of every TLS check (docs/benchmarks.md, Start-up). When the JVM is given a {@code
 * java.util.logging} configuration ({@code -Djava.util.logging.config.file} or {@code .class}) to
 * debug the JDK, loggers go to {@code java.util.logging} as before.
 *
 * <p>Found by {@link java.util.ServiceLoader} through {@code
 * META-INF/services/java.lang.System$LoggerFinder} (see {@link System.LoggerFinder}).
 */
public final class QuietSystemLoggers extends System.LoggerFinder {
  private static final System.Logger OFF = new Off();

  /** Called by {@link java.util.ServiceLoader}. */
  public QuietSystemLoggers() {}

  /**
   * The logger named {@code name}: one that logs nothing, or the {@code java.util.logging} one when
   * the JVM was given a configuration of its own.
   */
  @Override
  public System.Logger getLogger(String name, Module module) {
    return configured(System.getProperty("java.util.logging.config.file"),
        System.getProperty("java.util.logging.config.class"))
        ? new JavaLogging(java.util.logging.Logger.getLogger(name)) : OFF;
  }

  /**
   * Whether the JVM was given a {@code java.util.logging} configuration of its own.
   *
   * @param file the {@code java.util.logging.config.file} property, or null
   * @param configClass the {@code java.util.logging.config.class} property, or null ({@link
   *     QuietJavaLogging} when {@code maint} set it)
   */
  static boolean configured(String file, String configClass) {
    return file != null || (configClass != null && !configClass.equals(QuietJavaLogging.class.getName()));
  }

  /** A logger with every level off. */
  private static final class Off implements System.Logger {
    @Override
    public String getName() {
      return "off";
    }

    @Override
    public boolean isLoggable(Level level) {
      return false;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {}

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {}
  }

  /** A {@link System.Logger} that writes to a {@code java.util.logging} logger. */
  private record JavaLogging(java.util.logging.Logger logger) implements System.Logger {
    @Override
    public String getName() {
      return logger.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
      return logger.isLoggable(julLevel(level));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) {
        logger.logrb(julLevel(level), bundle, msg, thrown);
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        logger.logrb(julLevel(level), bundle, format, params);
      }
    }

    private static java.util.logging.Level julLevel(Level level) {
      return switch (level) {
        case ALL -> java.util.logging.Level.ALL;
        case TRACE -> java.util.logging.Level.FINER;
        case DEBUG -> java.util.logging.Level.FINE;
        case INFO -> java.util.logging.Level.INFO;
        case WARNING -> java.util.logging.Level.WARNING;
        case ERROR -> java.util.logging.Level.SEVERE;
        case OFF -> java.util.logging.Level.OFF;
      };
    }
  }
}
