package dev.maint.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BranchNameTest {
  @Test
  void thePeriodIsTheFilledLastPartOfThePatternNotCutFromABranchName() {
    LocalDate lastDay = LocalDate.of(2026, 12, 31);

    assertThat(BranchName.period("maintenance/{year}-{month}", lastDay)).isEqualTo("2026-12");
    assertThat(BranchName.period("maintenance/{week-year}-W{week}", lastDay)).isEqualTo("2026-W53");
    assertThat(BranchName.period("ops/maintenance/{year}-Q{quarter}", lastDay)).isEqualTo("2026-Q4");
    assertThat(BranchName.period("{year}", lastDay)).isEqualTo("2026");
  }
}
