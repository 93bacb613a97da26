package com.bl1nk.rag.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.chunk.Chunk;
import com.bl1nk.rag.chunk.Chunker;
import com.bl1nk.rag.chunk.ChunkingSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoilerplateTests {

    private final DocumentParser parser = new DocumentParser(1_000_000);

    private static String chunkText(ParsedDocument doc) {
        List<Chunk> chunks = Chunker.chunk(doc, new ChunkingSettings(64, 8));
        StringBuilder all = new StringBuilder();
        chunks.forEach(c -> all.append(c.content()).append('\n'));
        return all.toString();
    }

    @Test
    void markdownNavigationCookieBannerTableOfContentsAndRepeatedFootersStayOutOfTheChunks() {
        String md = """
                [Prev](a.md) | [Up](index.md) | [Home](/) | [Next](c.md)

                We use cookies to improve your experience. Accept all cookies or manage your preferences.

                ## Table of contents

                - [Installing](#installing)
                - [Configuring](#configuring)
                - [Running](#running)

                ## Installing

                Unpack the archive into the tools folder and add it to the PATH.

                Copyright 2026 Example Corp. All rights reserved.

                ## Configuring

                Set the cache size in settings.toml before the first run.

                Copyright 2026 Example Corp. All rights reserved.

                ## Running

                Start the daemon with the serve command; it listens on port 7070.

                Copyright 2026 Example Corp. All rights reserved.

                « Previous | Next »
                """;

        ParsedDocument doc = parser.parse(md.getBytes(StandardCharsets.UTF_8), "guide.md", null);
        String chunks = chunkText(doc);

        assertThat(chunks)
                .contains("Unpack the archive", "cache size in settings.toml", "port 7070")
                .doesNotContain("Prev", "Next", "cookies", "[Installing]", "Copyright", "Table of contents");
        assertThat(doc.blocks()).allSatisfy(b -> assertThat(doc.textOf(b)).isNotBlank());
    }

    @Test
    void htmlNavigationRowsAndCookieBannersOutsideNavElementsStayOutOfTheChunks() {
        String html = """
                <html><body>
                <div class="cookie-consent"><p>This site uses cookies. By clicking Accept you consent to cookies.</p></div>
                <p><a href="p.html">Previous</a> | <a href="up.html">Up</a> | <a href="n.html">Next</a></p>
                <h1>Watering</h1>
                <p>Water tomato plants deeply twice a week, early in the morning.</p>
                <p><a href="p.html">Prev</a> <a href="/">Home</a> <a href="n.html">Next</a></p>
                </body></html>
                """;

        ParsedDocument doc = parser.parse(html.getBytes(StandardCharsets.UTF_8), "page.html", "text/html");
        String chunks = chunkText(doc);

        assertThat(chunks).contains("Water tomato plants").doesNotContain("Previous", "Next", "cookies", "Home");
    }

    @Test
    void ordinaryProseMentioningNextOrCookiesIsKept() {
        assertThat(Boilerplate.isBoilerplate("The next release adds an index for faster lookups."))
                .isFalse();
        assertThat(Boilerplate.isBoilerplate("Bake the cookies for twelve minutes."))
                .isFalse();
        assertThat(Boilerplate.isBoilerplate("Prev | Next")).isTrue();
    }
}
