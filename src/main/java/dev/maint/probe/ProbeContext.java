package dev.maint.probe;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Settings every probe of a run shares.
 *
 * @param clock the clock days-left are counted from
 * @param resolve fixed addresses as in curl's {@code --resolve}: key {@code NAME:PORT} (port
 *     {@code *} for any), value an IP address; applied on every connection and redirect hop
 * @param workdir working directory for {@code run} steps without their own, if given
 * @param environment the environment passed to child processes
 * @param mask masks the secrets in one line of a command's output before it is kept, so cutting
 *     long output to its head and tail can never leave part of a secret behind
 */
public record ProbeContext(
    Clock clock, Map<String, String> resolve, Optional<Path> workdir, Map<String, String> environment,
    java.util.function.UnaryOperator<String> mask) {
  public ProbeContext {
    resolve = Map.copyOf(resolve);
    environment = Map.copyOf(environment);
    java.util.Objects.requireNonNull(mask, "mask");
  }

  /** A context that keeps output as it is written. */
  public ProbeContext(Clock clock, Map<String, String> resolve, Optional<Path> workdir, Map<String, String> environment) {
    this(clock, resolve, workdir, environment, java.util.function.UnaryOperator.identity());
  }

  /** This context, masking output lines with {@code mask}. */
  public ProbeContext withMask(java.util.function.UnaryOperator<String> newMask) {
    return new ProbeContext(clock, resolve, workdir, environment, newMask);
  }

  /** The address fixed for {@code host:port}, if any. */
  public Optional<String> resolved(String host, int port) {
    String exact = resolve.get(host + ":" + port);
    return Optional.ofNullable(exact != null ? exact : resolve.get(host + ":*"));
  }
}
