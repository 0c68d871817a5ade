package dev.maint.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.maint.probe.LoopbackPki;
import dev.maint.probe.LoopbackTlsServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it (issue 16): {@code scripts/release --no-build} packages what {@code
 * mvn package} made, once for all tests here, into a temporary folder ({@code --quick}: a gzip
 * {@code .deb}, the same files). The {@code .deb} is unpacked
 * with {@code dpkg-deb -x}, never installed; the tarball runs with no Java on the {@code PATH} and
 * no {@code JAVA_HOME}. Needs {@code jlink}, {@code objcopy}, {@code asciidoctor}, {@code dpkg-deb},
 * {@code fakeroot} and {@code man} ({@code .ci/run} installs them).
 */
class ReleaseIT {
  private static final String VERSION = System.getProperty("maint.version", "0.1.0-SNAPSHOT");

  @TempDir static Path tmp;
  static Path release;

  @BeforeAll
  static void buildTheReleaseOnce() throws Exception {
    release = tmp.resolve("release");
    Result r = run(Path.of(""), Map.of(), List.of("scripts/release", "--no-build", "--quick", "--out", release.toString(), VERSION));
    assertThat(r.code()).as(r.output()).isZero();
  }

  record Result(int code, String output) {}

  /** Runs {@code command} in {@code dir} with the test's environment plus {@code env} (a null value removes). */
  private static Result run(Path dir, Map<String, String> env, List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private static Result ok(Path dir, Map<String, String> env, String... command) throws Exception {
    Result r = run(dir, env, List.of(command));
    assertThat(r.code()).as(String.join(" ", command) + "\n" + r.output()).isZero();
    return r;
  }

  private static String debName() {
    return "maint_" + VERSION.replace("-SNAPSHOT", "~snapshot").replace('-', '+') + "_amd64.deb";
  }

  @Test
  void sha256sumsCoversTheJarTarballDebAndSbomAndChecks() throws Exception {
    String tarball = "maint-" + VERSION + "-linux-x64.tar.gz";
    String sums = Files.readString(release.resolve("SHA256SUMS"));

    assertThat(sums.lines().map(l -> l.replaceFirst("^[0-9a-f]{64}  ", "")))
        .containsExactlyInAnyOrder("maint-" + VERSION + ".jar", tarball, debName(), "maint-" + VERSION + ".cdx.json");
    assertThat(ok(release, Map.of(), "sha256sum", "--check", "SHA256SUMS").output()).contains(tarball + ": OK");
  }

  @Test
  void sbomNamesEachRuntimeDependencyWithItsVersionAndNoTestLibrary() throws Exception {
    JsonNode bom = new ObjectMapper().readTree(release.resolve("maint-" + VERSION + ".cdx.json").toFile());

    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.at("/metadata/component/name").asText()).isEqualTo("maint");
    assertThat(bom.at("/metadata/component/version").asText()).isEqualTo(VERSION);
    List<String> components = new ArrayList<>();
    bom.path("components").forEach(c -> components.add(
        c.path("group").asText() + ":" + c.path("name").asText() + "@" + c.path("version").asText()));
    assertThat(components).contains(
        "info.picocli:picocli@" + System.getProperty("picocli.version"),
        "org.jline:jline-terminal@" + System.getProperty("jline.version"),
        "org.jline:jline-reader@" + System.getProperty("jline.version"),
        "org.yaml:snakeyaml@" + System.getProperty("snakeyaml.version"),
        "com.fasterxml.jackson.core:jackson-databind@" + System.getProperty("jackson.version"),
        "com.squareup.okhttp3:okhttp-jvm@" + System.getProperty("okhttp.version"),
        "org.eclipse.jgit:org.eclipse.jgit@" + System.getProperty("jgit.version"),
        "ch.qos.logback:logback-classic@" + System.getProperty("logback.version"),
        "ch.qos.logback:logback-core@" + System.getProperty("logback.version"),
        "org.slf4j:slf4j-api@" + System.getProperty("slf4j.version"),
        "org.commonmark:commonmark@" + System.getProperty("commonmark.version"));
    // Every component is pinned by a package URL with its version, as a scanner matches them.
    bom.path("components").forEach(c -> assertThat(c.path("purl").asText())
        .startsWith("pkg:maven/").contains("@" + c.path("version").asText()));
    assertThat(components).noneMatch(c -> c.startsWith("org.junit") || c.startsWith("org.assertj")
        || c.startsWith("org.bouncycastle") || c.startsWith("nu.validator") || c.contains("mockwebserver"));
  }

