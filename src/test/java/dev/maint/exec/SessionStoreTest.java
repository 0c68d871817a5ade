package dev.maint.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session file and its journal: one line per answer, replayed when read, folded in when saved whole. */
class SessionStoreTest {
  private static final Instant START = Instant.parse("2026-11-29T09:00:00Z");

  @TempDir Path state;

  private Session session(List<String> steps) {
    return new Session("0badcafe", "walk-test", "7", "abc", ZoneId.of("Europe/Brussels"), "monthly", "staging",
        "Ada <ada@example.test>", START, steps, steps, Cycle.FULL);
  }

  private static StepResult pass(String id, int second) {
    return new StepResult(id, Status.PASS, "done by operator", "", "Ada <ada@example.test>",
        START.plusSeconds(second), Duration.ZERO, Map.of());
  }

  private Path file(String suffix) {
    return state.resolve("sessions").resolve("0badcafe" + suffix);
  }

  @Test
  void eachAnswerAppendsOneLineAndLeavesTheWholeFileAsItWas() throws IOException {
    List<String> ids = List.of("a", "b", "c");
    Session session = session(ids);
    SessionStore store = new SessionStore(state);
    store.save(session, state, "none", null, false);
    byte[] whole = Files.readAllBytes(file(".json"));

    for (int i = 0; i < ids.size(); i++) {
      StepResult r = pass(ids.get(i), i);
      session.record(r);
      store.append(session.id(), SessionStore.JournalLine.result(r, "Ada Operator <ada@example.test>"), true);
    }

    assertThat(Files.readAllBytes(file(".json"))).isEqualTo(whole);
    List<String> lines = Files.readAllLines(file(".journal"));
    assertThat(lines).hasSize(3);
    // What an answer costs does not grow with the answers before it.
    assertThat(lines.get(2).length()).isEqualTo(lines.get(0).length());
    assertThat(store.list()).singleElement().satisfies(s ->
        assertThat(s.steps()).extracting(SessionStore.StoredStep::id).containsExactly("a", "b", "c"));
  }

