package dev.maint.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The walk asks the operator through its own {@code Prompter}: {@code ui} depends on {@code exec}, never the reverse. */
class PackageDependenciesTest {
  @Test
  void execNeverReferencesTheUserInterface() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java/dev/maint/exec"))) {
      List<String> offending = sources.filter(p -> p.toString().endsWith(".java"))
          .flatMap(p -> lines(p).stream().filter(PackageDependenciesTest::isCode).filter(l -> l.contains("dev.maint.ui."))
              .map(l -> p.getFileName() + ": " + l))
          .toList();
      assertThat(offending).isEmpty();
    }
  }

  /** Javadoc may name the implementation; only code creates a dependency. */
  private static boolean isCode(String line) {
    String l = line.strip();
    return !l.startsWith("*") && !l.startsWith("/*") && !l.startsWith("//");
  }

  private static List<String> lines(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
