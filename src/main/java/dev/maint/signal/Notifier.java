package dev.maint.signal;

import dev.maint.MaintException;
import dev.maint.record.RecordJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts a {@link Notification} to webhooks (okhttp): the generic JSON body, or {@code {"text":
 * ...}} for a {@code slack:} target. A delivery that fails with a connection error, a timeout, HTTP
 * 429 or a 5xx status is tried again, up to {@link #ATTEMPTS} attempts in all, with a pause that
 * doubles; other statuses are not retried. Nothing here throws for a failed delivery: the caller
 * shows each as a warning, and the exit code stays what the run made it.
 */
public final class Notifier {
  /** Attempts per target, the first included. */
  public static final int ATTEMPTS = 3;

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /**
   * Where to post.
   *
   * @param url the webhook's URL, {@code http} or {@code https}
   * @param slack whether to post Slack's {@code {"text": ...}} rather than the generic body
   */
  public record Target(HttpUrl url, boolean slack) {
    /**
     * {@code URL} or {@code slack:URL}.
     *
     * @throws MaintException (usage) when the URL is not an http or https URL; the message does not
     *     repeat the URL, which may hold a token
     */
    public static Target parse(String spec) {
      boolean slack = spec.startsWith("slack:");
      String url = slack ? spec.substring("slack:".length()) : spec;
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        throw MaintException.usage("--notify needs an http or https URL, or slack:URL (the value given is not one)");
      }
      return new Target(parsed, slack);
    }

    /**
     * The target as messages show it: scheme, host and port only. Webhook URLs carry their secret
     * in the path or the query (Slack's {@code /services/T…/B…/token}), so those are never shown.
     */
    public String shown() {
      return (slack ? "slack:" : "") + url.scheme() + "://" + url.host()
          + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()) + "/…";
    }
  }

  /**
   * How one delivery went.
   *
   * @param target where
   * @param delivered whether a 2xx answer came
   * @param attempts how many attempts were made
   * @param problem the last attempt's problem ({@code HTTP 500}, {@code connection refused}); empty when delivered
   */
  public record Delivery(Target target, boolean delivered, int attempts, String problem) {}

  private final OkHttpClient client;
  private final Duration pause;

  /**
   * @param timeout the limit of each attempt, connecting and answering included
   * @param pause the pause before the second attempt; it doubles before each next one
   */
  public Notifier(Duration timeout, Duration pause) {
    this.client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
        .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .retryOnConnectionFailure(false)
        .build();
    this.pause = pause;
  }

  /** A notifier with a 10-second limit per attempt and a pause of one second, then two. */
  public static Notifier standard() {
    return new Notifier(Duration.ofSeconds(10), Duration.ofSeconds(1));
  }

  /** Posts {@code n} to every target, in order; one delivery each. */
  public List<Delivery> send(List<Target> targets, Notification n) {
    List<Delivery> done = new ArrayList<>();
    for (Target t : targets) {
      done.add(send(t, n));
    }
    return done;
  }

  private Delivery send(Target t, Notification n) {
    String body = RecordJson.writeValue(t.slack() ? Map.of("text", n.text()) : n.body());
    String problem = "";
    long wait = pause.toMillis();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Request request = new Request.Builder().url(t.url()).header("User-Agent", "maint")
          .post(RequestBody.create(body, JSON)).build();
      boolean retry;
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return new Delivery(t, true, attempt, "");
        }
        problem = "HTTP " + response.code();
        retry = response.code() == 429 || response.code() >= 500;
      } catch (IOException e) {
        problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        retry = true;
      }
      if (!retry || attempt == ATTEMPTS) {
        return new Delivery(t, false, attempt, problem);
      }
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Delivery(t, false, attempt, "interrupted");
      }
      wait *= 2;
    }
    return new Delivery(t, false, ATTEMPTS, problem);
  }

  /** The warning a failed delivery shows, e.g. {@code notification to https://hooks.example/… failed after 3 attempts: HTTP 500}. */
  public static String warning(Delivery d) {
    return "notification to " + d.target().shown() + " failed after " + d.attempts()
        + (d.attempts() == 1 ? " attempt: " : " attempts: ") + d.problem().replace(d.target().url().toString(), "…");
  }
}
