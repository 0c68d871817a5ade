package dev.maint.report;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reports of one run: every {@code --report FORMAT=PATH} written atomically, and the Markdown
 * summary appended to the file named by {@code GITHUB_STEP_SUMMARY} when that is set.
 */
public final class Reports {
  /** The environment variable GitHub Actions sets to the job summary file. */
  public static final String GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY";

  private final List<ReportTarget> targets;
  private final Optional<Path> stepSummary;

  /**
   * @param targets the reports to write; relative paths already resolved against the current
   *     directory
   * @param stepSummary a file the Markdown summary is appended to, if any
   */
  public Reports(List<ReportTarget> targets, Optional<Path> stepSummary) {
    this.targets = List.copyOf(targets);
    this.stepSummary = stepSummary;
  }

  /**
   * The reports asked for on the command line and by the environment.
   *
   * @param targets {@code --report} values as given
   * @param cwd the directory relative paths start from
   * @param env the process environment ({@value #GITHUB_STEP_SUMMARY})
   */
  public static Reports of(List<ReportTarget> targets, Path cwd, Map<String, String> env) {
    List<ReportTarget> resolved = new ArrayList<>();
    targets.forEach(t -> resolved.add(new ReportTarget(t.format(), cwd.resolve(t.path()).normalize())));
    Optional<Path> summary = Optional.ofNullable(env.get(GITHUB_STEP_SUMMARY))
        .filter(s -> !s.isBlank())
        .map(s -> cwd.resolve(s).normalize());
    return new Reports(resolved, summary);
  }

  /**
   * Checks before a walk that every report can be written, so a long walk does not end in a
   * report that cannot be saved: no target is a directory, and each one's directory exists (or
   * can be created) and is writable, and no two reports (or a report and {@value
   * #GITHUB_STEP_SUMMARY}) name the same file. Creates missing directories.
   *
   * @throws MaintException (usage, exit 2) naming the path that cannot be written
   */
  public void preflight() {
    List<Path> paths = new ArrayList<>();
    targets.forEach(t -> paths.add(t.path()));
    stepSummary.ifPresent(paths::add);
    // A second report to the same file would silently replace the first.
    Map<Path, String> seen = new HashMap<>();
    for (int i = 0; i < paths.size(); i++) {
      String what = i < targets.size() ? "--report " + targets.get(i).format().id() : GITHUB_STEP_SUMMARY;
      String first = seen.putIfAbsent(paths.get(i), what);
      if (first != null) {
        throw MaintException.usage(first + " and " + what + " both write " + paths.get(i)
            + ": give each report a file of its own");
      }
    }
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        throw MaintException.usage("cannot write report " + p + ": it is a directory");
      }
      Path dir = p.getParent();
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw MaintException.usage("cannot create the directory for report " + p + ": " + e.getMessage());
      }
      // A device or FIFO (/dev/stdout) is written to as it is, not renamed over: its folder need not be writable.
      boolean special = Files.exists(p) && !Files.isRegularFile(p);
      if (special ? !Files.isWritable(p) : !Files.isWritable(dir)) {
        throw MaintException.usage("cannot write report " + p + ": " + (special ? p : dir) + " is not writable");
      }
      if (!special) {
        // Files.isWritable says yes to root in a folder no file can be made in (/proc, a read-only
        // mount): only making one tells, now, rather than after the walk when the report is written.
        try {
          Files.delete(Files.createTempFile(dir, ".maint-report-", ".tmp"));
        } catch (IOException e) {
          throw MaintException.usage("cannot write report " + p + ": " + dir + " is not writable (" + reason(e) + ")");
        }
      }
    }
  }

  /**
   * Writes every report.
   *
   * @return the files written, in the order given, then the step summary if set
   * @throws MaintException (exit 2) when a report cannot be written; the reports before it are
   *     written, the one that failed is left as it was
   */
  public List<Path> write(RunReport report) {
    List<Path> written = new ArrayList<>();
    for (ReportTarget t : targets) {
      try {
        AtomicFile.write(t.path(), out -> t.format().writer().write(report, out));
      } catch (IOException e) {
        throw new MaintException(ExitCode.USAGE, "cannot write report " + t.path() + ": " + reason(e), e);
      }
      written.add(t.path());
    }
    if (stepSummary.isPresent()) {
      Path summary = stepSummary.get();
      try {
        // A blank line keeps the summary apart from what earlier steps of the job wrote.
        boolean earlier = Files.exists(summary) && Files.size(summary) > 0;
        byte[] markdown = render(ReportFormat.MARKDOWN, report);
        try (OutputStream out = Files.newOutputStream(summary, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
          if (earlier) {
            out.write('\n');
          }
          out.write(markdown);
        }
      } catch (IOException e) {
        throw new MaintException(ExitCode.USAGE,
            "cannot append to " + GITHUB_STEP_SUMMARY + " file " + summary + ": " + e.getMessage(), e);
      }
      written.add(summary);
    }
    return written;
  }

  /** The report in one format, as UTF-8 bytes. */
  public static byte[] render(ReportFormat format, RunReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.writer().write(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /** The report in one format as text (the formats are UTF-8). */
  public static String text(ReportFormat format, RunReport report) {
    return new String(render(format, report), StandardCharsets.UTF_8);
  }

  /** What went wrong, as the file system said it: a NoSuchFileException's message is only a path. */
  private static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e instanceof java.nio.file.FileSystemException ? "no file can be made there" : String.valueOf(e.getMessage());
  }
}
