package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maint.testing.CliHarness;
import dev.maint.testing.RepoTest;
import dev.maint.testing.Walks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code valid_until: next-run + 7d}: the test runbook's monthly step {@code m-cert} checks {@code
 * cert_file} (warn 10, fail 3 days) and must outlive the next monthly window plus 7 days. On Sunday
 * 2026-11-29 10:00 in Brussels the next window is 2026-12-01 – 2026-12-04, so the certificate must
 * be valid through 2026-12-11: 12 days 14 hours ahead, 13 days rounded up.
 */
class ValidUntilTest extends RepoTest {
  private static final Instant NOW = Instant.parse("2026-11-29T09:00:00Z");

  private Walks schedule;

  @BeforeEach
  void useTheScheduleRunbook() throws IOException {
    schedule = new Walks(tmp, "schedule.yaml");
  }

  private Path certificateExpiring(Instant notAfter) throws IOException {
    HeldCertificate cert = new HeldCertificate.Builder().commonName("db-ca")
        .validityInterval(NOW.minus(Duration.ofDays(300)).toEpochMilli(), notAfter.toEpochMilli()).build();
    Path file = tmp.resolve("cert-" + notAfter.toEpochMilli() + ".pem");
    Files.writeString(file, cert.certificatePem());
    return file;
  }

  private CliHarness.Result checkCert(Instant now, Path file) {
    return schedule.maint(Walks.at(now.toString()))
        .run("check", "cert", "--runbook", schedule.runbook().toString(), "--set", "cert_file=" + file);
  }

  @Test
  void certificateLapsingBeforeTheNextRunPlusMarginFailsThoughItPassesTheDaysThresholds() throws IOException {
    Path file = certificateExpiring(NOW.plus(Duration.ofDays(12)).plus(Duration.ofHours(3)));

    CliHarness.Result r = checkCert(NOW, file);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("FAIL .*expires in 12 days \\(minimum 13\\); needs 13 days: past the next"
        + " monthly window \\(ends Fri 2026-12-04\\) \\+ 7 days");
  }

  @Test
  void certificateOutlivingTheNextRunPlusMarginPasses() throws IOException {
    Path file = certificateExpiring(NOW.plus(Duration.ofDays(13)).plus(Duration.ofHours(3)));

    CliHarness.Result r = checkCert(NOW, file);

    assertThat(r.exitCode()).as(r.out()).isZero();
    assertThat(r.out()).containsPattern("PASS .*valid for 13 days; needs 13 days: past the next monthly window");
  }

  /** 2026-12-02 10:00 CET to the end of 2027-02-12 (the window ending 02-05, + 7 days): 72 days 14 h. */
  @Test
  void inDecemberTheNextMonthlyRunIsFebruarySoTheCertificateMustLastUntilThen() throws IOException {
    Instant december = Instant.parse("2026-12-02T09:00:00Z");
    Path file = certificateExpiring(december.plus(Duration.ofDays(40)));

    CliHarness.Result r = checkCert(december, file);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("needs 73 days: past the next monthly window (ends Fri 2027-02-05) + 7 days");
  }

  @Test
  void monthlyWalkRecordsTheStepFailedWithWhatWasNeeded() throws IOException {
    Path file = certificateExpiring(NOW.plus(Duration.ofDays(12)));

    CliHarness.Result r = schedule.maint(Walks.at(NOW.toString()))
        .run(schedule.args(repo, "monthly", "--non-interactive", "--set", "cert_file=" + file));

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).containsPattern("m-cert +fail");
    assertThat(git.run("show", "maintenance/2026-11:maintenance/log.md"))
        .contains("m-cert fail: certificate \"db-ca\" expires in 12 days (minimum 13); needs 13 days: past the next"
            + " monthly window (ends Fri 2026-12-04) + 7 days");
  }
}
