package dev.maint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code check tls HOST} decides whether HOST is a host without okhttp when it is a plain ASCII
 * name or an IPv4 address (start-up, issue 16): the answer must be okhttp's, for names it takes
 * and names it refuses alike.
 */
class CheckHostTest {
  private static final String LABEL_63 = "a".repeat(63);

  private static boolean okhttpTakes(String host) {
    try {
      new HttpUrl.Builder().host(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
    "app.test", "App.Test", "localhost", "a", "1", "127.0.0.1", "0.0.0.0", "999.1.1.1", "1.2.3", "1.2.3.4.5",
    "01.02.03.04", "0x7f.1", "a-b", "-a.b", "a-.b", "a--b.c", "ab--c.d", "--", "a_b.c", "_acme.test", "a.b.",
    "xn--n3h.net", "XN--n3h.net", "xn--zz.com", "a.xn--zz", "xn-a.test", ".", "..", "a..b", ".a", "a.b..", "",
    "a b", "a/b", "a:b", "a@b", "a#b", "a?b", "a\\b", "[::1]", "::1", "2001:db8::1", "::ffff:1.2.3.4", "1::2::3",
    "bücher.test", "☃.net", "exa%6dple.test", "a\tb"
  })
  void aHostIsTakenExactlyWhenOkhttpTakesIt(String host) {
    assertThat(CheckCommand.isHost(host)).isEqualTo(okhttpTakes(host) && !host.contains("%"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"local$(id)host", "a;b.test", "a`b`.test", "a!b", "a*b.test", "a,b", "a'b", "a\"b", "a(b).test"})
  void aNameOkhttpWouldLookUpButNoHostNameRuleAllowsIsRefused(String host) {
    assertThat(CheckCommand.isHost(host)).isFalse();
  }

  @ParameterizedTest(name = "{0} characters")
  @ValueSource(ints = {250, 252, 253, 254, 255, 300})
  void longNamesAreTakenUpToOkhttpsLimit(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      name.append(name.length() == 0 ? "" : ".").append(LABEL_63);
    }
    String host = name.substring(0, length).replaceAll("\\.$", "a");

    assertThat(CheckCommand.isHost(host)).isEqualTo(okhttpTakes(host));
  }

  @ParameterizedTest(name = "label of {0}")
  @ValueSource(ints = {62, 63, 64})
  void aLabelIsAtMost63Characters(int length) {
    String host = "a".repeat(length) + ".test";

    assertThat(CheckCommand.isHost(host)).isEqualTo(length <= 63).isEqualTo(okhttpTakes(host));
  }
}
