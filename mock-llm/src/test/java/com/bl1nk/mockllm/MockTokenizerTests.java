package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MockTokenizerTests {

    @Test
    void countsWordRunsAndSingleSymbolsButNotWhitespace() {
        assertThat(MockTokenizer.count("Hello, world!")).isEqualTo(4);
        assertThat(MockTokenizer.count("  a  b\tc\n")).isEqualTo(3);
        assertThat(MockTokenizer.count("don't")).isEqualTo(3);
        assertThat(MockTokenizer.count("x42 + 7 = ?")).isEqualTo(5);
        assertThat(MockTokenizer.count("Grüße 東京")).isEqualTo(2);
        assertThat(MockTokenizer.count("")).isZero();
        assertThat(MockTokenizer.count(null)).isZero();
        assertThat(MockTokenizer.count("   ")).isZero();
    }

    @Test
    void piecesJoinBackToTheTextAndMatchTheCount() {
        String text = "  The quick, brown fox (42) jumps!  ";
        List<String> pieces = MockTokenizer.pieces(text);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).hasSize(MockTokenizer.count(text));
        assertThat(pieces).startsWith("  The", " quick", ",", " brown");
    }

    @Test
    void truncateKeepsTheFirstTokens() {
        assertThat(MockTokenizer.truncate("one two three four", 2)).isEqualTo("one two");
        assertThat(MockTokenizer.truncate("one two", 5)).isEqualTo("one two");
        assertThat(MockTokenizer.count(MockTokenizer.truncate("a, b, c, d", 3))).isEqualTo(3);
    }

    @Test
    void promptCountAddsAFixedOverheadPerMessage() {
        assertThat(MockTokenizer.countPrompt(List.of("You are helpful.", "Hi there")))
                .isEqualTo(2 * MockTokenizer.PER_MESSAGE_OVERHEAD + 4 + 2);
        assertThat(MockTokenizer.countPrompt(List.of(""))).isEqualTo(MockTokenizer.PER_MESSAGE_OVERHEAD);
    }
}