  @Test
  void debUnpackedRunsMaintShowsItsManPageAndCompletesCommands() throws Exception {
    Path deb = release.resolve(debName());
    Path root = Files.createDirectories(tmp.resolve("deb-root"));
    ok(tmp, Map.of(), "dpkg-deb", "-x", deb.toString(), root.toString());

    assertThat(ok(tmp, Map.of(), "dpkg-deb", "-f", deb.toString(), "Package", "Depends").output())
        .contains("Package: maint", "Depends: git");
    assertThat(ok(tmp, Map.of(), root.resolve("usr/bin/maint").toString(), "--version").output())
        .startsWith("maint " + VERSION + "\n");

    Path page = root.resolve("usr/share/man/man1/maint.1.gz");
    Map<String, String> plain = new HashMap<>();
    plain.put("MANWIDTH", "100");
    plain.put("MAN_KEEP_FORMATTING", null);
    String man = ok(tmp, plain, "man", "-l", "-P", "cat", page.toString()).output();
    assertThat(man).contains("NAME", "SYNOPSIS", "maint", "Maint Manual", "maint " + VERSION)
        .doesNotContain("troff:", "<standard input>");
    assertThat(root.resolve("usr/share/man/man1/maint-check.1.gz")).isRegularFile();

    // The completion asks the maint it completes (the unpacked one, first on the PATH) for candidates.
    Path completion = root.resolve("usr/share/bash-completion/completions/maint");
    String script = "source '" + completion + "'\n"
        + "complete -p maint\n"
        + "COMP_WORDS=(maint chec); COMP_CWORD=1; COMP_LINE='maint chec'; COMP_POINT=${#COMP_LINE}\n"
        + "_complete_maint maint chec maint\n"
        + "printf 'reply: %s\\n' \"${COMPREPLY[@]}\"\n";
    Map<String, String> onPath = Map.of("PATH", root.resolve("usr/bin") + ":" + System.getenv("PATH"));
    String completed = ok(tmp, onPath, "bash", "--norc", "--noprofile", "-c", script).output();
    assertThat(completed).contains("-F _complete_maint").contains("reply: check");
    assertThat(root.resolve("usr/share/zsh/vendor-completions/_maint")).content().contains("maint");
    assertThat(root.resolve("usr/share/fish/vendor_completions.d/maint.fish")).content().contains("maint");
  }

  @Test
  void cdsScriptSucceedsWithItsTlsTrainingAndLeavesNoTemporaryFolder() throws Exception {
    // The .deb's postinst and scripts/maint drop the archive when the script fails, so a script that
    // made the archive and then failed (its clean-up trap ending with the status of a kill of an
    // openssl server already gone) left every start without one. openssl is on this PATH: the
    // training includes the TLS handshake.
    Path image = Files.createDirectories(tmp.resolve("cds"));
    ok(image, Map.of(), "tar", "-xzf", release.resolve("maint-" + VERSION + "-linux-x64.tar.gz").toString());
    Path home = image.resolve("maint-" + VERSION + "-linux-x64");
    Path scratch = Files.createDirectories(tmp.resolve("cds-tmp"));
    Path jsa = home.resolve("lib/maint.jsa");

    ok(home, Map.of("TMPDIR", scratch.toString()), home.resolve("lib/maint-cds").toString(),
        home.resolve("bin/java").toString(), home.resolve("lib/maint.jar").toString(), jsa.toString());

    assertThat(jsa).isRegularFile();
    assertThat(ok(tmp, Map.of(), "sh", "-c", "command -v openssl").output()).isNotBlank();
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
    // -Xshare:on makes the JVM refuse to start when the archive cannot be used.
    assertThat(ok(home, Map.of("MAINT_JAVA_OPTS", "-Xshare:on"), home.resolve("bin/maint").toString(), "--version")
        .output()).startsWith("maint " + VERSION);
  }

  @Test
  void tarballChecksALoopbackTlsServerWithNoJavaOnThePathAndMakesItsCdsArchive() throws Exception {
    ok(tmp, Map.of(), "tar", "-xzf", release.resolve("maint-" + VERSION + "-linux-x64.tar.gz").toString());
    Path image = tmp.resolve("maint-" + VERSION + "-linux-x64");
    // The machine's PATH less anything that is a Java: a folder linking every other program on it.
    Path bin = Files.createDirectories(tmp.resolve("tools"));
    for (String dir : System.getenv("PATH").split(":")) {
      try (Stream<Path> programs = Files.isDirectory(Path.of(dir)) ? Files.list(Path.of(dir)) : Stream.empty()) {
        for (Path program : (Iterable<Path>) programs::iterator) {
          Path link = bin.resolve(program.getFileName().toString());
          if (Files.isExecutable(program) && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)
              && !program.toRealPath().toString().contains("/jvm/") && !link.getFileName().toString().equals("java")) {
            Files.createSymbolicLink(link, program);
          }
        }
      }
    }
    Map<String, String> noJava = new HashMap<>();
    noJava.put("PATH", bin.toString());
    noJava.put("JAVA_HOME", null);
    noJava.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    assertThat(run(tmp, noJava, List.of("/bin/sh", "-c", "command -v java")).code()).isNotZero();

    HeldCertificate root = LoopbackPki.root("Release Root");
    Path ca = LoopbackPki.writePem(tmp.resolve("ca.pem"), root);
    // Valid on the real clock: a whole process reads the machine's time, not the tests' fixed one.
    try (LoopbackTlsServer server = LoopbackTlsServer.builder(
        LoopbackTlsServer.Identity.of(LoopbackPki.leaf("app.test", root, 3650))).start()) {
      String target = "app.test:" + server.port();
      String[] check = {image.resolve("bin/maint").toString(), "check", "tls", target, "--ca-file", ca.toString(),
          "--resolve", target + ":127.0.0.1"};

      assertThat(ok(tmp, noJava, check).output()).containsPattern("PASS  app\\.test:" + server.port() + " ");

      // The first run left a class-data-sharing archive made in the background; the next uses it.
      Path jsa = image.resolve("lib/maint.jsa");
      Instant limit = Instant.now().plus(Duration.ofMinutes(5));
      while (!Files.exists(jsa) && Instant.now().isBefore(limit)) {
        Thread.sleep(100);
      }
      assertThat(jsa).isRegularFile();
      try (Stream<Path> lib = Files.list(image.resolve("lib"))) {
        assertThat(lib.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("maint.jsa."));
      }
      assertThat(ok(tmp, noJava, check).output()).containsPattern("PASS  app\\.test:" + server.port() + " ");
    } finally {
      // Removed here so that the temporary folder's clean-up has no links out of it to warn about.
      try (Stream<Path> links = Files.list(bin)) {
        for (Path link : (Iterable<Path>) links::iterator) {
          Files.delete(link);
        }
      }
    }
  }
}
