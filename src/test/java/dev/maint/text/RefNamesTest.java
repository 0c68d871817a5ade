package dev.maint.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Branch names are judged as git check-ref-format judges them, and as jgit does. */
class RefNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"refs/heads/maintenance/2026-11", "refs/heads/a.b", "refs/heads/ops@x", "refs/heads/ünïcode",
      "refs/heads/-dash", "refs/heads/x..y", "refs/heads/.hidden", "refs/heads/x.lock", "refs/heads/x/", "refs/heads//x",
      "refs/heads/x.", "refs/heads/a b", "refs/heads/a~1", "refs/heads/a^", "refs/heads/a:b", "refs/heads/a?",
      "refs/heads/a*", "refs/heads/a[b", "refs/heads/a\\b", "refs/heads/a@{1}", "@", "refs/heads/tab\tx", "refs/heads/del\u007f",
      "refs/heads/x/.y"})
  void agreesWithJgit(String name) {
    assertThat(RefNames.isValid(name)).as(name).isEqualTo(Repository.isValidRefName(name));
  }

  /** git's rule 1 refuses ".lock" at the end of any component; jgit only at the end of the name. */
  @Test
  void noComponentEndsInDotLockAsGitRequires() {
    assertThat(RefNames.isValid("refs/heads/x.lock/y")).isFalse();
  }
}
