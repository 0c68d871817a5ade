package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, 6: seeded mutations of the shipped runbook (line deletions, duplications, indentation
 * changes, type changes, long strings, random bytes) are each valid (exit 0) or a one-line runbook
 * error (exit 2), never a stack trace or a bug (70), and each is checked within a generous limit.
 */
class RunbookFuzzTest {
  private static final long SEED = 17L;
  private static final int CASES = 300;
  private static final Path SHIPPED = Path.of("runbooks/forma3d-connect.yaml");

  @TempDir Path tmp;

  @TestFactory
  Stream<DynamicTest> everyMutationIsValidOrAOneLineRunbookError() throws IOException {
    List<String> lines = Files.readAllLines(SHIPPED);
    Random random = new Random(SEED);
    List<byte[]> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      cases.add(mutate(new ArrayList<>(lines), random));
    }
    return IntStream.range(0, CASES).mapToObj(i -> DynamicTest.dynamicTest("case " + i, () -> {
      Path file = tmp.resolve("fuzz-" + i + ".yaml");
      Files.write(file, cases.get(i));
      CliHarness.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> new CliHarness(tmp).run("validate", file.toString()));
      assertThat(r.exitCode()).as(r.err()).isIn(0, 2);
      assertThat(r.err()).doesNotContain("\tat ", "Exception");
      if (r.exitCode() == 2) {
        assertThat(r.err().strip()).as("one line").doesNotContain("\n");
      }
      Files.delete(file);
    }));
  }

  private static byte[] mutate(List<String> lines, Random random) {
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = random.nextInt(lines.size());
      String line = lines.get(at);
      switch (random.nextInt(7)) {
        case 0 -> lines.remove(at);
        case 1 -> lines.add(at, line);
        case 2 -> lines.set(at, " ".repeat(1 + random.nextInt(4)) + line);
        case 3 -> lines.set(at, line.replaceFirst("^\\s{1,2}", ""));
        case 4 -> lines.set(at, line.replaceFirst(":\\s.*$", random.nextBoolean() ? ": [1, 2]" : ": {a: 1}"));
        case 5 -> lines.set(at, line.replaceFirst(":\\s(.*)$", ": \"" + "y".repeat(random.nextInt(40_000)) + "\""));
        default -> {
          byte[] junk = new byte[1 + random.nextInt(20)];
          random.nextBytes(junk);
          lines.set(at, line + new String(junk, StandardCharsets.ISO_8859_1));
        }
      }
    }
    String text = String.join("\n", lines) + "\n";
    // Random bytes as bytes: most are not UTF-8, which the loader must refuse cleanly too.
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
