package dev.maint.cli;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.ParallelChecks;
import dev.maint.exec.Redactor;
import dev.maint.exec.Status;
import dev.maint.exec.StepRunner;
import dev.maint.probe.TlsProbe;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
  private static final int DEFAULT_WARN_DAYS = 30;
  private static final int DEFAULT_FAIL_DAYS = 7;
  /** Seconds. */
  private static final int DEFAULT_TIMEOUT = 10;

  /** The probe kinds {@code check} accepts. */
  enum Kind { tls, http, cert, health, all }

  @Parameters(index = "0", paramLabel = "KIND", converter = KindConverter.class,
      description = "tls, http, cert, health or all.")
  Kind kind;

  /** Reads KIND, naming an unknown one as a check, with the closest kind or the kinds there are. */
  static final class KindConverter extends EnumConverter<Kind> {
    KindConverter() {
      super(Kind.class, "check");
    }
  }

  @Parameters(index = "1..*", paramLabel = "TARGET", description = "host[:port], URL or file; default: the runbook's probes.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--warn-days", paramLabel = "DAYS", converter = WholeNumber.Days.class, description = "Warn when fewer days are left before not-after (default ${DEFAULT-VALUE}).")
  int warnDays = DEFAULT_WARN_DAYS;

  @Option(names = "--fail-days", paramLabel = "DAYS", converter = WholeNumber.Days.class, description = "Fail when fewer days are left (default ${DEFAULT-VALUE}).")
  int failDays = DEFAULT_FAIL_DAYS;

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

  @Option(names = "--timeout", paramLabel = "SECONDS", converter = WholeNumber.Seconds.class, description = "Per probe (default ${DEFAULT-VALUE}).")
  int timeout = DEFAULT_TIMEOUT;

  @Option(names = "--parallel", paramLabel = "N", converter = WholeNumber.Count.class, description = "Probes at once (default ${DEFAULT-VALUE}).")
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

  /**
   * The options that shape an ad hoc probe, as {@code check} parsed them (defaults for {@code maint
   * run}'s quick-reference probes).
   *
   * @param warnDays {@code --warn-days}
   * @param failDays {@code --fail-days}
   * @param name {@code --name}, tls
   * @param connect {@code --connect}, tls
   * @param caFile {@code --ca-file}, as given (relative to the current directory)
   * @param insecure {@code --insecure}, tls
   * @param starttls {@code --starttls}, tls
   * @param timeout {@code --timeout}, seconds
   */
  record ProbeOptions(int warnDays, int failDays, Optional<String> name, Optional<String> connect,
      Optional<String> caFile, boolean insecure, Optional<String> starttls, int timeout) {
    /** The defaults of {@code maint check}, with a server name and extra CAs. */
    static ProbeOptions defaults(Optional<String> name, Optional<String> caFile) {
      return new ProbeOptions(DEFAULT_WARN_DAYS, DEFAULT_FAIL_DAYS, name, Optional.empty(), caFile, false,
          Optional.empty(), DEFAULT_TIMEOUT);
    }
  }

  private ProbeOptions probeOptions() {
    return new ProbeOptions(warnDays, failDays, Optional.ofNullable(name), Optional.ofNullable(connect),
        Optional.ofNullable(caFile), insecure, Optional.ofNullable(starttls), timeout);
  }

  /**
   * Starts the TLS probes' one-off work ({@link TlsProbe#warmUp}) on a daemon thread
   * when {@code line} (a whole {@code maint check ...} command line) is about to probe TLS or
   * HTTPS: any kind but {@code cert}, and no help or version asked for. Only a guess from the
   * words: a wrong guess costs time on another thread, never a different result.
   */
  static void prepare(String[] line) {
    boolean afterCheck = false;
    for (String a : line) {
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version") || a.equals("--")) {
        return;
      }
      if (!afterCheck) {
        afterCheck = a.equals("check");
      } else if (!a.startsWith("-")) {
        if (a.equalsIgnoreCase(Kind.cert.name())) {
          return;
        }
        break;
      }
    }
    Thread warmUp = new Thread(TlsProbe::warmUp, "maint-tls-warm-up");
    warmUp.setDaemon(true);
    warmUp.start();
  }

  /**
   * Refuses a {@code --ca-file} that is not a readable file holding at least one certificate
   * (PEM or DER, as {@link TlsProbe#caFileProblem} reads it), before anything is contacted.
   *
   * @throws MaintException (exit 2) naming it and why, e.g. {@code --ca-file /etc/passwd: holds no
   *     certificate (neither PEM nor DER)}
   */
  static void checkCaFile(CliContext context, Optional<String> caFile) {
    if (caFile.isEmpty()) {
      return;
    }
    Path path = context.cwd().resolve(caFile.get());
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw MaintException.usage("--ca-file " + caFile.get() + ": no such readable file");
    }
    TlsProbe.caFileProblem(path).ifPresent(why -> {
      throw MaintException.usage("--ca-file " + caFile.get() + ": " + why);
    });
  }

  /**
   * Runs {@code checks} at most {@code parallel} at once and shows them: a table, or the JSON
   * report under {@code --format json}.
   *
   * @return the exit code: 1 when a probe failed or errored (or warned under {@code --fail-on warn}), else 0
   */
  static int run(CliContext context, List<ParallelChecks.Check> checks, int parallel, Redactor redactor,
      boolean failOnWarn, FormatOption format, OutputOptions output) {
    List<ParallelChecks.Outcome> outcomes = ParallelChecks.run(checks, parallel);
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

  @Override
  public Integer call() {
    boolean failOnWarn = failOn.warn();
    if (starttls != null && !Set.of("postgres", "smtp").contains(starttls)) {
      throw MaintException.usage("--starttls must be postgres or smtp");
    }
    if (warnDays < failDays) {
      throw MaintException.usage("--warn-days must not be below --fail-days");
    }
    checkCaFile(context, Optional.ofNullable(caFile));
    // Targets on the command line are probed as given, so the runbook is not read for them, unless
    // --env or --set ask for its variables: then it is read only to learn which values are secrets
    // to mask.
    boolean variablesAsked = sessionOptions.environment != null || !sessionOptions.set.isEmpty();
    Runbook runbook = targets.isEmpty() || variablesAsked ? runbookOptions.load(context) : Runbook.none();
    Variables variables = sessionOptions.variables(runbook, context);
    StepRunner runner = new StepRunner(sessionOptions.probeContext(context), variables,
        Optional.ofNullable(caFile).map(f -> context.cwd().resolve(f)));
    List<ParallelChecks.Check> checks = targets.isEmpty() ? fromRunbook(runbook, runner) : adHoc(runner);
    if (checks.isEmpty()) {
      throw MaintException.usage("the runbook has no " + kind + " probes; name targets on the command line");
    }
    return run(context, checks, parallel, new Redactor(variables::secrets), failOnWarn, format, output);
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
      checks.add(adHoc(context, kind, t, probeOptions(), runner));
    }
    return checks;
  }

  /**
   * The check of one target given on the command line.
   *
   * @param kind tls, http, health or cert (not all)
   * @throws MaintException (exit 2) when the target is not one of its kind
   */
  static ParallelChecks.Check adHoc(CliContext context, Kind kind, String target, ProbeOptions o, StepRunner runner) {
    Action action = switch (kind) {
      case tls -> tlsAction(target, o);
      case http, health -> httpAction(target, o);
      default -> certAction(context, target, o);
    };
    return new ParallelChecks.Check(runner.target(action), "", action.kind(),
        () -> runner.run(action, (l, e) -> {}, () -> false));
  }

  private static Action.Tls tlsAction(String target, ProbeOptions o) {
    java.util.regex.Matcher url = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://").matcher(target);
    if (url.find()) {
      // A URL's scheme decides a protocol tls does not speak (ldap, ftp): say what it takes instead.
      throw MaintException.usage("invalid target '" + target + "': tls takes HOST[:PORT] or [ADDRESS]:PORT, not a URL"
          + " (scheme '" + url.group(1) + "' is not supported; STARTTLS: --starttls postgres or smtp)");
    }
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
      throw MaintException.usage("invalid target '" + target + "': port '" + port + "' is not a number from 1 to 65535");
    }
    o.name().filter(n -> !isHost(n)).ifPresent(n -> {
      throw MaintException.usage("--name " + n + ": not a host name or IP address");
    });
    o.connect().filter(c -> !isHost(c)).ifPresent(c -> {
      throw MaintException.usage("--connect " + c + ": not a host name or IP address");
    });
    return new Action.Tls(host, port, o.name(), o.connect(), o.warnDays(), o.failDays(), o.caFile(), o.insecure(),
        o.starttls(), o.timeout(), Optional.empty());
  }

  /**
   * A name of letters, digits, hyphens and underscores in dot-separated labels of 1 to 63
   * characters, at most 253 in all, none an IDNA label ({@code xn--}): okhttp takes every such
   * name as a URL's host, so {@link #isHost} accepts it without starting okhttp (and Kotlin's
   * runtime), about 50 classes that a TLS check of a plain name or IPv4 address needs nothing else
   * from.
   */
  private static final java.util.regex.Pattern PLAIN_HOST =
      java.util.regex.Pattern.compile("(?!.{254})(?:(?![Xx][Nn]--)[A-Za-z0-9_-]{1,63}\\.)*(?![Xx][Nn]--)[A-Za-z0-9_-]{1,63}\\.?");

  /** A host name in ASCII: LDH labels of 1 to 63 characters (RFC 1123 2.1, underscores allowed), at most 253 in all. */
  private static final java.util.regex.Pattern ASCII_HOST =
      java.util.regex.Pattern.compile("(?!.{254})(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*"
          + "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?");

  /**
   * A host name or an IP address (IPv6 with or without brackets): a name is letters, digits and
   * hyphens in dot-separated labels (RFC 1123 section 2.1; underscores too, as internal names
   * have them), or an internationalized name that IDNA (RFC 3490, {@link java.net.IDN} with the
   * STD3 rules) turns into one, and okhttp must take it as a URL's host too. Anything else ({@code
   * local$(id)host}, {@code a b}) would be sent to DNS as it is, so it is refused before any lookup.
   * Plain ASCII names and IPv4 addresses are decided by {@link #PLAIN_HOST} alone, to the same answer.
   */
  static boolean isHost(String host) {
    if (host.contains("%")) {
      return false;
    }
    if (PLAIN_HOST.matcher(host).matches()) {
      return true;
    }
    if (host.indexOf(':') >= 0) {
      // Only an IPv6 literal has a colon: okhttp parses it (RFC 4291 text forms).
      return host.matches("\\[?[0-9A-Fa-f:.]+]?") && okhttpHost(host);
    }
    try {
      String ascii = java.net.IDN.toASCII(host, java.net.IDN.USE_STD3_ASCII_RULES);
      return ASCII_HOST.matcher(ascii).matches() && okhttpHost(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean okhttpHost(String host) {
    try {
      new HttpUrl.Builder().host(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Action.Http httpAction(String url, ProbeOptions o) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw MaintException.usage("invalid URL '" + url + "': must start with http:// or https://");
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw MaintException.usage("invalid URL '" + url + "'");
    }
    // okhttp takes "local$(id)host" as a host and would look it up: the same rule as a tls target.
    String typedHost = url.replaceFirst("^https?://(?:[^/?#@]*@)?", "").replaceFirst("[/?#].*$", "")
        .replaceFirst("^(\\[[^]]*]).*$", "$1").replaceFirst("^([^\\[][^:]*):[^:]*$", "$1");
    if (!isHost(typedHost)) {
      throw MaintException.usage("invalid URL '" + url + "': '" + typedHost + "' is not a host name or IP address");
    }
    return new Action.Http(url, "GET", Map.of(), List.of("200-399"), Map.of(), Optional.empty(), true, o.timeout(),
        OptionalInt.of(o.warnDays()), OptionalInt.of(o.failDays()), o.caFile(), OptionalLong.empty(),
        Action.Http.DEFAULT_BODY_LIMIT, 1, 1);
  }

  private static Action.Cert certAction(CliContext context, String file, ProbeOptions o) {
    // The probe reads "~/..." from the home folder, as a shell would have.
    Path path = file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2))
        : context.cwd().resolve(file);
    if (!file.isBlank() && Files.isDirectory(path)) {
      throw MaintException.usage("invalid target '" + file + "': is a directory, not a certificate file");
    }
    if (file.isBlank() || !Files.exists(path)) {
      throw MaintException.usage("invalid target '" + file + "': no such certificate file");
    }
    if (!Files.isRegularFile(path)) {
      throw MaintException.usage("invalid target '" + file + "': not a regular file (a device or a pipe), not a certificate file");
    }
    try {
      if (Files.size(path) == 0) {
        throw MaintException.usage("invalid target '" + file + "': the file is empty, not a certificate file");
      }
    } catch (java.io.IOException e) {
      throw MaintException.usage("invalid target '" + file + "': cannot be read");
    }
    return new Action.Cert(file, o.warnDays(), o.failDays(), Optional.empty());
  }
}
