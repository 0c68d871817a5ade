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
  /** How long one push or fetch may take. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

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
   * @throws RecordException when git cannot be started or takes longer than {@link #TIMEOUT}
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
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("maint-git", ".out");
      err = Files.createTempFile("maint-git", ".err");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RecordException("git " + args[0] + " took longer than " + TIMEOUT.toMinutes() + " minutes; stopped it");
      }
      return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RecordException("cannot run git (needed to push): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecordException("interrupted while git " + args[0] + " ran");
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
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
