package dev.maint.cli;

import dev.maint.config.Config;
import dev.maint.io.AtomicFile;
import dev.maint.record.RecordException;
import dev.maint.record.RecordReader;
import dev.maint.record.RunRecord;
import dev.maint.run.RunPlan;
import dev.maint.runbook.Runbook;
import dev.maint.signal.CadenceStatus;
import dev.maint.signal.Notification;
import dev.maint.signal.Notifier;
import dev.maint.signal.PrometheusText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * {@code --metrics PATH} and {@code --notify URL} of the walks: after a walk is recorded, the
 * cadence's metrics are written for node_exporter's textfile collector and a summary is posted to
 * each webhook (docs/signals.md). Both read the run back from the record just committed, so they
 * show what {@code maint log} and {@code maint site} show. Neither changes the walk's exit code: a
 * file that cannot be written or a webhook that does not answer is a warning on standard error.
 * Without the option, {@code metrics:} (a path) and {@code notify:} (a URL or a list of URLs) of
 * the configuration files ({@link Config}) apply; the command line wins.
 */
public final class SignalOptions {
  @Option(names = "--metrics", paramLabel = "PATH",
      description = "After the walk, write the cadence's Prometheus metrics to PATH (atomically; name it *.prom for"
          + " node_exporter's textfile collector).")
  Path metrics;

  @Option(names = "--notify", paramLabel = "URL",
      description = "After the walk, post a summary to this webhook: generic JSON, or Slack's format with"
          + " slack:URL (repeatable). A failed delivery is retried, then shown as a warning; the exit code stays.")
  List<String> notify = new ArrayList<>();

  /**
   * The signals asked for, checked before the walk so a mistyped URL stops it before it begins.
   *
   * @throws dev.maint.MaintException (usage) for a URL that is not http or https, or a configuration
   *     file whose {@code metrics:} or {@code notify:} has the wrong shape (FILE:LINE:COLUMN)
   */
  AfterWalk afterWalk(CliContext context) {
    Optional<Path> metricsPath = Optional.ofNullable(metrics).map(p -> context.cwd().resolve(p).normalize());
    List<String> urls = notify;
    // The command line wins; only an option left out is taken from the configuration (the
    // process's, read once: the same files the option defaults came from).
    if (metricsPath.isEmpty() || urls.isEmpty()) {
      Config config = context.config().get();
      if (metricsPath.isEmpty()) {
        // A path from a file is already absolute, resolved against that file's folder.
        metricsPath = config.get("metrics").map(s -> Path.of(s.value()));
      }
      if (urls.isEmpty()) {
        urls = config.list("notify").stream().map(Config.Setting::value).toList();
      }
    }
    List<Notifier.Target> targets = urls.stream().map(Notifier.Target::parse).toList();
    // Made only to send: an HTTP client loads the JDK's trust store, tens of milliseconds of every walk.
    return new AfterWalk(context, metricsPath, targets, Notifier::standard);
  }

  /** What to do once a walk has ended; see {@link SignalOptions}. */
  static final class AfterWalk {
    private final CliContext context;
    private final Optional<Path> metrics;
    private final List<Notifier.Target> targets;
    private final Supplier<Notifier> notifier;

    AfterWalk(CliContext context, Optional<Path> metrics, List<Notifier.Target> targets, Supplier<Notifier> notifier) {
      this.context = context;
      this.metrics = metrics;
      this.targets = List.copyOf(targets);
      this.notifier = notifier;
    }

    /**
     * Writes the metrics and posts the notifications of the walk that ended with {@code exitCode}.
     *
     * @return {@code exitCode}, always
     */
    int signal(RunPlan plan, int exitCode) {
      if ((metrics.isEmpty() && targets.isEmpty()) || plan.mode().dryRun()) {
        return exitCode;
      }
      if (!plan.where().commit()) {
        warn("--metrics and --notify read the run from its committed record: nothing written or sent with"
            + " --no-commit");
        return exitCode;
      }
      Runbook runbook = plan.runbook();
      String cadence = plan.cadence().id();
      List<RecordReader.Found> runs;
      try {
        runs = RecordReader.forRunbook(plan.where().repoDir(), runbook).list();
      } catch (RecordException e) {
        warn("cannot read the record for --metrics and --notify: " + e.getMessage());
        return exitCode;
      }
      LocalDate today = LocalDate.now(context.clock().withZone(runbook.timezone()));
      Optional<String> environment = Optional.of(plan.variables().environment());
      List<CadenceStatus> status = CadenceStatus.of(runbook, List.of(cadence), runs, today, environment);
      metrics.ifPresent(path -> write(path, PrometheusText.of(status)));
      Optional<RunRecord> run = status.get(0).lastRun();
      if (!targets.isEmpty() && run.isPresent()) {
        Notification n = Notification.walkEnded(runbook.id(), run.get(), exitCode, status.get(0).openItems(),
            plan.redactor()::redact);
        notifier.get().send(targets, n).stream().filter(d -> !d.delivered())
            .forEach(d -> warn(Notifier.warning(d)));
      }
      return exitCode;
    }

    private void write(Path path, String text) {
      try {
        AtomicFile.write(path, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        warn("cannot write the metrics to " + path + ": " + e.getMessage());
      }
    }

    private void warn(String message) {
      context.err().println("maint: warning: " + message);
      context.err().flush();
    }
  }
}
