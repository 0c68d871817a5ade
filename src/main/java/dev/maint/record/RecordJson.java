package dev.maint.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.maint.exec.Redactor;
import java.io.IOException;

/**
 * Reads and writes {@link RunRecord}s as JSON: snake_case property names, two-space indentation,
 * a final newline. Unknown properties are ignored on reading, so newer records stay readable.
 */
public final class RecordJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RecordJson() {}

  /**
   * The record as JSON text with its free text passed through the redactor (see {@link
   * RunRecord#masked}), so no secret value reaches the file even if a field missed redaction
   * earlier; keys and fields with a fixed vocabulary are written as they are.
   */
  public static String write(RunRecord record, Redactor redactor) {
    try {
      return MAPPER.writeValueAsString(record.masked(redactor)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a record as JSON", e);
    }
  }

  /**
   * Parses a record.
   *
   * @param json the file's bytes (UTF-8)
   * @param where names the file in the error message, e.g. {@code branch:path}
   * @throws RecordException when the bytes are not a JSON record of one of {@link RunRecord#READABLE}
   */
  public static RunRecord read(byte[] json, String where) {
    RunRecord r;
    try {
      r = MAPPER.readValue(json, RunRecord.class);
    } catch (IOException e) {
      throw new RecordException(where + ": not a maint record (" + firstLine(e.getMessage()) + ")", e);
    }
    if (!RunRecord.READABLE.contains(r.format()) || r.session().isEmpty()) {
      throw new RecordException(where + ": not a maint record (format '" + r.format() + "')");
    }
    return r;
  }

  /** Any JSON-friendly value (a list of records, a summary) as indented JSON with a final newline. */
  public static String writeValue(Object value) {
    try {
      return MAPPER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
