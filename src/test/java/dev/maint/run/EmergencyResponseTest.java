package dev.maint.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.maint.ExitCode;
import dev.maint.MaintException;
import dev.maint.exec.Answer;
import dev.maint.runbook.Runbook;
import dev.maint.runbook.RunbookLoader;
import dev.maint.testing.ScriptedPrompter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An emergency response's deadline decisions, without picocli (the seed's critical-cve and provider-upgrade). */
class EmergencyResponseTest {
  private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
  private final Runbook seed = RunbookLoader.loadDefault();

  @Test
  void aProvidersDeadlineIsAskedAgainUntilItIsATimeInTheRunbooksZone() {
    ScriptedPrompter operator = new ScriptedPrompter(ScriptedPrompter.text("next week"),
        ScriptedPrompter.text(" 2026-12-15T18:00 "));

    Instant at = EmergencyResponse.ask(operator, BRUSSELS);

    assertThat(at).isEqualTo(Instant.parse("2026-12-15T17:00:00Z"));
    assertThat(operator.asked()).containsExactly("The provider's deadline (YYYY-MM-DDTHH:MM, Europe/Brussels): ",
        "The provider's deadline (YYYY-MM-DDTHH:MM, Europe/Brussels): ");
  }

  @Test
  void threeWrongAnswersOrTheEndOfTheInputGiveNoDeadline() {
    ScriptedPrompter wrong = new ScriptedPrompter(ScriptedPrompter.text("a"), ScriptedPrompter.text("b"),
        ScriptedPrompter.text("c"), ScriptedPrompter.text("2026-12-15T18:00"));

    assertThatThrownBy(() -> EmergencyResponse.ask(wrong, BRUSSELS)).isInstanceOf(MaintException.class)
        .hasMessage("no valid deadline given (YYYY-MM-DDTHH:MM); --deadline gives it on the command line");
    assertThat(wrong.used()).isFalse();
    assertThatThrownBy(() -> EmergencyResponse.ask(new ScriptedPrompter(Answer.CANCELLED), BRUSSELS))
        .hasMessageStartingWith("no valid deadline given");
  }

  @Test
  void ctrlCAtTheDeadlineQuestionEndsTheCommandAsInterrupted() {
    assertThatThrownBy(() -> EmergencyResponse.ask(new ScriptedPrompter(Answer.INTERRUPTED), BRUSSELS))
        .isInstanceOfSatisfying(MaintException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INTERRUPTED));
  }

  @Test
  void aDeadlineIsOnlyForTheProvidersSlaAndAnUnattendedNewResponseNeedsIt() {
    Optional<LocalDateTime> given = Optional.of(LocalDateTime.parse("2026-12-15T18:00"));

    assertThatThrownBy(() -> new EmergencyResponse("critical-cve", given, false, line -> { }).cadence(seed))
        .hasMessage("critical-cve has an SLA of 24h: --deadline is only for SLA 'provider'");
    assertThatThrownBy(() -> new EmergencyResponse("provider-upgrade", Optional.empty(), true, line -> { })
        .cadence(seed)).hasMessage("provider-upgrade has the provider's deadline: give it with --deadline YYYY-MM-DDTHH:MM");
    assertThat(new EmergencyResponse("provider-upgrade", Optional.empty(), false, line -> { }).cadence(seed).id())
        .isEqualTo("emergency-provider-upgrade");
    assertThatThrownBy(() -> new EmergencyResponse("nope", Optional.empty(), false, line -> { }).cadence(seed))
        .hasMessageStartingWith("no emergency 'nope' (have: critical-cve");
  }
}
