package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedule keys ({@code due}, {@code valid_until}, calendar cadences) are checked at their position. */
class ScheduleKeysTest {
  private static final String RUNBOOK = """
      runbook: keys
      cadences:
        - id: weekly
          due: weekly
          sections:
            - id: "1"
              title: One
              steps:
                - id: w
                  title: W
        - id: monthly
          due: first-working-week
          sections:
            - id: "2"
              title: Two
              steps:
                - id: m
                  title: M
                  cert: {path: p, valid_until: next-run + 7d}
        - id: adhoc
          sections:
            - id: "3"
              title: Three
              steps:
                - id: a
                  title: A
      emergencies:
        - id: e
          trigger: T
          response: R
          sla: 24h
          steps:
            - id: e1
              title: E
      calendar:
        - {month: 1, cadences: [monthly]}
      """;

  @TempDir Path tmp;

  private CliHarness.Result validate(String yaml) throws IOException {
    Files.writeString(tmp.resolve("keys.yaml"), yaml);
    return new CliHarness(tmp).run("validate", "keys.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      valid as written         | due: weekly                        | due: weekly                         | ''    | ''
      unknown due              | due: first-working-week            | due: fortnightly                    | 12:10 | invalid due 'fortnightly' (one of weekly, first-working-week, first-two-weeks, month)
      malformed valid_until    | valid_until: next-run + 7d         | valid_until: tomorrow               | 19:42 | invalid valid_until 'tomorrow' (next-run, or next-run + DAYSd such as next-run + 7d)
      valid_until in emergency | title: E                           | title: E\\n        tls: {host: h, valid_until: next-run} | 35:37 | valid_until: next-run is only for steps of a cadence, not of an emergency or a rollback
      valid_until unscheduled  | title: A                           | title: A\\n            cert: {path: p, valid_until: next-run} | 27:42 | valid_until: next-run needs a due: schedule on cadence 'adhoc'
      weekly in the calendar   | {month: 1, cadences: [monthly]}    | {month: 1, cadences: [weekly]}      | 36:26 | cadence 'weekly' is due weekly: the calendar cannot place it in months
      """)
  void scheduleKeysAreValidatedAtTheirLineAndColumn(String kind, String from, String to, String at, String message)
      throws IOException {
    CliHarness.Result r = validate(RUNBOOK.replace(from, to.replace("\\n", "\n")));

    if (at.isEmpty()) {
      assertThat(r.exitCode()).as(r.err()).isZero();
      return;
    }
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("keys.yaml:" + at + ": " + message + "\n");
  }
}
