package dev.maint.testing;

import dev.maint.runbook.Cadence;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test fixtures from {@code src/test/resources}. */
public final class Fixtures {
  private Fixtures() {}

  /** Copies a resource (e.g. {@code /runbooks/ci.yaml}) into {@code dir} and returns the copy. */
  public static Path copy(String resource, Path dir) {
    Path target = dir.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      Files.createDirectories(dir);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test runbook {@code /runbooks/ci.yaml}, loaded. */
  public static Runbook ciRunbook(Path dir) {
    Path file = copy("/runbooks/ci.yaml", dir);
    return RunbookLoader.load(file, "ci.yaml");
  }

  /** A cadence of the CI test runbook. */
  public static Cadence ciCadence(Path dir, String id) {
    return ciRunbook(dir).cadence(id).orElseThrow();
  }
}
