package dev.maint.runbook;

/**
 * What a step does. The strings of an action are templates: {@code ${name}} references are
 * resolved by {@link Variables} when the step runs.
 */
public sealed interface Action
    permits Action.Manual, Action.Run, Action.Http, Action.Tls, Action.Cert {

  /** The step kind as it appears in reports: manual, run, http, tls or cert. */
  String kind();

  /** A checklist item the operator confirms. */
  record Manual() implements Action {
    @Override
    public String kind() {
      return "manual";
    }
  }

  /**
   * A shell command.
   *
   * @param command the {@code sh -c} command line
   * @param expectExit exit codes that count as pass (default {@code [0]})
   * @param timeoutSeconds seconds before the command's process tree is killed
   * @param workdir directory template; empty: {@code --workdir} or the {@code app_dir} variable
   * @param host ssh destination template; empty: run locally
   * @param env extra environment variables (templates)
   * @param stdout regex the standard output must contain, if present
   * @param stderr regex the standard error must contain, if present
   * @param format how standard output is read for {@code json} and {@code capture}: {@code json},
   *     {@code lines} ({@code key:value} / {@code key=value}) or {@code text}
   * @param json expected values of the output by JSON Pointer (RFC 6901), as for {@link Http#json};
   *     string values may hold {@code ${name}} templates
   * @param capture fact name to the JSON Pointer of the output its value is taken from
   */
  record Run(
      String command,
      java.util.List<Integer> expectExit,
      long timeoutSeconds,
      java.util.Optional<String> workdir,
      java.util.Optional<String> host,
      java.util.Map<String, String> env,
      java.util.Optional<String> stdout,
      java.util.Optional<String> stderr,
      String format,
      java.util.Map<String, Object> json,
      java.util.Map<String, String> capture)
      implements Action {
    public Run {
      expectExit = java.util.List.copyOf(expectExit);
      env = java.util.Map.copyOf(env);
      java.util.Objects.requireNonNull(format, "format");
      json = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(json));
      capture = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(capture));
    }

    /** A command whose output is not checked. */
    public Run(
        String command, java.util.List<Integer> expectExit, long timeoutSeconds, java.util.Optional<String> workdir,
        java.util.Optional<String> host, java.util.Map<String, String> env, java.util.Optional<String> stdout,
        java.util.Optional<String> stderr) {
      this(command, expectExit, timeoutSeconds, workdir, host, env, stdout, stderr, "text", java.util.Map.of(),
          java.util.Map.of());
    }

    /** Whether the output is read and checked or captured from. */
    public boolean checksOutput() {
      return !json.isEmpty() || !capture.isEmpty();
    }

    @Override
    public String kind() {
      return "run";
    }
  }

  /**
   * An HTTP probe.
   *
   * @param url URL template
   * @param method HTTP method
   * @param headers request headers (templates; may hold secrets)
   * @param status accepted status codes and ranges such as {@code 200-299}
   * @param json expected values by JSON Pointer (RFC 6901); the value is compared as YAML gave it
   * @param body regex the body must contain, if present
   * @param followRedirects whether 3xx responses are followed
   * @param timeoutSeconds seconds for one attempt, all redirect hops included
   * @param warnDays for https: warn when fewer days remain before the certificate's not-after
   * @param failDays for https: fail when fewer days remain
   * @param caFile template of a PEM file with extra trusted CAs; empty for the system trust store
   * @param maxLatencyMs fail when the call (all redirect hops) takes longer, in milliseconds
   * @param bodyLimitBytes most body bytes read for {@code body}/{@code json}; more is an error
   * @param attempts tries before a failing or erroring probe counts (at least 1)
   * @param intervalSeconds seconds between attempts
   */
  record Http(
      String url,
      String method,
      java.util.Map<String, String> headers,
      java.util.List<String> status,
      java.util.Map<String, Object> json,
      java.util.Optional<String> body,
      boolean followRedirects,
      long timeoutSeconds,
      java.util.OptionalInt warnDays,
      java.util.OptionalInt failDays,
      java.util.Optional<String> caFile,
      java.util.OptionalLong maxLatencyMs,
      long bodyLimitBytes,
      int attempts,
      long intervalSeconds)
      implements Action {
    /** Default of {@code body_limit}: 1 MiB. */
    public static final long DEFAULT_BODY_LIMIT = 1L << 20;

    public Http {
      // Headers go out in the order the runbook lists them.
      headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
      status = java.util.List.copyOf(status);
      json = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(json));
    }

    @Override
    public String kind() {
      return "http";
    }
  }

  /**
   * A TLS certificate probe: a fresh handshake with SNI.
   *
   * @param host template of the host name checked (and sent as SNI unless {@code name} is set)
   * @param port template of the TCP port (default {@code 443})
   * @param name template of the server name to check and send as SNI, if different from host
   * @param connect template of the address to connect to instead of {@code host}
   * @param warnDays warn when fewer days remain before the effective not-after
   * @param failDays fail when fewer days remain
   * @param caFile template of a PEM file with extra trusted CAs; empty for the system trust store
   * @param insecure skip trust checks (never the expiry)
   * @param starttls {@code postgres} or {@code smtp}, if the protocol upgrades to TLS
   * @param timeoutSeconds seconds for connecting, STARTTLS and the handshake together: one deadline
   * @param validUntil also fail unless the certificate outlives the cadence's next run ({@code
   *     valid_until})
   */
  record Tls(
      String host,
      String port,
      java.util.Optional<String> name,
      java.util.Optional<String> connect,
      int warnDays,
      int failDays,
      java.util.Optional<String> caFile,
      boolean insecure,
      java.util.Optional<String> starttls,
      long timeoutSeconds,
      java.util.Optional<NextRun> validUntil)
      implements Action {
    public Tls {
      java.util.Objects.requireNonNull(validUntil, "validUntil");
    }

    @Override
    public String kind() {
      return "tls";
    }
  }

  /**
   * A certificate file on disk (PEM or DER, one certificate or a bundle).
   *
   * @param path template of the file path
   * @param warnDays warn when fewer days remain before the earliest not-after
   * @param failDays fail when fewer days remain
   * @param validUntil also fail unless the certificate outlives the cadence's next run ({@code
   *     valid_until})
   */
  record Cert(String path, int warnDays, int failDays, java.util.Optional<NextRun> validUntil) implements Action {
    public Cert {
      java.util.Objects.requireNonNull(validUntil, "validUntil");
    }

    @Override
    public String kind() {
      return "cert";
    }
  }
}
