package dev.maint.exec;

import dev.maint.MaintException;
import dev.maint.probe.CertProbe;
import dev.maint.probe.HttpProbe;
import dev.maint.probe.ProbeContext;
import dev.maint.probe.OutputCheck;
import dev.maint.probe.ProbeResult;
import dev.maint.probe.ShellProbe;
import dev.maint.probe.TlsProbe;
import dev.maint.runbook.Action;
import dev.maint.runbook.NextRun;
import dev.maint.runbook.ShellTemplate;
import dev.maint.runbook.Step;
import dev.maint.runbook.Variables;
import dev.maint.schedule.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * Carries out an automated step: resolves the action's templates with the session's {@link
 * Variables} and hands it to the matching probe.
 */
public final class StepRunner {
  /** The variable naming the application's checkout, the default working directory. */
  public static final String APP_DIR_VARIABLE = "app_dir";

  private final ProbeContext context;
  private final Variables variables;
  /** Trusted CAs for probes that name none (the command line's --ca-file). */
  private final Optional<Path> extraCaFile;

  public StepRunner(ProbeContext context, Variables variables) {
    this(context, variables, Optional.empty());
  }

  /**
   * A runner whose tls and http probes without their own {@code ca_file} trust the CAs of {@code
   * caFile} (PEM) besides the system store: {@code maint check --ca-file} on the runbook's probes.
   */
  public StepRunner(ProbeContext context, Variables variables, Optional<Path> caFile) {
    // Output is masked line by line as it is kept, before any cut (issue 17: mask, then cut).
    Redactor redactor = new Redactor(variables::secrets);
    this.context = context.withMask(redactor::redact);
    this.variables = variables;
    this.extraCaFile = caFile;
  }

  /**
   * A one-line description of what the step will do, resolved where possible (unresolvable parts
   * are shown as written), e.g. {@code GET https://host/health} or {@code $ pnpm audit}.
   */
  public String describe(Action action) {
    if (action instanceof Action.Run r) {
      String where = r.host().map(h -> "[" + tryResolve(h) + "] ").orElse("");
      return where + "$ " + dev.maint.text.OneLine.escape(ShownCommand.of(r.command(), variables));
    } else if (action instanceof Action.Http h) {
      return h.method() + " " + tryResolve(h.url());
    } else if (action instanceof Action.Tls t) {
      return "TLS " + tryResolve(t.name().orElse(t.host())) + ":" + tryResolve(t.port())
          + t.connect().map(c -> " via " + tryResolve(c)).orElse("");
    } else if (action instanceof Action.Cert c) {
      return "certificate file " + tryResolve(c.path());
    }
    return "";
  }

  /** What a probe checks: {@code host:port}, a URL or a file; empty for commands and manual steps. */
  public String target(Action action) {
    if (action instanceof Action.Http h) {
      return tryResolve(h.url());
    } else if (action instanceof Action.Tls t) {
      return tryResolve(t.name().orElse(t.host())) + ":" + tryResolve(t.port());
    } else if (action instanceof Action.Cert c) {
      return tryResolve(c.path());
    }
    return "";
  }

  private String tryResolve(String template) {
    try {
      return variables.resolve(template);
    } catch (Variables.UnresolvedException e) {
      return template;
    }
  }

  /**
   * Runs the action.
   *
   * @param output receives a command's output lines as they are written
   * @param cancelled polled during long operations; true stops a running command or cancels an
   *     HTTP or TLS probe, whose result then holds {@code interrupted=true}
   * @return the probe's result; {@code error} when a template cannot be resolved
   */
  public ProbeResult run(Action action, ShellProbe.OutputListener output, BooleanSupplier cancelled) {
    try {
      if (action instanceof Action.Run r) {
        return new ShellProbe(context).run(shell(r), output, cancelled);
      } else if (action instanceof Action.Http h) {
        return new HttpProbe(context).check(http(h), cancelled);
      } else if (action instanceof Action.Tls t) {
        return certificate(t.validUntil(), t.warnDays(), t.failDays(),
            (warn, fail) -> new TlsProbe(context).check(tls(t, warn, fail), cancelled));
      } else if (action instanceof Action.Cert c) {
        return certificate(c.validUntil(), c.warnDays(), c.failDays(),
            (warn, fail) -> new CertProbe(context).check(new CertProbe.Request(path(c.path()), warn, fail)));
      }
      throw new IllegalArgumentException("manual steps are not run");
    } catch (Variables.UnresolvedException | InvalidStepException e) {
      return ProbeResult.error(e.getMessage());
    } catch (IllegalArgumentException e) {
      // An expectation that only turned out malformed once its variables were filled in.
      return ProbeResult.error("cannot check the output: " + e.getMessage());
    } catch (RuntimeException e) {
      // A probe that fails in an unforeseen way is this step's error, not the end of the walk.
      return ProbeResult.error("the probe failed: " + e.getClass().getSimpleName());
    }
  }