  @Test
  void aStartedStepAndItsWaitingNoteAreReplayedAndATornLastLineIsIgnored() throws IOException {
    Session session = session(List.of("a", "b"));
    SessionStore store = new SessionStore(state);
    store.save(session, state, "none", null, false);
    store.append(session.id(), SessionStore.JournalLine.result(pass("a", 1), "Ada Operator <ada@example.test>"), true);
    store.append(session.id(), SessionStore.JournalLine.running(new SessionStore.Running("b", 4242L, START),
        "look at the graphs"), false);
    Files.writeString(file(".journal"), "{\"result\":{\"id\":\"b\",\"sta", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    SessionStore.StoredSession read = store.list().get(0);

    assertThat(read.steps()).extracting(SessionStore.StoredStep::id).containsExactly("a");
    assertThat(read.running()).isEqualTo("b");
    assertThat(read.runningPid()).isEqualTo(4242L);
    assertThat(read.pendingNotes()).containsEntry("b", "look at the graphs");
    Session resumed = SessionStore.restore(read, List.of("a", "b"), List.of("a", "b"), "abc",
        ZoneId.of("Europe/Brussels"), Cycle.FULL);
    assertThat(resumed.result("b").orElseThrow().status()).isEqualTo(Status.INTERRUPTED);
    assertThat(resumed.result("b").orElseThrow().note()).isEqualTo("look at the graphs");
  }

  /** Only the last line may be cut short; any bad line before a good one is damage, never skipped. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"GARBAGE{{{", "", "{\"result\":{\"id\":\"a\",\"sta"})
  void aBadLineBeforeGoodOnesMarksTheSessionDamagedRatherThanDroppingTheAnswersAfterIt(String bad) throws IOException {
    Session session = session(List.of("a", "b"));
    SessionStore store = new SessionStore(state);
    store.save(session, state, "none", null, false);
    store.append(session.id(), SessionStore.JournalLine.result(pass("a", 1), "Ada Operator <ada@example.test>"), true);
    store.append(session.id(), SessionStore.JournalLine.running(new SessionStore.Running("b", 4242L, START), ""), false);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file(".journal")));
    lines.set(0, bad);
    Files.write(file(".journal"), lines);

    assertThat(store.list()).isEmpty();
    assertThat(store.damaged()).singleElement().satisfies(d -> {
      assertThat(d.file()).isEqualTo(file(".json.damaged"));
      // Where the bad line is, in the journal as it is kept now, and what is wrong with it.
      assertThat(d.reason()).startsWith(file(".journal.damaged") + ":1:").contains(": journal line 1 of 2 does not parse (")
          .endsWith("); only a last line cut short by a crash is ignored");
    });
    assertThat(file(".journal.damaged")).exists();
  }

  @Test
  void aJournalOverTheLimitMarksTheSessionDamagedAndMovesItAside() throws IOException {
    SessionStore store = new SessionStore(state);
    store.save(session(List.of("a")), state, "none", null, false);
    byte[] line = ("{\"noteStep\":\"a\",\"note\":\"" + "n".repeat(1000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
    try (var out = Files.newOutputStream(file(".journal"))) {
      for (long written = 0; written <= SessionStore.MAX_SESSION_BYTES; written += line.length) {
        out.write(line);
      }
    }

    assertThat(store.list()).isEmpty();
    assertThat(store.damaged()).singleElement().satisfies(d -> {
      assertThat(d.file()).isEqualTo(file(".json.damaged"));
      assertThat(d.reason()).isEqualTo(file(".journal.damaged") + ": journal is larger than " + SessionStore.MAX_SESSION_BYTES + " bytes");
    });
    assertThat(file(".json")).doesNotExist();
    assertThat(file(".journal")).doesNotExist();
    assertThat(file(".journal.damaged")).exists();
  }

  @Test
  void savingTheWholeSessionFoldsTheJournalIn() throws IOException {
    Session session = session(List.of("a"));
    SessionStore store = new SessionStore(state);
    store.save(session, state, "none", null, false);
    session.record(pass("a", 1));
    store.append(session.id(), SessionStore.JournalLine.result(pass("a", 1), "Ada Operator <ada@example.test>"), true);

    store.save(session, state, "none", null, true);

    assertThat(file(".journal")).doesNotExist();
    assertThat(store.list()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo("finished");
      assertThat(s.steps()).hasSize(1);
    });
  }

  private static Session closedSession(String id, Instant started) {
    return new Session(id, "walk-test", "7", "abc", ZoneId.of("UTC"), "monthly", "staging",
        "Ada <ada@example.test>", started, List.of("a"), List.of("a"), Cycle.FULL);
  }

  @Test
  void finishingASessionKeepsTheNewestClosedOnesAndEveryOpenOne() throws IOException {
    SessionStore store = new SessionStore(state);
    for (int i = 0; i < SessionStore.KEEP_CLOSED + 3; i++) {
      store.save(closedSession(String.format("c%03d", i), START.plusSeconds(i)), state, "none", null, false);
    }
    // Open sessions older than every closed one: pruning never touches them.
    store.save(closedSession("open1", START.minusSeconds(60)), state, "none", null, false);
    for (int i = 0; i < SessionStore.KEEP_CLOSED + 2; i++) {
      store.abandon(store.read(String.format("c%03d", i)).orElseThrow());
    }

    store.save(closedSession(String.format("c%03d", SessionStore.KEEP_CLOSED + 2),
        START.plusSeconds(SessionStore.KEEP_CLOSED + 2)), state, "none", null, true);

    List<String> left = store.list().stream().map(SessionStore.StoredSession::id).toList();
    assertThat(left).hasSize(SessionStore.KEEP_CLOSED + 1).contains("open1", "c052", "c003")
        .doesNotContain("c000", "c001", "c002");
  }

  @Test
  void aJournalLineMakesTheSessionsFolderWhenItIsMissing() throws IOException {
    SessionStore store = new SessionStore(state.resolve("new"));

    store.append("0badcafe", SessionStore.JournalLine.note("a", "later"), true);

    assertThat(Files.readAllLines(state.resolve("new/sessions/0badcafe.journal")))
        .containsExactly("{\"noteStep\":\"a\",\"note\":\"later\"}");
  }

  /** Evidence as the probes make it, and the awkward text a command can print. */
  private static Map<String, Object> evidence() {
    Map<String, Object> nested = new java.util.LinkedHashMap<>();
    nested.put("rule", "next window");
    nested.put("days_needed", 45);
    nested.put("missing", null);
    Map<String, Object> e = new java.util.LinkedHashMap<>();
    e.put("command", "printf '\\033[31m\"quoted\" / caf\u00e9 \u2713\\n'");
    e.put("exit_code", 0);
    e.put("duration_ms", 1234L);
    e.put("timed_out", true);
    e.put("latency", 12.5);
    e.put("stdout", "line one\nline two\t\u001b[0m\u0000 end");
    e.put("valid_until", nested);
    e.put("chain", List.of("leaf", 3, false, java.util.Arrays.asList("x", null)));
    e.put("empty", Map.of());
    e.put("none", null);
    return e;
  }

  @Test
  void theSessionFileAndJournalLinesAreWrittenByteForByteAsTheObjectMappersWriteThem() throws IOException {
    SessionStore.StoredStep full = new SessionStore.StoredStep("m1", "pass", "exit code 0 in 1.2 s", "a note",
        "maint", "2026-11-29T09:00:01Z", 1234, evidence(), Map.of("version", "7.2"), "Ada <ada@example.test>");
    SessionStore.StoredStep old = new SessionStore.StoredStep("m2", "fail", "r", "", null, "2026-11-29T09:00:02Z", 0,
        null, null, null);
    Start start = new Start("walk monthly", "/srv/ops/runbook.yaml", Map.of("app_dir", "/srv/app"), List.of("token"),
        List.of("api"), true, "/srv/app", "abc", null, "prod");
    SessionStore.StoredSession whole = SessionStore.StoredSession.builder().id("0badcafe").runbook("ops", "7", "abc")
        .cadence("monthly").environment("staging").operator("Ada <ada@example.test>").repo("/srv/ops")
        .started("2026-11-29T09:00:00Z").state("open").running("m3", 4242L, "2026-11-29T09:00:03Z")
        .order(List.of("m1", "m2", "m3")).settings("none").steps(List.of(full, old)).deadline("2026-11-29T13:00:00Z")
        .acknowledged(true).walk(List.of("m1", "m2", "m3")).timezone("Europe/Brussels")
        .pendingNotes(Map.of("m3", "look")).cycle("full").start(start).build();
    SessionStore.StoredSession sparse = SessionStore.StoredSession.builder().id("0badcafe").runbook("ops", null, "abc")
        .cadence("monthly").environment("staging").operator("Ada <ada@example.test>").repo("/srv/ops")
        .started("2026-11-29T09:00:00Z").state("finished").build();

    for (SessionStore.StoredSession s : List.of(whole, sparse)) {
      assertThat(new String(SessionJson.whole(s), StandardCharsets.UTF_8))
          .isEqualTo(SessionStore.Mappers.JSON.writeValueAsString(s));
    }
    for (SessionStore.StoredStep st : List.of(full, old)) {
      assertThat(new String(SessionJson.step(st), StandardCharsets.UTF_8))
          .isEqualTo(SessionStore.Mappers.JSON.writeValueAsString(st));
    }
    for (SessionStore.JournalLine line : List.of(new SessionStore.JournalLine(full, null, null, null, null, null),
        new SessionStore.JournalLine(old, null, null, null, null, null),
        SessionStore.JournalLine.note("m3", "look \"here\""),
        SessionStore.JournalLine.running(new SessionStore.Running("m3", 4242L, START), "look"),
        SessionStore.JournalLine.running(new SessionStore.Running("m3", null, null), ""))) {
      assertThat(new String(SessionJson.line(line), StandardCharsets.UTF_8))
          .isEqualTo(SessionStore.Mappers.LINE.writeValueAsString(line));
    }
  }
}
