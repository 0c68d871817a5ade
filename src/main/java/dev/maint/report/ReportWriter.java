package dev.maint.report;

import java.io.IOException;
import java.io.OutputStream;

/** Renders a {@link RunReport} in one format. Implementations never print and keep no state. */
public interface ReportWriter {
  /**
   * Writes the whole report, UTF-8 encoded.
   *
   * @param out receives the report; not closed
   * @throws IOException when {@code out} cannot be written
   */
  void write(RunReport report, OutputStream out) throws IOException;
}
