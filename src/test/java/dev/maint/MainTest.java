package dev.maint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link Main} sets before anything else runs. */
class MainTest {
  @Test
  void commandsStartWithVforkOnLinuxJdksThatStillHaveItAndTheJdkDefaultElsewhere() {
    assertThat(Main.launchMechanism(17, "Linux")).contains("VFORK");
    assertThat(Main.launchMechanism(24, "Linux")).contains("VFORK");
    // JDK 25 warns about VFORK on standard error, and later JDKs refuse it.
    assertThat(Main.launchMechanism(25, "Linux")).isEmpty();
    assertThat(Main.launchMechanism(17, "Mac OS X")).isEmpty();
  }
}
