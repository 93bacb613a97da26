package com.bl1nk.rag.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs built to make parsers backtrack or recurse: every parser must finish them promptly (the bound is a hang
 * guard far above the milliseconds a linear parser needs) and still produce text.
 */
class PathologicalInputTests {

    private static final Duration HANG_GUARD = Duration.ofSeconds(10);

    private final DocumentParser parser = new DocumentParser(10_000_000);

    static Stream<Arguments> pathologicalDocuments() {
        return Stream.of(
                Arguments.of("hashes-and-spaces.md", "# " + "# ".repeat(4_000) + "x"),
                Arguments.of("spaces-then-hashes.md", "# a" + " ".repeat(20_000) + "#".repeat(20_000) + " x"),
                Arguments.of("alternating.md", ("# " + " #".repeat(2_000) + "\n").repeat(20)),
                Arguments.of("tabs.md", "###### " + "\t#\t".repeat(5_000) + "y"),
                Arguments.of("setext.md", "title\n" + "=".repeat(50_000) + " ".repeat(50_000) + "x"),
                Arguments.of("fences.md", "```\n".repeat(20_000)),
                Arguments.of("emphasis.md", "*_".repeat(30_000) + "text" + "_*".repeat(30_000)),
                Arguments.of("one-long-line.txt", "word ".repeat(200_000)),
                Arguments.of("blank-lines.txt", "\n \n\t\n".repeat(50_000) + "end"),
                Arguments.of("deep.html", "<div>".repeat(20_000) + "deep text" + "</div>".repeat(20_000)),
                Arguments.of("unclosed.html", "<p><b><i>".repeat(10_000) + "open"),
                Arguments.of("headings.html", "<h1>".repeat(10_000) + "title"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathologicalDocuments")
    void everyParserFinishesPathologicalInputPromptly(String filename, String content) {
        Object outcome = assertTimeoutPreemptively(HANG_GUARD, () -> {
            try {
                return parser.parse(content.getBytes(StandardCharsets.UTF_8), filename, null);
            } catch (DocumentRejectedException rejected) {
                return rejected;
            }
        });

        // Either text came out, or the document was refused with a reason the API reports as a 4xx.
        if (outcome instanceof ParsedDocument doc) {
            assertThat(doc.text()).isNotBlank();
        } else {
            assertThat(((DocumentRejectedException) outcome).getMessage()).isNotBlank();
        }
    }

    @Test
    void headingTitlesLoseTrailingMarksOnlyAtTheEnd() {
        assertThat(DocumentBuilder.withoutTrailingMarks("Install \u00b6 # \t")).isEqualTo("Install");
        assertThat(DocumentBuilder.withoutTrailingMarks("C# and F#")).isEqualTo("C# and F");
        assertThat(DocumentBuilder.withoutTrailingMarks("a" + " #".repeat(50_000) + "x"))
                .endsWith("x");
        assertThat(DocumentBuilder.withoutTrailingMarks("# #")).isEmpty();
    }

    /** The scan must read headings exactly as the regular expression it replaced did, on every line. */
    @Test
    void atxHeadingScanAgreesWithTheRegularExpressionOnRandomLines() {
        Pattern reference = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
        char[] alphabet = {' ', ' ', '#', '#', '#', '\t', 'a', 'b', '\f'};
        Random random = new Random(42);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(14);
            for (int i = 0; i < length; i++) {
                line.append(alphabet[random.nextInt(alphabet.length)]);
            }
            Matcher expected = reference.matcher(line);
            PlainTextBlocks.AtxHeading actual = PlainTextBlocks.AtxHeading.parse(line.toString());
            if (expected.matches()) {
                assertThat(actual).as("line [%s]", line).isNotNull();
                assertThat(actual.level())
                        .as("line [%s]", line)
                        .isEqualTo(expected.group(1).length());
                assertThat(actual.title()).as("line [%s]", line).isEqualTo(expected.group(2));
            } else {
                assertThat(actual).as("line [%s]", line).isNull();
            }
        }
    }
}
