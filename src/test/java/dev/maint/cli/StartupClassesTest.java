package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import dev.maint.testing.Git;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start of {@code maint} loads, from the JVM's own class-loading log of a real process:
 * commands that touch no repository start neither jgit nor logback, {@code --version} and {@code
 * --help} (also a command's) build no picocli command (and so make no annotation proxy), {@code
 * check} with a target on its command line loads no runbook (nor jgit in a linked work tree), a TLS
 * check of a plain name starts no okhttp, only the checks that speak TLS start JSSE and the trust store, and {@code list} and
 * {@code validate} of the shipped runbook read the model the build made of it instead of parsing
 * YAML (issue 16, start-up).
 */
class StartupClassesTest {
  @TempDir Path tmp;

  /** The classes {@code java dev.maint.Main args} loaded, run in {@code dir}; asserts its exit code. */
  private List<String> loaded(Path dir, int exitCode, String... args) throws IOException, InterruptedException {
    Path log = tmp.resolve("classes.log");
    Files.deleteIfExists(log);
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:off", "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
        "dev.maint.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("MAINT_") || k.equals("XDG_CONFIG_HOME"));
    pb.environment().put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("maint ended").isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out.txt"))).isEqualTo(exitCode);
    return Files.readAllLines(log).stream()
        .map(l -> l.replaceFirst("^.*\\[class,load\\s*\\] (\\S+).*$", "$1"))
        .toList();
  }

  @Test
  void listInAnOrdinaryCloneStartsNeitherJgitNorLogback() throws Exception {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();

    List<String> classes = loaded(repo, 0, "list");

    assertThat(classes).contains("dev.maint.runbook.RunbookLoader")
        .noneMatch(c -> c.startsWith("org.eclipse.jgit.") || c.startsWith("ch.qos.logback.") || c.startsWith("org.slf4j."));
  }

  @Test
  void versionBuildsNoCommandAndStartsNoLogging() throws Exception {
    List<String> classes = loaded(tmp, 0, "--version");

    assertThat(classes).contains("dev.maint.cli.VersionProvider")
        .doesNotContain("picocli.CommandLine$Model$CommandSpec", "java.util.logging.LogManager")
        .noneMatch(c -> c.startsWith("sun.util.calendar.ZoneInfoFile"));
  }

  @Test
  void helpBuildsNoCommandAndNoAnnotationProxy() throws Exception {
    List<String> classes = loaded(tmp, 0, "--help");

    assertThat(classes).contains("dev.maint.cli.RenderedHelp")
        .doesNotContain("picocli.CommandLine", "picocli.CommandLine$Model$CommandSpec", "dev.maint.cli.MaintCommand",
            "dev.maint.cli.Commands", "java.util.logging.LogManager")
        .noneMatch(c -> c.startsWith("jdk.proxy") || c.startsWith("com.sun.proxy"))
        .noneMatch(c -> c.startsWith("dev.maint.cli.") && c.endsWith("Command"));
  }

  @Test
  void aCommandsHelpBuildsNoCommand() throws Exception {
    List<String> classes = loaded(tmp, 0, "monthly", "--help");

    assertThat(classes).contains("dev.maint.cli.RenderedHelp", "dev.maint.cli.ConfigDefaults")
        .doesNotContain("picocli.CommandLine", "picocli.CommandLine$Model$CommandSpec", "dev.maint.cli.WalkCommand",
            "dev.maint.runbook.RunbookLoader")
        .noneMatch(c -> c.startsWith("jdk.proxy") || c.startsWith("com.sun.proxy") || c.startsWith("org.eclipse.jgit."));
  }

  @Test
  void checkWithATargetLoadsNoRunbookAndNoRepository() throws Exception {
    Path repo = Git.initWithCommit(tmp.resolve("repo")).dir();

    List<String> classes = loaded(repo, 1, "check", "tls", "127.0.0.1:1", "--timeout", "2");

    assertThat(classes).contains("dev.maint.probe.TlsProbe")
        .doesNotContain("dev.maint.runbook.RunbookLoader", "dev.maint.text.Sha256")
        .noneMatch(c -> c.startsWith("org.eclipse.jgit.") || c.startsWith("ch.qos.logback."));
  }

