package dev.maint.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
  @Test
  void removesColourAndCursorSequences() {
    assertThat(ControlCharacters.strip("\u001b[1;31mred\u001b[0m \u001b[2K\u001b[10Gdone")).isEqualTo("red done");
  }

  @Test
  void removesTitleSequencesEndedByBellOrStringTerminator() {
    assertThat(ControlCharacters.strip("a\u001b]0;title\u0007b\u001b]8;;http://x\u001b\\c")).isEqualTo("abc");
  }

  @Test
  void keepsTabsAndLineFeedsAndDropsOtherControlCharacters() {
    assertThat(ControlCharacters.strip("a\tb\r\nc\u0000\u0001\u0007\u007f\u0085d")).isEqualTo("a\tb\ncd");
  }

  @Test
  void dropsCharactersXmlCannotHoldButKeepsSupplementaryOnes() {
    assertThat(ControlCharacters.strip("x\ud800y\uffff\ufffe😀")).isEqualTo("xy😀");
  }

  @Test
  void returnsPlainTextUnchanged() {
    String plain = "& < > \" ' ünïcödé";
    assertThat(ControlCharacters.strip(plain)).isSameAs(plain);
    assertThat(ControlCharacters.strip(null)).isEmpty();
  }

  @Test
  void showsBidiControlsVisibly() {
    assertThat(ControlCharacters.strip("a\u202ebc\u2066d\u2069")).isEqualTo("a<U+202E>bc<U+2066>d<U+2069>");
  }

  @Test
  void keepColourKeepsOnlySgrSequences() {
    assertThat(ControlCharacters.keepColour("\u001b]0;PWNED\u0007\u001b[2J\u001b[1;31mred\u001b[0m\u001b[3A\u202e!"))
        .isEqualTo("\u001b[1;31mred\u001b[0m<U+202E>!");
    assertThat(ControlCharacters.keepColour("plain")).isEqualTo("plain");
  }
}
