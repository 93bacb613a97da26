package com.bl1nk.rag.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.parse.DocumentParser;
import com.bl1nk.rag.parse.ParsedDocument;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkerTests {

    private final DocumentParser parser = new DocumentParser(1_000_000);

    private ParsedDocument markdown(String md) {
        return parser.parse(md.getBytes(StandardCharsets.UTF_8), "doc.md", null);
    }

    @Test
    void chunksNeverSpanSectionsAndCiteExactOffsets() {
        ParsedDocument doc = markdown("""
                # A
                Alpha one. Alpha two.

                # B
                Beta one.

                Beta two.
                """);
        var chunks = Chunker.chunk(doc, new ChunkingSettings(64, 8));

        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).headingPath()).containsExactly("A");
        assertThat(chunks.get(1).headingPath()).containsExactly("B");
        assertThat(chunks.get(1).content()).isEqualTo("Beta one.\n\nBeta two.");
        for (Chunk c : chunks) {
            assertThat(doc.text().substring(c.start(), c.end())).isEqualTo(c.content());
        }
        assertThat(chunks).extracting(Chunk::chunkIndex).containsExactly(0, 1);
    }

    @Test
    void longParagraphsSplitBySentenceWithinBudgetAndOverlap() {
        StringBuilder md = new StringBuilder("# Long\n\n");
        for (int i = 0; i < 60; i++) {
            md.append("Sentence number ")
                    .append(i)
                    .append(" talks about topic ")
                    .append(i)
                    .append(". ");
        }
        ParsedDocument doc = markdown(md.toString());
        ChunkingSettings settings = new ChunkingSettings(40, 10);
        var chunks = Chunker.chunk(doc, settings);

        assertThat(chunks.size()).isGreaterThan(5);
        for (Chunk c : chunks) {
            assertThat(c.tokens()).isLessThanOrEqualTo(settings.maxTokens());
            assertThat(doc.text().substring(c.start(), c.end())).isEqualTo(c.content());
            assertThat(c.content()).startsWith("Sentence").endsWith(".");
        }
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).start())
                    .as("overlap: chunk %d starts inside the previous one", i)
                    .isLessThan(chunks.get(i - 1).end());
        }
    }

    @Test
    void overlongSentencesFallBackToTokenWindows() {
        String words = "word ".repeat(500).strip();
        ParsedDocument doc = markdown(words);
        var chunks = Chunker.chunk(doc, new ChunkingSettings(50, 0));

        assertThat(chunks).hasSize(10);
        assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isEqualTo(50));
    }

    @Test
    void embeddingTextCarriesTheHeadingPath() {
        ParsedDocument doc = markdown("# Guide\n## Install\nRun it.");
        Chunk chunk = Chunker.chunk(doc, ChunkingSettings.DEFAULT).getFirst();

        assertThat(chunk.embeddingText()).isEqualTo("Guide > Install\nRun it.");
    }

    @Test
    void tokenEstimateCountsWordsAndPunctuation() {
        assertThat(TokenEstimator.count("Hello, world!")).isEqualTo(4);
        assertThat(TokenEstimator.count("internationalization")).isEqualTo(3);
    }
}