  private ShellProbe.Request shell(Action.Run r) {
    Map<String, String> env = new LinkedHashMap<>();
    r.env().forEach((k, v) -> env.put(k, variables.resolve(v)));
    Optional<String> host = r.host().map(variables::resolve).filter(h -> !h.isBlank());
    // Values travel beside the command, never inside its text: a value is one word of data.
    ShellTemplate.Prepared prepared;
    try {
      prepared = ShellTemplate.prepare(r.command(), ref -> variables.resolve(ref));
    } catch (IllegalArgumentException e) {
      throw new InvalidStepException(e.getMessage());
    }
    return new ShellProbe.Request(
        prepared.command(),
        prepared.values(),
        variables.resolve(r.command()),
        workdir(r, host.isPresent()),
        host,
        env,
        r.expectExit(),
        Duration.ofSeconds(r.timeoutSeconds()),
        r.stdout().map(Pattern::compile),
        r.stderr().map(Pattern::compile),
        r.checksOutput()
            ? Optional.of(new OutputCheck(OutputCheck.Format.valueOf(r.format().toUpperCase(java.util.Locale.ROOT)),
                resolved(r.json()), r.capture()))
            : Optional.empty());
  }

  /** Expectations with the {@code ${name}} templates in their string values filled in. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> resolved(Map<String, Object> json) {
    return (Map<String, Object>) resolvedValue(json);
  }

  private Object resolvedValue(Object value) {
    if (value instanceof String s) {
      return s.contains("${") ? variables.resolve(s) : s;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, resolvedValue(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(this::resolvedValue).toList();
    }
    return value;
  }

  /**
   * The step's own workdir, else {@code --workdir}, else the {@code app_dir} variable; never
   * silently the current directory, so a command meant for the application's checkout cannot run
   * in whatever folder the operator happens to be in.
   */
  private Path workdir(Action.Run r, boolean remote) {
    if (r.workdir().isPresent()) {
      return path(r.workdir().get());
    }
    if (context.workdir().isPresent()) {
      return context.workdir().get();
    }
    Optional<String> appDir = variables.value(APP_DIR_VARIABLE).filter(s -> !s.isBlank());
    if (appDir.isPresent()) {
      return remote ? Path.of(appDir.get()) : expandHome(appDir.get());
    }
    throw new InvalidStepException(
        "no working directory: the step has no workdir; pass --workdir DIR or --set "
            + APP_DIR_VARIABLE + "=DIR");
  }

  /**
   * Checks before a walk that the working directory of every local {@code run} step among {@code
   * steps} is a directory, so that a mistyped {@code app_dir} stops the walk at once instead of
   * making each command an {@code error}. Steps run over ssh ({@code host:}) are left to the remote
   * shell, and a directory that cannot be resolved yet is left to its step.
   *
   * @throws MaintException (usage, exit 2) naming the step, where its directory comes from and
   *     the path
   */
  public void checkWorkdirs(List<Step> steps) {
    for (Step step : steps) {
      if (!(step.action() instanceof Action.Run r) || context.workdir().isPresent() && r.workdir().isEmpty()) {
        continue;
      }
      try {
        if (r.host().map(variables::resolve).filter(h -> !h.isBlank()).isPresent()) {
          continue;
        }
        Optional<String> appDir = variables.value(APP_DIR_VARIABLE).filter(v -> !v.isBlank());
        if (r.workdir().isEmpty() && appDir.isEmpty()) {
          continue;
        }
        Path dir = r.workdir().isPresent() ? path(r.workdir().get()) : expandHome(appDir.get());
        if (!Files.isDirectory(dir)) {
          String problem = Files.exists(dir) ? "not a directory" : "no such directory";
          throw MaintException.usage(r.workdir().isPresent()
              ? "workdir " + (r.workdir().get().equals(dir.toString()) ? dir : r.workdir().get() + " (" + dir + ")")
                  + " of step '" + step.id() + "': " + problem
              : APP_DIR_VARIABLE + " " + dir + ": " + problem + " (the working directory of step '" + step.id()
                  + "'; pass --set " + APP_DIR_VARIABLE + "=DIR or --workdir DIR)");
        }
      } catch (Variables.UnresolvedException | InvalidStepException unresolvedYet) {
        // The step reports it when it runs, with the rest of its result.
      }
    }
  }

