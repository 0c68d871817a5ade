package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.ParallelChecks;
import dev.maint.exec.Redactor;
import dev.maint.exec.Status;
import dev.maint.exec.StepRunner;
import dev.maint.report.CheckView;
import dev.maint.runbook.Action;
import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.Step;
import dev.maint.runbook.Variables;
import dev.maint.ui.ConsoleRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code maint check tls|http|cert|health|all [TARGET...]}: probes ad hoc, or every matching
 * probe of the runbook, in parallel.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Run probes now: tls (host[:port]), http and health (URLs), cert (files), all.",
      "Without targets, every matching probe step of the runbook runs (health: its http probes);"
          + " with targets, the runbook is not read."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every probe passed (warnings too, unless --fail-on warn)",
      "1:a probe failed or could not check",
      "2:usage or runbook error"
    })
public final class CheckCommand implements Callable<Integer> {
  /** The probe kinds {@code check} accepts. */
  enum Kind { tls, http, cert, health, all }

  @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class,
      description = "tls, http, cert, health or all.")
  Kind kind;

  /** Reads KIND, naming an unknown one as a check, with the closest kind or the kinds there are. */
  static final class KindConverter implements ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      List<String> kinds = Arrays.stream(Kind.values()).map(Kind::name).toList();
      for (Kind k : Kind.values()) {
        if (k.name().equalsIgnoreCase(value)) {
          return k;
        }
      }
      throw new TypeConversionException("unknown check '" + value + "' ("
          + UsageMessage.closest(value, kinds).map(c -> "did you mean " + c + "?")
              .orElse("expected: " + UsageMessage.or(kinds)) + ")");
    }
  }

  @Parameters(index = "1..*", paramLabel = "TARGET", description = "host[:port], URL or file; default: the runbook's probes.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--warn-days", paramLabel = "DAYS", description = "Warn when fewer days are left before not-after (default ${DEFAULT-VALUE}).")
  int warnDays = 30;

  @Option(names = "--fail-days", paramLabel = "DAYS", description = "Fail when fewer days are left (default ${DEFAULT-VALUE}).")
  int failDays = 7;

  @Option(names = "--name", paramLabel = "NAME", description = "tls: server name to check and send as SNI, if not the host.")
  String name;

  @Option(names = "--connect", paramLabel = "ADDRESS", description = "tls: address to connect to instead of the host.")
  String connect;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trusted CA certificates (PEM), for the targets"
      + " and for the runbook's probes that name no ca_file.")
  String caFile;

  @Option(names = "--insecure", description = "tls: skip trust checks (expiry and name are still checked).")
  boolean insecure;

  @Option(names = "--starttls", paramLabel = "PROTO", description = "tls: postgres or smtp.")
  String starttls;

  @Option(names = "--timeout", paramLabel = "SECONDS", converter = AtLeastOne.class, description = "Per probe (default ${DEFAULT-VALUE}).")
  int timeout = 10;

  @Option(names = "--parallel", paramLabel = "N", converter = AtLeastOne.class, description = "Probes at once (default ${DEFAULT-VALUE}).")
  int parallel = 16;

  @Mixin FormatOption format;

  @Mixin FailOnOption failOn;

  @Mixin RunbookOptions runbookOptions;
  @Mixin SessionOptions sessionOptions;
  @Mixin OutputOptions output;

  private final CliContext context;

  CheckCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    boolean failOnWarn = failOn.warn();
    if (starttls != null && !Set.of("postgres", "smtp").contains(starttls)) {
      throw MaintException.usage("--starttls must be postgres or smtp");
    }
    if (warnDays < failDays) {
      throw MaintException.usage("--warn-days must not be below --fail-days");
    }
    if (caFile != null && !java.nio.file.Files.isReadable(context.cwd().resolve(caFile))) {
      throw MaintException.usage("--ca-file " + caFile + ": no such readable file");
    }
    // Targets on the command line are probed as given, so the runbook is not read for them, unless
    // --env or --set ask for its variables: then it is read only to learn which values are secrets
    // to mask (maint run passes a quick-reference probe on this way).
    boolean variablesAsked = sessionOptions.environment != null || !sessionOptions.set.isEmpty();
    Runbook runbook = targets.isEmpty() || variablesAsked ? runbookOptions.load(context) : Runbook.none();
    Variables variables = sessionOptions.variables(runbook, context);
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables,
        Optional.ofNullable(caFile).map(f -> context.cwd().resolve(f)));
    List<ParallelChecks.Check> checks = targets.isEmpty() ? fromRunbook(runbook, runner) : adHoc(runner);
    if (checks.isEmpty()) {
      throw MaintException.usage("the runbook has no " + kind + " probes; name targets on the command line");
    }
    List<ParallelChecks.Outcome> outcomes = ParallelChecks.run(checks, parallel);
    Redactor redactor = new Redactor(variables::secrets);
    boolean failed = outcomes.stream().anyMatch(o -> Status.of(o.result().verdict()).failsRun(failOnWarn));
    int code = failed ? ExitCode.CHECK_FAILED : ExitCode.OK;
    if (format.json()) {
      CheckView.json(context.out(), outcomes, redactor, code);
    } else {
      ConsoleRenderer labels = new ConsoleRenderer(context.out(), output.style(context), output.verbosity());
      CheckView.table(context.out(), outcomes, redactor, labels::statusLabel, output.quiet(), output.verbose());
    }
    return code;
  }

  private List<ParallelChecks.Check> fromRunbook(Runbook runbook, StepRunner runner) {
    Map<String, ParallelChecks.Check> unique = new LinkedHashMap<>();
    Stream<Step> steps = Stream.concat(
        runbook.cadences().stream().flatMap(c -> c.steps().stream()).map(Cadence.PlacedStep::step),
        Stream.concat(runbook.emergencies().stream().flatMap(e -> e.steps().stream()),
            runbook.rollbacks().stream().flatMap(r -> r.steps().stream())));
    steps.filter(s -> matches(s.action())).forEach(s -> {
      String target = runner.target(s.action());
      // The same check written in several steps (same host, thresholds and options) is probed once.
      unique.putIfAbsent(s.action().toString(),
          new ParallelChecks.Check(target, s.id(), s.kind(), () -> runner.run(s.action(), (l, e) -> {}, () -> false)));
    });
    return new ArrayList<>(unique.values());
  }

  private boolean matches(Action action) {
    return switch (kind) {
      case tls -> action instanceof Action.Tls;
      case http, health -> action instanceof Action.Http;
      case cert -> action instanceof Action.Cert;
      case all -> action instanceof Action.Tls || action instanceof Action.Http || action instanceof Action.Cert;
    };
  }

  private List<ParallelChecks.Check> adHoc(StepRunner runner) {
    if (kind == Kind.all) {
      throw MaintException.usage("'check all' takes no targets: it runs every probe of the runbook");
    }
    List<ParallelChecks.Check> checks = new ArrayList<>();
    for (String t : new LinkedHashSet<>(targets)) {
      Action action = switch (kind) {
        case tls -> tlsAction(t);
        case http, health -> httpAction(t);
        default -> certAction(t);
      };
      checks.add(new ParallelChecks.Check(runner.target(action), "", action.kind(),
          () -> runner.run(action, (l, e) -> {}, () -> false)));
    }
    return checks;
  }

  private Action.Tls tlsAction(String target) {
    String host = target;
    String port = "443";
    if (target.startsWith("[")) {
      int close = target.indexOf(']');
      if (close < 0) {
        throw MaintException.usage("invalid target '" + target + "': unclosed '['");
      }
      host = target.substring(1, close);
      if (target.length() > close + 1) {
        if (target.charAt(close + 1) != ':') {
          throw MaintException.usage("invalid target '" + target + "': expected [ADDRESS]:PORT");
        }
        port = target.substring(close + 2);
      }
    } else if (target.indexOf(':') >= 0 && target.indexOf(':') == target.lastIndexOf(':')) {
      host = target.substring(0, target.indexOf(':'));
      port = target.substring(target.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      throw MaintException.usage("invalid target '" + target + "': no host (expected HOST[:PORT] or [ADDRESS]:PORT)");
    }
    if (!isHost(host)) {
      throw MaintException.usage("invalid target '" + target + "': '" + host
          + "' is not a host name or IP address (expected HOST[:PORT] or [ADDRESS]:PORT)");
    }
    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw MaintException.usage("invalid port in '" + target + "'");
    }
    return new Action.Tls(host, port, Optional.ofNullable(name), Optional.ofNullable(connect), warnDays, failDays,
        Optional.ofNullable(caFile), insecure, Optional.ofNullable(starttls), timeout, Optional.empty());
  }

  /**
   * A DNS name or an IP address (IPv6 with or without brackets), as okhttp reads a URL's host:
   * anything else would be looked up in DNS, or taken for the loopback address when empty.
   */
  private static boolean isHost(String host) {
    if (host.contains("%")) {
      return false;
    }
    try {
      new HttpUrl.Builder().host(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private Action.Http httpAction(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw MaintException.usage("invalid URL '" + url + "': must start with http:// or https://");
    }
    if (HttpUrl.parse(url) == null) {
      throw MaintException.usage("invalid URL '" + url + "'");
    }
    return new Action.Http(url, "GET", Map.of(), List.of("200-399"), Map.of(), Optional.empty(), true, timeout,
        OptionalInt.of(warnDays), OptionalInt.of(failDays), Optional.ofNullable(caFile), OptionalLong.empty(),
        Action.Http.DEFAULT_BODY_LIMIT, 1, 1);
  }

  private Action.Cert certAction(String file) {
    // The probe reads "~/..." from the home folder, as a shell would have.
    Path path = file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2))
        : context.cwd().resolve(file);
    if (!file.isBlank() && Files.isDirectory(path)) {
      throw MaintException.usage("invalid target '" + file + "': is a directory, not a certificate file");
    }
    if (file.isBlank() || !Files.isRegularFile(path)) {
      throw MaintException.usage("invalid target '" + file + "': no such certificate file");
    }
    return new Action.Cert(file, warnDays, failDays, Optional.empty());
  }
}
