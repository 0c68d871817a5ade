package dev.maint.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellProbeTest {
  @TempDir Path dir;

  private final ShellProbe probe =
      new ShellProbe(new ProbeContext(Clock.systemUTC(), Map.of(), Optional.empty(), Map.of("PATH", System.getenv("PATH"))));

  private ShellProbe.Request request(String command, Duration timeout, List<Integer> expect) {
    return new ShellProbe.Request(command, dir, Optional.empty(), Map.of(), expect, timeout, Optional.empty(), Optional.empty());
  }

  @Test
  void outputStreamsLineByLineWhileTheCommandRuns() throws IOException {
    // The command only finishes once the listener has seen its first line: output that arrived
    // only after exit would make it time out.
    Path go = dir.resolve("go");
    List<String> seen = new CopyOnWriteArrayList<>();
    ProbeResult r = probe.run(
        request("echo first; while [ ! -f go ]; do sleep 0.05; done; echo second", Duration.ofSeconds(20), List.of(0)),
        (line, stderr) -> {
          seen.add(line);
          if (line.equals("first")) {
            try {
              Files.createFile(go);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
        },
        () -> false);

    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void timeoutKillsTheWholeProcessTreeAndSaysHowLongItRan() throws Exception {
    ProbeResult r = probe.run(
        request("sleep 300 & echo $! > child.pid; wait", Duration.ofSeconds(1), List.of(0)), (l, e) -> {}, () -> false);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).matches("timed out after \\d+\\.\\d s \\(limit 1 s\\); process tree killed");
    long pid = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
    Optional<ProcessHandle> child = ProcessHandle.of(pid);
    if (child.isPresent()) {
      child.get().onExit().get(5, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void cancellingStopsTheCommandAndMarksItInterrupted() {
    AtomicBoolean cancel = new AtomicBoolean();
    ProbeResult r = probe.run(
        request("echo started; sleep 300", Duration.ofSeconds(60), List.of(0)),
        (line, stderr) -> cancel.set(true),
        cancel::get);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.interrupted()).isTrue();
    assertThat(r.details()).containsEntry("interrupted", true);
    assertThat(r.reason()).startsWith("interrupted after");
  }

  @Test
  void missingCommandIsAnErrorThatNamesIt() {
    ProbeResult r = probe.run(request("pnpm-not-installed-here audit", Duration.ofSeconds(10), List.of(0)), (l, e) -> {}, () -> false);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("command not found: pnpm-not-installed-here");
  }

  @Test
  void expectedNonZeroExitCodePassesAndOthersFail() {
    assertThat(probe.run(request("exit 1", Duration.ofSeconds(10), List.of(0, 1)), (l, e) -> {}, () -> false).verdict())
        .isEqualTo(Verdict.PASS);
    ProbeResult r = probe.run(request("exit 2", Duration.ofSeconds(10), List.of(0, 1)), (l, e) -> {}, () -> false);
    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("exit code 2 (expected [0, 1])");
    assertThat(r.details()).containsEntry("exit_code", 2);
  }

  @Test
  void outputRegexMustMatch() {
    ShellProbe.Request req = new ShellProbe.Request("echo found 3 vulnerabilities", dir, Optional.empty(), Map.of(),
        List.of(0), Duration.ofSeconds(10), Optional.of(Pattern.compile("found 0 vulnerabilities")), Optional.empty());

    ProbeResult r = probe.run(req, (l, e) -> {}, () -> false);

    assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(r.reason()).isEqualTo("output does not match /found 0 vulnerabilities/");
  }

  @Test
  void missingWorkingDirectoryIsAnErrorAndRunsNothing() {
    ShellProbe.Request req = new ShellProbe.Request("touch marker", dir.resolve("absent"), Optional.empty(), Map.of(),
        List.of(0), Duration.ofSeconds(10), Optional.empty(), Optional.empty());

    ProbeResult r = probe.run(req, (l, e) -> {}, () -> false);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.reason()).isEqualTo("working directory does not exist: " + dir.resolve("absent"));
    assertThat(dir.resolve("marker")).doesNotExist();
  }

  @Test
  void longOutputKeepsHeadAndTailAndCountsWhatWasLeftOut() {
    ProbeResult r = probe.run(request("seq 1 20000", Duration.ofSeconds(30), List.of(0)), (l, e) -> {}, () -> false);

    String out = (String) r.details().get("stdout");
    assertThat(out).startsWith("1\n2\n3\n").endsWith("19999\n20000\n").containsPattern("\\[\\.\\.\\. \\d+ characters left out \\.\\.\\.\\]");
    assertThat(out.length()).isLessThan(2 * ShellProbe.OUTPUT_LIMIT + 100);
  }

  @Test
  void durationsShowInTenthsOfASecondRoundedHalfUpAsPrintfWould() {
    for (long millis : new long[] {0, 49, 50, 949, 950, 1049, 1050, 1150, 2350, 59_999, 3_600_000}) {
      assertThat(ShellProbe.seconds(millis)).as("%d ms", millis)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0));
    }
  }

  @Test
  void outputIsReadForEveryCommandWhenManyRunOneAfterAnother() {
    for (int i = 0; i < 50; i++) {
      List<String> lines = new CopyOnWriteArrayList<>();
      ProbeResult r = probe.run(request("echo out" + i + "; echo err" + i + " >&2", Duration.ofSeconds(10), List.of(0)),
          (line, stderr) -> lines.add((stderr ? "E " : "O ") + line), () -> false);

      assertThat(r.verdict()).isEqualTo(Verdict.PASS);
      assertThat(lines).containsExactlyInAnyOrder("O out" + i, "E err" + i);
      assertThat(r.details()).containsEntry("stdout", "out" + i + "\n").containsEntry("stderr", "err" + i + "\n");
    }
  }
}
