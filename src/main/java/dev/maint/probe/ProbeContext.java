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
 */
public record ProbeContext(
    Clock clock, Map<String, String> resolve, Optional<Path> workdir, Map<String, String> environment) {
  public ProbeContext {
    resolve = Map.copyOf(resolve);
    environment = Map.copyOf(environment);
  }

  /** The address fixed for {@code host:port}, if any. */
  public Optional<String> resolved(String host, int port) {
    String exact = resolve.get(host + ":" + port);
    return Optional.ofNullable(exact != null ? exact : resolve.get(host + ":*"));
  }
}
