package dev.maint.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A quick-reference command that is a probe, and the {@code maint check} that does its job. Which
 * commands are probes is decided by the command text:
 *
 * <ul>
 *   <li>{@code openssl s_client ... -connect HOST:PORT} (e.g. piped into {@code openssl x509
 *       -noout -dates}) is {@code maint check tls HOST:PORT}, with {@code --name NAME} when it has
 *       {@code -servername NAME};
 *   <li>{@code curl [-s -S -f -L] URL} with an {@code http://} or {@code https://} URL is {@code
 *       maint check http URL}: only plain GETs whose options change nothing but curl's own output
 *       are probes; a curl with headers, a method, data or other options runs as written.
 * </ul>
 *
 * Everything else is run as a shell command. What follows a probe in a pipeline ({@code | jq .},
 * {@code | openssl x509 -noout -dates}) is not run: the probe reports the status, the certificate
 * and its days left itself.
 *
 * @param kind {@code tls} or {@code http}
 * @param target {@code HOST:PORT} or the URL, as in the command (it may hold {@code ${...}})
 * @param name the server name to check and send as SNI, for tls
 */
public record QuickProbe(String kind, String target, Optional<String> name) {
  private static final Pattern OPENSSL = Pattern.compile("\\bopenssl\\s+s_client\\b");
  private static final Pattern CONNECT = Pattern.compile("\\s-connect\\s+(\\S+)");
  private static final Pattern SERVERNAME = Pattern.compile("\\s-servername\\s+(\\S+)");
  private static final Pattern URL = Pattern.compile("https?://[^\\s'\"|;&]+");
  /** curl options that only change what curl prints or whether it follows redirects. */
  private static final Pattern QUIET_OPTION =
      Pattern.compile("-[sSfL]+|--silent|--show-error|--fail|--location");

  public QuickProbe {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
  }

  /** The probe a command is, if it is one (see the class comment). */
  public static Optional<QuickProbe> of(String command) {
    Matcher connect = CONNECT.matcher(command);
    if (OPENSSL.matcher(command).find() && connect.find()) {
      Matcher sni = SERVERNAME.matcher(command);
      return Optional.of(new QuickProbe("tls", connect.group(1), sni.find() ? Optional.of(sni.group(1)) : Optional.empty()));
    }
    // Only what comes before a pipe is the request; "| jq ." only formats its output.
    String[] words = command.split("\\|", 2)[0].strip().split("\\s+");
    if (words.length < 2 || !words[0].equals("curl")) {
      return Optional.empty();
    }
    String url = null;
    for (int i = 1; i < words.length; i++) {
      if (URL.matcher(words[i]).matches() && url == null) {
        url = words[i];
      } else if (!QUIET_OPTION.matcher(words[i]).matches()) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(url).map(u -> new QuickProbe("http", u, Optional.empty()));
  }

  /** The arguments of {@code maint check}: {@code tls HOST:PORT [--name NAME]} or {@code http URL}. */
  public List<String> checkArguments() {
    List<String> args = new ArrayList<>(List.of(kind, target));
    name.ifPresent(n -> args.addAll(List.of("--name", n)));
    return args;
  }
}
