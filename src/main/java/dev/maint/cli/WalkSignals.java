package dev.maint.cli;

import dev.maint.exec.Interruption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jline.utils.Signals;

/**
 * The JVM-wide signal handlers that end a walk like SIGTERM, installed for the walk's duration
 * and only where the context allows them ({@link CliContext#systemSignals()}). A closed terminal
 * or a dropped ssh connection (SIGHUP) ends the walk like SIGTERM too: the JVM's own handler
 * would exit at once and leave the running command behind. Under {@code nohup} the signal stays
 * ignored (the JVM does not replace an ignored SIGHUP).
 */
final class WalkSignals {
  /** The handlers replaced, by signal name, to put back by {@link #uninstall()}. */
  private final Map<String, Object> previous = new LinkedHashMap<>();

  private WalkSignals() {}

  /**
   * Makes each of the signals {@code names} ({@code INT}, {@code TERM}, {@code HUP}) terminate the
   * walk, until {@link #uninstall()}.
   */
  static WalkSignals install(CliContext context, Interruption interruption, String... names) {
    WalkSignals signals = new WalkSignals();
    if (context.systemSignals()) {
      for (String name : names) {
        signals.previous.put(name, Signals.register(name, interruption::terminate));
      }
    }
    return signals;
  }

  /** Puts the replaced handlers back. */
  void uninstall() {
    previous.forEach(Signals::unregister);
  }
}
