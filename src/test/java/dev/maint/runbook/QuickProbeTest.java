package dev.maint.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuickProbeTest {
  @Test
  void seedsOpensslAndCurlCommandsAreTheProbesAndNothingElse() {
    List<String> probes = RunbookLoader.loadDefault().quickReference().stream()
        .filter(c -> QuickProbe.of(c.command()).isPresent()).map(Reference.QuickCommand::name).toList();

    assertThat(probes).containsExactly("tls-api-dates", "tls-web-dates", "health", "health-ready", "health-dependencies");
  }

  @Test
  void opensslConnectIsATlsCheckOfItsHostAndPort() {
    assertThat(QuickProbe.of("echo | openssl s_client -connect ${api_host}:${api_port} 2>/dev/null | openssl x509 -noout -dates"))
        .contains(new QuickProbe("tls", "${api_host}:${api_port}", Optional.empty()));
  }

  @Test
  void opensslServernameBecomesTheNameChecked() {
    assertThat(QuickProbe.of("openssl s_client -connect 10.0.0.5:8443 -servername app.test </dev/null").orElseThrow()
        .checkArguments()).containsExactly("tls", "10.0.0.5:8443", "--name", "app.test");
  }

  @Test
  void curlGetIsAnHttpCheckOfItsUrl() {
    assertThat(QuickProbe.of("curl -s https://connect-api.forma3d.be/health | jq .").orElseThrow().checkArguments())
        .containsExactly("http", "https://connect-api.forma3d.be/health");
  }

  @Test
  void curlThatSendsSomethingIsNotAProbe() {
    assertThat(QuickProbe.of("curl -s -X POST https://host/hook")).isEmpty();
    assertThat(QuickProbe.of("curl --data-binary @x https://host/upload")).isEmpty();
    // A header (often a secret) or -k would be lost or change the verdict in a plain check.
    assertThat(QuickProbe.of("curl -s -H \"Authorization: Bearer t\" https://host/health")).isEmpty();
    assertThat(QuickProbe.of("curl -k https://host/health")).isEmpty();
    assertThat(QuickProbe.of("echo curl https://host/health")).isEmpty();
  }
}
