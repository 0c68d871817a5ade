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

  @Test
  void numbersArePaddedWithAsciiZerosWhateverTheDefaultLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG-u-nu-arab"));
      assertThat(BranchName.of("maintenance/{year}-{month}/w{week}", java.time.LocalDate.of(2026, 3, 2)))
          .isEqualTo("maintenance/2026-03/w10");
    } finally {
      java.util.Locale.setDefault(before);
    }
    for (int n : new int[] {0, 7, 42, 123, 2026, 12345, -5, -2026}) {
      assertThat(BranchName.padded(n, 4)).isEqualTo(String.format(java.util.Locale.ROOT, "%04d", n));
      assertThat(BranchName.padded(n, 2)).isEqualTo(String.format(java.util.Locale.ROOT, "%02d", n));
    }
  }
}
