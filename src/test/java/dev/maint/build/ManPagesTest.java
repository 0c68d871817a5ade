package dev.maint.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManPagesTest {
  @TempDir Path tmp;

  @Test
  void writesAPageForMaintAndEachSubcommandWithTheirOptionsAndExitCodes() throws IOException {
    assertThat(ManPages.write(tmp)).isZero();

    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .contains("maint.adoc", "maint-continuous.adoc", "maint-monthly.adoc", "maint-completion.adoc");
    }
    String continuous = Files.readString(tmp.resolve("maint-continuous.adoc"));
    assertThat(continuous).contains(":doctype: manpage", "= maint-continuous(1)", "*--report*=_FORMAT=PATH_",
        "*--dry-run*", "130");
  }
}
