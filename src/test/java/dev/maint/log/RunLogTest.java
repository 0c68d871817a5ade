package dev.maint.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.exec.Redactor;
import dev.maint.exec.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLogTest {
  @TempDir Path tmp;

  @Test
  void logDirectoryIsTheOptionThenMaintLogDirThenXdgStateHomeThenHome() {
    Map<String, String> all = Map.of("MAINT_LOG_DIR", "/var/log/maint", "XDG_STATE_HOME", "/state", "HOME", "/home/ada");

    assertThat(RunLog.directory(Optional.of(Path.of("logs")), all, tmp)).isEqualTo(tmp.resolve("logs"));
    assertThat(RunLog.directory(Optional.empty(), all, tmp)).isEqualTo(Path.of("/var/log/maint"));
    assertThat(RunLog.directory(Optional.empty(), Map.of("XDG_STATE_HOME", "/state", "HOME", "/home/ada"), tmp))
        .isEqualTo(Path.of("/state/maint/logs"));
    assertThat(RunLog.directory(Optional.empty(), Map.of("HOME", "/home/ada"), tmp))
        .isEqualTo(Path.of("/home/ada/.local/state/maint/logs"));
  }

  @Test
  void relativeXdgStateHomeIsIgnoredAsTheSpecificationSays() {
    assertThat(RunLog.directory(Optional.empty(), Map.of("XDG_STATE_HOME", "state", "HOME", "/home/ada"), tmp))
        .isEqualTo(Path.of("/home/ada/.local/state/maint/logs"));
  }

  @Test
  void pruningKeepsTheNewestRunLogsAndNothingElseIsTouched() throws IOException {
    for (int day = 10; day < 45; day++) {
      Files.writeString(tmp.resolve("maint-202611" + day + "T090000Z-continuous-s" + day + ".log"), "x");
    }
    Files.writeString(tmp.resolve("notes.txt"), "mine");

    RunLog.prune(tmp, RunLog.KEEP);

    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(RunLog.KEEP + 1)
          .contains("notes.txt", "maint-20261144T090000Z-continuous-s44.log", "maint-20261115T090000Z-continuous-s15.log")
          .doesNotContain("maint-20261114T090000Z-continuous-s14.log");
    }
  }

  @Test
  void eachLineIsTimeWithOffsetThenLevelPaddedToFiveThenTheMessageWithSecretsMasked() throws IOException {
    Session session = new Session("ab12cd34", "ops", "1", "0".repeat(64), ZoneId.of("UTC"), "monthly", "prod",
        "Ada <ada@example.org>", Instant.parse("2026-11-29T09:00:00Z"), List.of("a"), List.of("a"));
    Path file;
    try (RunLog log = RunLog.open(tmp, session, new Redactor(() -> Set.of("hunter2")))) {
      log.info("step a: ", "password hunter2 \u001b[31mred\u001b[0m");
      log.warn("step a warn: ", "careful");
      file = log.file();
    }

    assertThat(file.getFileName().toString()).isEqualTo("maint-20261129T090000Z-monthly-ab12cd34.log");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    String time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";
    assertThat(lines.get(0)).matches(time + "INFO  step a: password \\*+ red");
    assertThat(lines.get(1)).matches(time + "WARN  step a warn: careful");
  }
}
