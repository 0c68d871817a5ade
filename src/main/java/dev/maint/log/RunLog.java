package dev.maint.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import dev.maint.exec.WalkListener;
import dev.maint.record.LogEntry;
import dev.maint.text.ControlCharacters;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log file of one run: {@code maint-<UTC start, basic ISO 8601>-<cadence>-<session>.log} in
 * the log directory, with a line per step start, output line and outcome. Only the {@code
 * dev.maint} loggers write to it; {@link QuietLogging} keeps every logger off the console. Opening a
 * run log removes the oldest run logs beyond the newest {@value #KEEP}.
 *
 * <p>Every line loses ANSI sequences and control characters, and its free text (titles, commands,
 * output, reasons, notes, messages) passes through the session's {@link Redactor}, so no secret
 * and no escape code reaches the file. Ids, status labels, counts, times, the operator and paths
 * are written as they are: a short secret such as {@code x} must not turn them into {@code ***}.
 */
public final class RunLog implements AutoCloseable {
  /** Run logs kept in the directory, the new one included. */
  public static final int KEEP = 30;

  /** Environment variable naming the log directory (after {@code --log-dir}). */
  public static final String ENV = "MAINT_LOG_DIR";

  /** Bytes that must be free in the log directory before a walk starts. */
  static final long LOG_SPACE = 256 * 1024;

  private static final String PREFIX = "maint-";
  private static final String SUFFIX = ".log";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /**
   * The time that starts each line, in the JVM's time zone (logback's {@code
   * %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}).
   */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

  private final Path file;
  private final Redactor redactor;
  private final Logger logger;
  private final ch.qos.logback.classic.Logger root;
  private final FileAppender<ILoggingEvent> appender;

  private RunLog(Path file, Redactor redactor, ch.qos.logback.classic.Logger root,
      FileAppender<ILoggingEvent> appender) {
    this.file = file;
    this.redactor = redactor;
    this.root = root;
    this.appender = appender;
    this.logger = LoggerFactory.getLogger("dev.maint.run");
  }

  /**
   * The log directory: {@code --log-dir}, else {@value #ENV}, else {@code
   * $XDG_STATE_HOME/maint/logs}, else {@code ~/.local/state/maint/logs} (XDG Base Directory
   * Specification, state data).
   *
   * @param option the {@code --log-dir} value, if given
   * @param env the process environment
   * @param cwd the directory a relative {@code --log-dir} starts from
   * @throws MaintException (usage, exit 2) when {@value #ENV} is a relative path
   */
  public static Path directory(Optional<Path> option, Map<String, String> env, Path cwd) {
    if (option.isPresent()) {
      return cwd.resolve(option.get()).normalize();
    }
    return dev.maint.io.EnvironmentPath.of(env, ENV)
        .orElseGet(() -> dev.maint.io.EnvironmentPath.maintState(env).resolve("logs"));
  }

  /**
   * Starts the log file of a run and removes the oldest beyond {@value #KEEP}.
   *
   * @param dir the log directory; created when missing
   * @param session the session being walked (start time, cadence, id)
   * @param redactor masks the session's secrets in every message
   * @throws MaintException (usage, exit 2) when the directory or file cannot be written
   */
  public static RunLog open(Path dir, Session session, Redactor redactor) {
    Path file = dir.resolve(PREFIX + STAMP.format(session.started()) + "-" + session.cadence() + "-"
        + session.id() + SUFFIX);
    try {
      Files.createDirectories(dir);
      // Append: a resumed session goes on in the log of its first part. A byte is written, forced
      // to the disk and taken back: a full disk shows now, not as a silent empty log (logback
      // drops what it cannot write).
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
        long size = ch.size();
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), size);
        ch.force(true);
        ch.truncate(size);
      }
      long free = Files.getFileStore(dir).getUsableSpace();
      if (free < LOG_SPACE) {
        throw new java.nio.file.FileSystemException(dir.toString(), null,
            "only " + free + " bytes free, at least " + LOG_SPACE + " needed");
      }
    } catch (IOException e) {
      throw new MaintException(ExitCode.USAGE, "cannot write the run log " + file + ": "
          + (e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage())
          + " (choose another directory with --log-dir or " + ENV + ")", e);
    }
    prune(dir, KEEP);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new RunLog(file, redactor, null, null);
    }
    Line layout = new Line();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("run-" + session.id());
    appender.setFile(file.toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger maint = context.getLogger("dev.maint");
    maint.setAdditive(false);
    maint.setLevel(Level.DEBUG);
    maint.addAppender(appender);
    return new RunLog(file, redactor, maint, appender);
  }

  /**
   * One line of the file: time, level padded to five, message ({@code %d %-5level %msg%n}). Made
   * here rather than by logback's {@code PatternLayout}, whose start loads a converter class for
   * every pattern word it knows (about 150 classes) before a walk's first step.
   */
  private static final class Line extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
      String level = event.getLevel().toString();
      return TIME.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(ZoneId.systemDefault())) + " " + level
          + " ".repeat(Math.max(0, 5 - level.length())) + " " + event.getFormattedMessage()
          + CoreConstants.LINE_SEPARATOR;
    }
  }

  /** Removes the oldest run logs ({@code maint-*.log}, by name: the name starts with the time). */
  static void prune(Path dir, int keep) {
    List<Path> logs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      files.forEach(logs::add);
    } catch (IOException e) {
      return;
    }
    logs.sort(null);
    for (int i = 0; i < logs.size() - keep; i++) {
      try {
        Files.deleteIfExists(logs.get(i));
      } catch (IOException e) {
        // Another run may be removing it too; one stale log does no harm.
      }
    }
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /** A listener that logs each step and then hands the event on to {@code display}. */
  public WalkListener around(WalkListener display) {
    return new LoggingWalkListener(this, display);
  }

  /** Logs the start of a walk. */
  public void started(Session session, String runbookSource, String selection, boolean dryRun) {
    info("maint " + session.cadence() + (dryRun ? " (dry run)" : "") + ": runbook " + session.runbookId() + " "
        + session.runbookVersion() + " sha256:" + session.runbookSha256() + " from " + runbookSource
        + ", environment " + session.environment() + ", operator " + session.operator() + ", session "
        + session.id() + ", " + session.stepCount() + " steps" + (selection.isEmpty() ? "" : " (" + selection + ")"),
        "");
  }

  /** Logs the end of a walk. */
  public void ended(Session session, int exitCode) {
    String how = session.interrupted() ? "interrupted" : session.quit() ? "quit" : "finished";
    info("walk " + how + ": " + LogEntry.counts(session) + "; exit code " + exitCode, "");
  }

  /** Logs a report file written. */
  public void wrote(Path report) {
    info("report written to " + report, "");
  }

  /**
   * Logs a line.
   *
   * @param fixed the start of the line: ids, labels, counts, kept as they are
   * @param free the free text after it, masked
   */
  void info(String fixed, String free) {
    logger.info(clean(fixed, free));
  }

  void warn(String fixed, String free) {
    logger.warn(clean(fixed, free));
  }

  void error(String fixed, String free) {
    logger.error(clean(fixed, free));
  }

  void debug(String fixed, String free) {
    logger.debug(clean(fixed, free));
  }

  private String clean(String fixed, String free) {
    return ControlCharacters.strip(fixed + redactor.redact(free)).replace("\n", " ");
  }

  /** Stops writing the file; the {@code dev.maint} loggers fall silent again. */
  @Override
  public void close() {
    if (root != null) {
      root.detachAppender(appender);
      appender.stop();
      root.setLevel(null);
    }
  }
}
