package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.Git;
import dev.maint.testing.MaintProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, 2: secrets never appear on a command line. While maint (a child JVM) walks a step
 * using a secret given by {@code --set NAME=${env:...}} and one given by {@code --set-file}, and
 * pushes to an http remote whose password comes from {@code ${env:...}}, every process's
 * {@code /proc/PID/cmdline} is read over and over: maint's, the step's {@code sh}, {@code git push}
 * and {@code git-remote-http}. None holds a secret in any form, and git still got the password.
 */
class CommandLineSecretsTest {
  private static final String STEP_SECRET = "st3p sec:ret/é+1";
  private static final String FILE_SECRET = "f1le-secret-ab%cd";
  private static final String PUSH_SECRET = "pu5h pass:w/rd";
  private static final String USER = "maint-user";

  @TempDir Path tmp;

  private static List<String> formsOf(String secret) {
    List<String> forms = new ArrayList<>(List.of(secret,
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"),
        Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
        Base64.getEncoder().encodeToString((USER + ":" + secret).getBytes(StandardCharsets.UTF_8))));
    return forms;
  }

  /** Every command line on the machine, read until {@code stop}; NUL separators made spaces. */
  private static Thread watch(Set<String> seen, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get()) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
          procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
            try {
              byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
              if (raw.length > 0) {
                seen.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' '));
              }
            } catch (IOException gone) {
              // The process ended between listing and reading.
            }
          });
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void noSecretOnTheCommandLineOfMaintTheStepGitPushOrItsRemoteHelper() throws Exception {
    Path repo = tmp.resolve("ops");
    Git.initWithCommit(repo);
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path secretFile = tmp.resolve("file-secret");
    Files.writeString(secretFile, FILE_SECRET + "\n");
    Path runbook = tmp.resolve("secrets.yaml");
    Files.writeString(runbook, String.join("\n",
        "runbook: secrets",
        "title: Secrets",
        "version: \"1\"",
        "variables:",
        "  token: {secret: true}",
        "  file_token: {}",
        "log:",
        "  file: maintenance/log.md",
        "  columns: [Date, Cadence, Operator, Activities, Issues Found, Notes]",
        "cadences:",
        "  - id: continuous",
        "    title: Continuous",
        "    branch: maintenance/{week-year}-W{week}",
        "    sections:",
        "      - id: s",
        "        title: Steps",
        "        steps:",
        "          - id: use",
        "            title: Use the secrets",
        "            run: printf '%s|%s' ${token} \"${file_token}\" > seen; sleep 2; true",
        ""));

    try (MockWebServer server = new MockWebServer()) {
      // Every git call (the run's fetch and pushes, the branch's push) is asked for a password first,
      // then answered, held a while so that git and its remote helper are there to be looked at.
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          return request.getHeaders().get("Authorization") == null
              ? new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Basic realm=\"git\"").build()
              : new MockResponse.Builder().code(404).headersDelay(1500, TimeUnit.MILLISECONDS).build();
        }
      });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String remote = "http://" + USER + ":${env:PUSH_TOKEN}@127.0.0.1:" + server.getPort() + "/repo.git";

      Set<String> seen = ConcurrentHashMap.newKeySet();
      AtomicBoolean stop = new AtomicBoolean();
      Thread watcher = watch(seen, stop);
      MaintProcess maint = MaintProcess.start(tmp,
          Map.of("STEP_TOKEN", STEP_SECRET, "PUSH_TOKEN", PUSH_SECRET, "HOME", tmp.toString(),
              "MAINT_STATE_DIR", tmp.resolve("state").toString(), "NO_COLOR", "1"),
          "walk", "continuous", "--non-interactive", "--runbook", runbook.toString(), "--repo", repo.toString(),
          "--workdir", work.toString(), "--operator", "Op <op@example.test>",
          "--set", "token=${env:STEP_TOKEN}", "--set-file", "file_token=" + secretFile, "--push", remote);
      maint.awaitExit(Duration.ofSeconds(90));
      stop.set(true);
      watcher.join();

      assertThat(Files.readString(work.resolve("seen"))).isEqualTo(STEP_SECRET + "|" + FILE_SECRET);
      server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest authorised = server.takeRequest(10, TimeUnit.SECONDS);
      assertThat(authorised).as(maint.output()).isNotNull();
      assertThat(authorised.getHeaders().get("Authorization")).isEqualTo("Basic "
          + Base64.getEncoder().encodeToString((USER + ":" + PUSH_SECRET).getBytes(StandardCharsets.UTF_8)));
      // The watcher saw the processes it is about, so their silence means something.
      assertThat(seen).anySatisfy(c -> assertThat(c).contains("dev.maint.Main", "--set-file"));
      assertThat(seen).anySatisfy(c -> assertThat(c).contains("MAINT_VALUE_1", "sleep 2"));
      assertThat(seen).anySatisfy(c -> assertThat(c).contains("git", "push", "127.0.0.1"));
      assertThat(seen).anySatisfy(c -> assertThat(c).contains("remote-http"));
      for (String secret : List.of(STEP_SECRET, FILE_SECRET, PUSH_SECRET)) {
        for (String form : formsOf(secret)) {
          assertThat(seen).noneSatisfy(c -> assertThat(c).contains(form));
        }
      }
      assertThat(maint.output()).doesNotContain(STEP_SECRET, FILE_SECRET, PUSH_SECRET);
    }
  }
}