  @Test
  void listAndValidateOfTheShippedRunbookParseNoYamlAndHashNothing() throws Exception {
    Path copy = Files.write(tmp.resolve("shipped.yaml"),
        Files.readAllBytes(Path.of("runbooks/forma3d-connect.yaml")));

    for (List<String> args : List.of(List.of("list"), List.of("validate"), List.of("validate", copy.toString()))) {
      List<String> classes = loaded(tmp, 0, args.toArray(String[]::new));

      assertThat(classes).as(String.join(" ", args)).contains("dev.maint.runbook.RunbookModel")
          .doesNotContain("dev.maint.runbook.StepReader", "java.security.MessageDigest")
          // Linking Config (which reads a configuration file, when there is one, with snakeyaml) loads
          // the exception and constructor types its code names; no YAML is scanned, parsed or composed.
          .noneMatch(c -> c.startsWith("org.yaml.snakeyaml.") && !c.startsWith("org.yaml.snakeyaml.error.")
              && !c.startsWith("org.yaml.snakeyaml.constructor."));
    }
  }

  @Test
  void validateOfAnyOtherRunbookParsesItsYaml() throws Exception {
    Path mine = Files.writeString(tmp.resolve("mine.yaml"),
        Files.readString(Path.of("runbooks/forma3d-connect.yaml")) + "\n# my change\n");

    List<String> classes = loaded(tmp, 0, "validate", mine.toString());

    assertThat(classes).contains("org.yaml.snakeyaml.composer.Composer", "dev.maint.runbook.StepReader");
  }

  @Test
  void checkInALinkedWorkTreeStartsNeitherJgitNorLogback() throws Exception {
    Git git = Git.initWithCommit(tmp.resolve("repo"));
    git.run("worktree", "add", "-q", tmp.resolve("wt").toString(), "-b", "other");

    List<String> classes = loaded(tmp.resolve("wt"), 1, "check", "tls", "127.0.0.1:1", "--timeout", "2");

    assertThat(classes).contains("dev.maint.record.RepositoryRoot")
        .noneMatch(c -> c.startsWith("org.eclipse.jgit.") || c.startsWith("ch.qos.logback.") || c.startsWith("org.slf4j."));
  }

  @Test
  void checkTlsOfAPlainNameStartsNeitherOkhttpNorKotlin() throws Exception {
    okhttp3.tls.HeldCertificate root = LoopbackPki.root("Startup Root");
    Path ca = LoopbackPki.writePem(tmp.resolve("ca.pem"), root);
    try (LoopbackTlsServer server =
        LoopbackTlsServer.builder(LoopbackTlsServer.Identity.of(LoopbackPki.leaf("app.test", root, 3000))).start()) {
      String target = "app.test:" + server.port();

      List<String> classes = loaded(tmp, 0, "check", "tls", target, "--resolve", target + ":127.0.0.1",
          "--ca-file", ca.toString());

      assertThat(classes).contains("dev.maint.probe.ChainCheck", "sun.security.ssl.SSLSocketImpl")
          .noneMatch(c -> c.startsWith("okhttp3.") || c.startsWith("okio.") || c.startsWith("kotlin."));
    }
  }

  @Test
  void checkCertStartsNoTlsAndReadsNoTrustStore() throws Exception {
    Path pem = LoopbackPki.writePem(tmp.resolve("cert.pem"), LoopbackPki.root("Startup Root"));

    List<String> classes = loaded(tmp, 0, "check", "cert", pem.toString(), "--warn-days", "0", "--fail-days", "0");

    assertThat(classes).contains("dev.maint.probe.CertProbe")
        .doesNotContain("sun.security.ssl.SSLContextImpl", "sun.security.ssl.TrustStoreManager");
  }

  @Test
  void checkHelpStartsNoTls() throws Exception {
    List<String> classes = loaded(tmp, 0, "check", "--help");

    assertThat(classes).doesNotContain("sun.security.ssl.SSLContextImpl", "sun.security.ssl.TrustStoreManager");
  }
}