  private Path path(String template) {
    String value = variables.resolve(template);
    if (value.isBlank()) {
      throw new InvalidStepException("empty path in '" + template + "'");
    }
    return expandHome(value);
  }

  private static Path expandHome(String value) {
    if (value.equals("~") || value.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + value.substring(1));
    }
    return Path.of(value);
  }

  private Optional<Path> caFile(Optional<String> template) {
    // A step's own ca_file is what its author meant; --ca-file fills in where the step names none.
    return template.map(variables::resolve).filter(s -> !s.isBlank()).map(StepRunner::expandHome).or(() -> extraCaFile);
  }

  private int port(String template) {
    String value = variables.resolve(template);
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new InvalidStepException("invalid port '" + value + "'");
    }
  }

  /**
   * Runs a certificate probe with the step's days thresholds, raised for {@code valid_until}: the
   * fail minimum becomes at least the days the certificate must still last (past the cadence's next
   * window plus the margin), the warn minimum at least that, and the reason says what was needed.
   *
   * @param probe runs the probe with a warn and a fail minimum, in days
   */
  private ProbeResult certificate(
      Optional<NextRun> validUntil, int warnDays, int failDays, BiFunction<Integer, Integer, ProbeResult> probe) {
    Optional<Schedule.Lifetime> needed = validUntil.flatMap(
        rule -> Schedule.of(variables.runbook()).lifetime(rule, context.clock().instant()));
    if (needed.isEmpty()) {
      return probe.apply(warnDays, failDays);
    }
    Schedule.Lifetime lifetime = needed.get();
    int fail = Math.max(failDays, lifetime.days());
    ProbeResult r = probe.apply(Math.max(warnDays, fail), fail);
    return new ProbeResult(r.verdict(), r.reason() + "; " + lifetime.describe(), r.details(), r.interrupted())
        .with(Map.of("valid_until", Map.of("rule", lifetime.rule().toString(), "next_window_ends",
            lifetime.lastDay().toString(), "valid_through", lifetime.through().toString(), "days_needed",
            lifetime.days())));
  }

  private TlsProbe.Request tls(Action.Tls t, int warnDays, int failDays) {
    return new TlsProbe.Request(
        variables.resolve(t.host()),
        port(t.port()),
        t.name().map(variables::resolve).filter(s -> !s.isBlank()),
        t.connect().map(variables::resolve).filter(s -> !s.isBlank()),
        warnDays,
        failDays,
        caFile(t.caFile()),
        t.insecure(),
        t.starttls(),
        Duration.ofSeconds(t.timeoutSeconds()));
  }

  private HttpProbe.Request http(Action.Http h) {
    Map<String, String> headers = new LinkedHashMap<>();
    h.headers().forEach((k, v) -> headers.put(k, variables.resolve(v)));
    return new HttpProbe.Request(
        variables.resolve(h.url()),
        h.method(),
        headers,
        h.status(),
        resolved(h.json()),
        h.body().map(Pattern::compile),
        h.followRedirects(),
        Duration.ofSeconds(h.timeoutSeconds()),
        h.warnDays(),
        h.failDays(),
        caFile(h.caFile()),
        h.maxLatencyMs(),
        h.bodyLimitBytes(),
        h.attempts(),
        Duration.ofSeconds(h.intervalSeconds()));
  }

  /** A step that cannot be carried out as written (bad port, no working directory). */
  static final class InvalidStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidStepException(String message) {
      super(message);
    }
  }
}
