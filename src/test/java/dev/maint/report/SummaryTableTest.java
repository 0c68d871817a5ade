package dev.maint.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.exec.Session;
import dev.maint.exec.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The end-of-run table, whose cadence comes from a session file a resume read: anyone's text. */
class SummaryTableTest {
  @Test
  void aCadenceHoldingEscapeSequencesFromADamagedSessionIsShownEscaped() {
    Session session = new Session("0badcafe", "rb", "1", "abc", ZoneId.of("UTC"), "c\u001b]0;PWN\u0007\u001b[2J",
        "prod", "Ada <ada@example.test>", Instant.parse("2026-12-01T10:00:00Z"), List.of(), List.of());
    StringWriter text = new StringWriter();

    SummaryTable.print(new PrintWriter(text), session, Status::label, false);

    assertThat(text.toString()).doesNotContain("\u001b", "\u0007")
        .contains("c\\u001b]0;PWN\\u0007\\u001b[2J: ");
  }
}
