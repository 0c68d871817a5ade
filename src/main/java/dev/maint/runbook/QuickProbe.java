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
 *   <li>{@code curl ... URL} with an {@code http://} or {@code https://} URL is {@code maint check
 *       http URL}, unless it sends something ({@code -X}, {@code --request}, {@code -d}, {@code
 *       --data...}, {@code -F}, {@code --form}, {@code -T}, {@code --upload-file}): only plain GETs
 *       are probes.
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
  private static final Pattern CURL = Pattern.compile("^\\s*curl\\s");
  private static final Pattern URL = Pattern.compile("(https?://[^\\s'\"|;&]+)");
  private static final Pattern SENDS =
      Pattern.compile("\\s(-X|--request|-d|--data\\S*|-F|--form|-T|--upload-file)(\\s|=|$)");

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
    Matcher url = URL.matcher(command);
    if (CURL.matcher(command).find() && !SENDS.matcher(command).find() && url.find()) {
      return Optional.of(new QuickProbe("http", url.group(1), Optional.empty()));
    }
    return Optional.empty();
  }

  /** The arguments of {@code maint check}: {@code tls HOST:PORT [--name NAME]} or {@code http URL}. */
  public List<String> checkArguments() {
    List<String> args = new ArrayList<>(List.of(kind, target));
    name.ifPresent(n -> args.addAll(List.of("--name", n)));
    return args;
  }
}
