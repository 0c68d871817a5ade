package dev.maint.exec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes the session file and its journal lines field by field with jackson-core, byte for byte
 * as {@link SessionStore}'s object mappers write them (a test holds the two to the same bytes).
 * Writing is on every walk's path: before its first step and on every answer. An object mapper
 * first has to start (with the JDK's locale data for its date format) and look over each record
 * class by reflection, which was a visible part of a short walk; reading sessions still uses it.
 */
final class SessionJson {
  /** The factory the object mappers use too: same escaping, same number forms. */
  static final JsonFactory FACTORY = new JsonFactory();

  private SessionJson() {}

  /** The whole session, indented, absent values written as {@code null}. */
  static byte[] whole(SessionStore.StoredSession s) {
    return write(true, g -> session(g, s));
  }

  /** One step as the session file holds it (indented, {@code null}s written). */
  static byte[] step(SessionStore.StoredStep st) {
    return write(true, g -> step(g, st, true));
  }

  /** One journal line, on one line, absent values left out; without its line end. */
  static byte[] line(SessionStore.JournalLine line) {
    return write(false, g -> {
      g.writeStartObject();
      if (line.result() != null) {
        g.writeFieldName("result");
        step(g, line.result(), false);
      }
      string(g, "noteStep", line.noteStep(), false);
      string(g, "note", line.note(), false);
      string(g, "running", line.running(), false);
      if (line.runningPid() != null) {
        g.writeNumberField("runningPid", line.runningPid());
      }
      string(g, "runningSince", line.runningSince(), false);
      g.writeEndObject();
    });
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(boolean indent, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (indent) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      body.write(g);
    } catch (IOException e) {
      // Written to memory: only a value the fallback mapper cannot write gets here.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void session(JsonGenerator g, SessionStore.StoredSession s) throws IOException {
    g.writeStartObject();
    g.writeNumberField("schema", s.schema());
    string(g, "id", s.id(), true);
    string(g, "runbookId", s.runbookId(), true);
    string(g, "runbookVersion", s.runbookVersion(), true);
    string(g, "runbookSha256", s.runbookSha256(), true);
    string(g, "cadence", s.cadence(), true);
    string(g, "environment", s.environment(), true);
    string(g, "operator", s.operator(), true);
    string(g, "repo", s.repo(), true);
    string(g, "started", s.started(), true);
    string(g, "state", s.state(), true);
    string(g, "running", s.running(), true);
    g.writeFieldName("order");
    value(g, s.order(), true);
    string(g, "settings", s.settings(), true);
    g.writeFieldName("steps");
    if (s.steps() == null) {
      g.writeNull();
    } else {
      g.writeStartArray();
      for (SessionStore.StoredStep st : s.steps()) {
        step(g, st, true);
      }
      g.writeEndArray();
    }
    string(g, "deadline", s.deadline(), true);
    g.writeFieldName("runningPid");
    value(g, s.runningPid(), true);
    string(g, "runningSince", s.runningSince(), true);
    g.writeFieldName("acknowledged");
    value(g, s.acknowledged(), true);
    g.writeFieldName("walk");
    value(g, s.walk(), true);
    string(g, "timezone", s.timezone(), true);
    g.writeFieldName("pendingNotes");
    value(g, s.pendingNotes(), true);
    string(g, "cycle", s.cycle(), true);
    g.writeFieldName("start");
    Start start = s.start();
    if (start == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      string(g, "command", start.command(), true);
      string(g, "runbook", start.runbook(), true);
      g.writeFieldName("set");
      value(g, start.set(), true);
      g.writeFieldName("secretSet");
      value(g, start.secretSet(), true);
      g.writeFieldName("resolve");
      value(g, start.resolve(), true);
      g.writeBooleanField("full", start.full());
      string(g, "workdir", start.workdir(), true);
      string(g, "repoKey", start.repoKey(), true);
      string(g, "caFile", start.caFile(), true);
      string(g, "environmentChosen", start.environmentChosen(), true);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** @param nulls whether absent values are written as {@code null} (the file) or left out (a journal line) */
  private static void step(JsonGenerator g, SessionStore.StoredStep st, boolean nulls) throws IOException {
    g.writeStartObject();
    string(g, "id", st.id(), nulls);
    string(g, "status", st.status(), nulls);
    string(g, "reason", st.reason(), nulls);
    string(g, "note", st.note(), nulls);
    string(g, "by", st.by(), nulls);
    string(g, "started", st.started(), nulls);
    g.writeNumberField("durationMs", st.durationMs());
    if (nulls || st.evidence() != null) {
      g.writeFieldName("evidence");
      value(g, st.evidence(), nulls);
    }
    if (nulls || st.facts() != null) {
      g.writeFieldName("facts");
      value(g, st.facts(), nulls);
    }
    string(g, "operator", st.operator(), nulls);
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value, boolean nulls) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    } else if (nulls) {
      g.writeNullField(name);
    }
  }

  /**
   * A value of a step's evidence or facts, or a list or map of the session: the JSON kinds
   * written here, anything else by the object mapper.
   *
   * @param nulls whether a map's absent values are written as {@code null} or left out
   */
  private static void value(JsonGenerator g, Object value, boolean nulls) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      g.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Float f) {
      g.writeNumber(f);
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() == null && !nulls) {
          continue;
        }
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue(), nulls);
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        value(g, item, nulls);
      }
      g.writeEndArray();
    } else {
      Fallback.MAPPER.writeValue(g, value);
    }
  }

  /** For values of other kinds (none that maint puts in a session today); started only when needed. */
  private static final class Fallback {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
