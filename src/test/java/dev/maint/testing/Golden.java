package dev.maint.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares text with a golden file under {@code src/test/resources/golden}. Run the tests with
 * {@code -Dmaint.golden.update=true} to rewrite the golden files from the actual output, then
 * review the diff.
 */
public final class Golden {
  private Golden() {}

  /** Asserts that {@code actual} equals the golden file {@code name}. */
  public static void assertMatches(String name, String actual) {
    if (Boolean.getBoolean("maint.golden.update")) {
      try {
        Path file = Path.of("src/test/resources/golden", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file src/test/resources/golden/%s (create it with -Dmaint.golden.update=true)", name)
          .isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
