package dev.maint.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.MaintException;
import dev.maint.exec.SessionStore;
import dev.maint.exec.Start;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed run walks with, decided from the session's start and the options given, without picocli. */
class ResumptionTest {
  @TempDir Path tmp;
  private Path runbook;
  private Path ca;
  private Path app;
  private Path repo;

  @BeforeEach
  void files() throws IOException {
    runbook = Files.writeString(tmp.resolve("walk.yaml"), "runbook: x\n");
    ca = Files.writeString(tmp.resolve("ca.pem"), "pem\n");
    app = Files.createDirectories(tmp.resolve("app"));
    repo = Files.createDirectories(tmp.resolve("ops"));
  }

  private SessionStore.StoredSession session(Start start) {
    return SessionStore.StoredSession.builder().id("3f9c2a1b").runbook("walk-test", "7", "").cadence("monthly")
        .environment("staging").operator("Ada Operator <ada@example.test>").repo(repo.toString())
        .started("2026-11-29T09:00:00Z").settings("").walk(List.of()).pendingNotes(Map.of()).start(start).build();
  }

  private Start start(Path runbookFile, Path caFile, Path workdir, boolean full) {
    return new Start("monthly", runbookFile.toString(), Map.of("greeting", "bonjour"), List.of(),
        List.of("example.test:443:127.0.0.1"), full, workdir.toString(), repo.toString(), caFile.toString(),
        "environment MAINT_ENV");
  }

  @Test
  void optionsNotGivenTakeTheSessionsValues() {
    RunRequest walked = Resumption.resume(session(start(runbook, ca, app, true)), RunRequest.builder().build(),
        Map.of());

    assertThat(walked).isEqualTo(RunRequest.builder().runbook(Optional.of(runbook))
        .environment(Optional.of("staging"), Optional.of("environment MAINT_ENV"))
        .set(Map.of("greeting", "bonjour")).resolve(List.of("example.test:443:127.0.0.1")).full(true)
        .workdir(Optional.of(app)).caFile(Optional.of(ca)).repo(Optional.of(repo)).build());
  }

  @Test
  void pathsTheSessionKeepsThatDoNotExistHereAreLeftToTheDefaults() {
    Path gone = tmp.resolve("elsewhere/gone");

    RunRequest walked = Resumption.resume(session(start(runbook, gone, gone, false)), RunRequest.builder().build(),
        Map.of());

    assertThat(walked.caFile()).isEmpty();
    assertThat(walked.workdir()).isEmpty();
    assertThat(walked.repo()).contains(repo);
  }

  @Test
  void aRunbookTheSessionKeepsThatIsNotHereIsNamedNotReplacedByAnother() {
    Path gone = tmp.resolve("elsewhere/gone");

    assertThatThrownBy(() -> Resumption.resume(session(start(gone, ca, app, false)), RunRequest.builder().build(),
        Map.of())).isInstanceOf(dev.maint.MaintException.class)
        .hasMessageContaining("began with --runbook " + gone + ", which is not here (no such file): resume it with"
            + " --runbook FILE, a copy of that runbook");
  }

  @Test
  void optionsGivenThatMatchTheStartAreKeptWithWhereTheyWereChosen() {
    RunRequest given = RunRequest.builder().environment(Optional.of("staging"), Optional.of("--env"))
        .set(Map.of("greeting", "bonjour")).caFile(Optional.of(ca)).repo(Optional.of(Path.of("ops"))).build();

    RunRequest walked = Resumption.resume(session(start(runbook, ca, app, false)), given, Map.of());

    assertThat(walked.environmentChosen()).contains("--env");
    assertThat(walked.repo()).contains(Path.of("ops"));
    assertThat(walked.set()).containsExactly(Map.entry("greeting", "bonjour"));
    assertThat(walked.full()).isFalse();
  }

  @Test
  void aSetGivenIsComparedWithTheConfigurationsValuesInForceToo() {
    SessionStore.StoredSession found = session(new Start("monthly", null, Map.of("greeting", "bonjour", "app_dir",
        "/srv/app"), List.of(), List.of(), false, null, repo.toString()));
    RunRequest given = RunRequest.builder().set(Map.of("greeting", "bonjour")).build();

    assertThat(Resumption.resume(found, given, Map.of("app_dir", "/srv/app")).set())
        .containsExactly(Map.entry("greeting", "bonjour"));
    assertThatThrownBy(() -> Resumption.resume(found, given, Map.of())).isInstanceOf(MaintException.class)
        .hasMessage("session 3f9c2a1b began with other --set values: app_dir=\"/srv/app\", not none: repeat them to"
            + " resume it (or give no --set), or start over with --restart");
  }

  @Test
  void aSetValueThatDiffersIsShownQuotedSoAnEmptyValueOrOneWithSpacesReadsAsItIs() {
    SessionStore.StoredSession found = session(new Start("monthly", null, Map.of("greeting", "good day"),
        List.of(), List.of(), false, null, repo.toString()));

    assertThatThrownBy(() -> Resumption.resume(found, RunRequest.builder().set(Map.of("greeting", "")).build(),
        Map.of())).hasMessageStartingWith("session 3f9c2a1b began with other --set values: greeting=\"good day\","
            + " not greeting=\"\": repeat them");
    assertThatThrownBy(() -> Resumption.resume(found, RunRequest.builder().set(Map.of("greeting", "good  day"))
        .build(), Map.of())).hasMessageContaining("greeting=\"good day\", not greeting=\"good  day\":");
    assertThatThrownBy(() -> Resumption.resume(found, RunRequest.builder().set(Map.of("greeting", "say \"hi\"\n"))
        .build(), Map.of())).hasMessageContaining(", not greeting=\"say \\\"hi\\\"\\n\":");
  }

  @Test
  void anotherCaFileIsRefusedNamingBoth() throws IOException {
    Path other = Files.writeString(tmp.resolve("other.pem"), "pem\n");
    RunRequest given = RunRequest.builder().caFile(Optional.of(other)).build();

    assertThatThrownBy(() -> Resumption.resume(session(start(runbook, ca, app, false)), given, Map.of()))
        .hasMessage("session 3f9c2a1b began with --ca-file " + ca + ", not --ca-file " + other
            + ": resume it without --ca-file, or start over with --restart");
    assertThatThrownBy(() -> Resumption.check(session(new Start("monthly", null, Map.of(), List.of(), List.of(), false,
        null, repo.toString())), given, Map.of()))
        .hasMessage("session 3f9c2a1b began with no --ca-file, not --ca-file " + other
            + ": resume it without --ca-file, or start over with --restart");
  }
}
