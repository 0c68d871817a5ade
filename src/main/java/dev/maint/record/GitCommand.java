package dev.maint.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the {@code git} command for what jgit cannot do portably: talking to remotes with the
 * operator's own credentials (ssh agent, credential helpers, {@code insteadOf} rules). Output that
 * is shown to anyone passes through {@link #hideCredentials}.
 */
final class GitCommand {
  /** How long one push or fetch may take, unless {@value #TIMEOUT_VARIABLE} says otherwise. */
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** The environment variable that sets how long one push or fetch may take, in whole seconds. */
  static final String TIMEOUT_VARIABLE = "MAINT_GIT_TIMEOUT";

  /** How long git may take before the person is told what maint waits for. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  /** The exit code a git stopped at its deadline, or by a signal, is given (as timeout(1) does). */
  static final int STOPPED = 124;

  /**
   * The gits running now, stopped with their process groups when maint ends (a signal's default
   * handler, or an exit) so that no {@code ssh} of theirs is left behind.
   */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * The remotes (by git folder and remote) that did not answer in time in this process: later
   * calls to them fail at once, so an unreachable host costs a walk one wait, not one per call.
   */
  private static final java.util.Set<String> SILENT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Set when maint is ending: no git is started after that, as none would be stopped. */
  private static volatile boolean ending;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ending = true;
      for (Process p : LIVE) {
        dev.maint.io.ProcessGroups.killTree(p.toHandle());
        System.err.println("maint: stopped git (pid " + p.pid() + ") as maint ended");
      }
    }, "maint-git-stop"));
  }

  private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");
  private static final List<String> REPOSITORY_VARIABLES =
      List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY");

  private final Path gitDir;
  private final Map<String, String> env;
  private final boolean mayPrompt;
  private java.util.Optional<Credentials> credentials = java.util.Optional.empty();

  /**
   * A user and password taken out of a remote URL, so they reach git through a credential helper
   * (git's credential protocol, gitcredentials(7)) instead of any process's command line.
   *
   * @param url the URL without its user information
   * @param user the decoded user name
   * @param password the decoded password, possibly empty
   */
  record Credentials(String url, String user, String password) {
    /** The URL's {@code user:password@}, percent-decoded (RFC 3986, 3.2.1), if it has any. */
    static java.util.Optional<Credentials> of(String remote) {
      java.util.regex.Matcher m = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s]+)@(.*)$").matcher(remote);
      if (!m.matches()) {
        return java.util.Optional.empty();
      }
      String info = m.group(2);
      int colon = info.indexOf(':');
      String user = colon < 0 ? info : info.substring(0, colon);
      String password = colon < 0 ? "" : info.substring(colon + 1);
      return java.util.Optional.of(new Credentials(m.group(1) + m.group(3), decode(user), decode(password)));
    }

    private static String decode(String s) {
      return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  /**
   * The helper git runs (through {@code sh}) for the credentials: it reads them from its
   * environment, so its command line holds only names. {@code printf} is a shell builtin, so no
   * process shows the values either.
   */
  private static final String HELPER = "!f() { test \"$1\" = get && printf 'username=%s\\npassword=%s\\n'"
      + " \"$MAINT_GIT_USERNAME\" \"$MAINT_GIT_PASSWORD\"; }; f";

  /** Gives git these credentials, in place of the operator's credential helpers, for every command. */
  GitCommand withCredentials(Credentials c) {
    this.credentials = java.util.Optional.of(c);
    return this;
  }

  /**
   * @param gitDir the repository's git directory ({@code .git}, or the bare repository)
   * @param env the environment git runs with (the operator's, so it finds their credentials)
   * @param mayPrompt whether git may ask for a password on the terminal; false for unattended runs
   */
  GitCommand(Path gitDir, Map<String, String> env, boolean mayPrompt) {
    this.gitDir = gitDir;
    this.env = Map.copyOf(env);
    this.mayPrompt = mayPrompt;
  }

  /**
   * The outcome of one git command.
   *
   * @param exitCode git's exit code
   * @param out standard output
   * @param err standard error
   */
  record Output(int exitCode, String out, String err) {
    /** The last {@code fatal:} or {@code error:} line, else the last line, credentials hidden. */
    String problem() {
      List<String> lines = err.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      String pick = lines.stream().filter(l -> l.startsWith("fatal:") || l.startsWith("error:"))
          .reduce((a, b) -> b).orElse(lines.isEmpty() ? "git exited " + exitCode : lines.get(lines.size() - 1));
      return hideCredentials(pick);
    }
  }

  /**
   * Runs {@code git --git-dir=DIR ARGS...} and waits for it.
   *
   * A fetch or push that takes longer than its limit ({@link #timeout}), or is still running when a
   * signal comes ({@link RemoteCalls#cancelWhen}), is stopped with its process group and gives exit
   * code {@link #STOPPED} and a {@code fatal:} line saying so, as a remote that cannot be reached
   * does; so is every later call to a remote that did not answer in time, at once.
   *
   * @throws RecordException when git cannot be started
   */
  Output run(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + gitDir));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(gitDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    REPOSITORY_VARIABLES.forEach(pb.environment()::remove);
    pb.environment().put("LC_ALL", "C");
    if (!mayPrompt) {
      pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    }
    credentials.ifPresent(c -> {
      // Configuration through the environment (git 2.31+): the first, empty helper clears the
      // operator's helpers, so the URL's credentials win as they did inside the URL.
      Map<String, String> e = pb.environment();
      e.put("GIT_CONFIG_COUNT", "2");
      e.put("GIT_CONFIG_KEY_0", "credential.helper");
      e.put("GIT_CONFIG_VALUE_0", "");
      e.put("GIT_CONFIG_KEY_1", "credential.helper");
      e.put("GIT_CONFIG_VALUE_1", HELPER);
      e.put("MAINT_GIT_USERNAME", c.user());
      e.put("MAINT_GIT_PASSWORD", c.password());
    });
    String remote = remoteOf(args);
    String key = gitDir + "\0" + remote;
    Duration limit = timeout(env);
    String what = "git " + args[0] + (remote.isEmpty() ? "" : " (" + hideCredentials(remote) + ")");
    String noAnswer = "fatal: " + (remote.isEmpty() ? "git " + args[0] : hideCredentials(remote))
        + " did not answer within " + limit.toSeconds() + " s (" + TIMEOUT_VARIABLE + " sets the limit); stopped " + what;
    if (ending || !remote.isEmpty() && SILENT.contains(key)) {
      return new Output(STOPPED, "", noAnswer);
    }
    // A process group of its own: on a deadline or a signal, git is stopped with the ssh it started.
    List<String> grouped = new ArrayList<>(dev.maint.io.ProcessGroups.ownGroup());
    grouped.addAll(pb.command());
    pb.command(grouped);
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("maint-git", ".out");
      err = Files.createTempFile("maint-git", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      java.util.function.BooleanSupplier cancelled = RemoteCalls.cancelled();
      boolean signalledBefore = cancelled.getAsBoolean();
      p = pb.start();
      LIVE.add(p);
      if (ending) {
        // The shutdown hook may have gone over the gits before this one was added.
        dev.maint.io.ProcessGroups.killTree(p.toHandle());
        return new Output(STOPPED, "", "fatal: maint is ending: stopped " + what);
      }
      p.getOutputStream().close();
      long start = System.nanoTime();
      boolean told = false;
      String stopped = null;
      while (!p.waitFor(50, TimeUnit.MILLISECONDS)) {
        long waited = System.nanoTime() - start;
        if (!told && !remote.isEmpty() && waited > QUIET.toNanos()) {
          told = true;
          RemoteCalls.say("Waiting for " + hideCredentials(remote) + " (git " + args[0] + "), at most "
              + limit.toSeconds() + " s (" + TIMEOUT_VARIABLE + ")…");
        }
        if (waited > limit.toNanos()) {
          SILENT.add(key);
          stopped = noAnswer;
        } else if (!signalledBefore && cancelled.getAsBoolean()) {
          // The person gave up waiting for it: the rest of this maint does not wait for it again.
          SILENT.add(key);
          stopped = "fatal: interrupted: stopped " + what;
          RemoteCalls.say("Interrupted: stopped " + what + " with its process group; this walk does not wait for it again.");
        }
        if (stopped != null) {
          dev.maint.io.ProcessGroups.killTree(p.toHandle());
          return new Output(STOPPED, "", stopped);
        }
      }
      return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RecordException("cannot run git (needed to push): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dev.maint.io.ProcessGroups.killTree(p.toHandle());
      throw new RecordException("interrupted while git " + args[0] + " ran");
    } finally {
      if (p != null) {
        LIVE.remove(p);
      }
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** The remote a fetch or push names: the argument after {@code --}; empty for other commands. */
  private static String remoteOf(String... args) {
    if (!args[0].equals("fetch") && !args[0].equals("push")) {
      return "";
    }
    List<String> all = List.of(args);
    int dashes = all.indexOf("--");
    return dashes >= 0 && dashes + 1 < all.size() ? all.get(dashes + 1) : "";
  }

  /**
   * How long one git command may take: {@value #TIMEOUT_VARIABLE} seconds, else {@link #TIMEOUT}.
   *
   * @throws RecordException when the variable is set to anything but a whole number from 1 to 86400
   */
  static Duration timeout(Map<String, String> env) {
    String value = env.get(TIMEOUT_VARIABLE);
    if (value == null || value.isBlank()) {
      return TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds >= 1 && seconds <= 86_400) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // Refused below.
    }
    throw new RecordException(TIMEOUT_VARIABLE + " must be a whole number of seconds from 1 to 86400, not '"
        + dev.maint.text.OneLine.escape(value) + "'");
  }

  /** The text with the user and password part of every URL replaced by {@code ***}. */
  static String hideCredentials(String text) {
    return USER_INFO.matcher(text).replaceAll("$1***@");
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A temporary file left behind is harmless.
      }
    }
  }
}
