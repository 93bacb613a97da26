package com.bl1nk.rag.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.rag.TestDocuments;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentParserTests {

    private final DocumentParser parser = new DocumentParser(1_000_000);

    @Test
    void markdownHeadingsBecomeHeadingPaths() {
        String md = """
                # Guide

                Intro paragraph.

                ## Install

                Run the installer.
                It takes a minute.

                ```
                # not a heading
                make install
                ```

                ## Configure

                Edit the file.
                """;
        ParsedDocument doc = parser.parse(md.getBytes(StandardCharsets.UTF_8), "guide.md", null);

        assertThat(doc.contentType()).isEqualTo(DocumentParser.TEXT_MARKDOWN);
        assertThat(doc.blocks())
                .extracting(Block::headingPath)
                .containsExactly(
                        List.of("Guide"),
                        List.of("Guide", "Install"),
                        List.of("Guide", "Install"),
                        List.of("Guide", "Configure"));
        assertThat(doc.textOf(doc.blocks().get(1))).isEqualTo("Run the installer.\nIt takes a minute.");
        assertThat(doc.textOf(doc.blocks().get(2))).contains("# not a heading");
    }

    @Test
    void htmlKeepsStructureAndDropsScripts() {
        String html = "<html><head><title>T</title><script>var x = 'secret';</script></head><body>"
                + "<h1>Networking</h1><p>Sockets are endpoints.</p><h2>Timeouts</h2><p>Set a timeout"
                + " on every\n call.</p><ul><li>one</li><li>two</li></ul></body></html>";
        ParsedDocument doc = parser.parse(html.getBytes(StandardCharsets.UTF_8), "page.html", "text/html");

        assertThat(doc.contentType()).isEqualTo(DocumentParser.TEXT_HTML);
        assertThat(doc.text()).doesNotContain("secret");
        assertThat(doc.blocks().getFirst().headingPath()).containsExactly("Networking");
        Block timeout = doc.blocks().get(1);
        assertThat(timeout.headingPath()).containsExactly("Networking", "Timeouts");
        assertThat(doc.textOf(timeout)).isEqualTo("Set a timeout on every call.");
    }

    @Test
    void pdfBlocksCarryTheirPage() {
        byte[] pdf = TestDocuments.pdf(
                List.of(List.of("The first page talks about apples."), List.of("The second page talks about pears.")));
        ParsedDocument doc = parser.parse(pdf, "fruit.txt", "text/plain");

        assertThat(doc.contentType()).as("sniffed, not taken from the name").isEqualTo(DocumentParser.APPLICATION_PDF);
        Block pears = doc.blocks().stream()
                .filter(b -> doc.textOf(b).contains("pears"))
                .findFirst()
                .orElseThrow();
        assertThat(pears.page()).isEqualTo(2);
        assertThat(doc.blocks().getFirst().page()).isEqualTo(1);
    }

    @Test
    void docxHeadingsBecomeHeadingPaths() {
        byte[] docx = TestDocuments.docx(List.of(
                new TestDocuments.Section("Billing", List.of("Invoices are monthly.")),
                new TestDocuments.Section("Support", List.of("Email the help desk."))));
        ParsedDocument doc = parser.parse(docx, "handbook.docx", null);

        assertThat(doc.contentType()).isEqualTo(DocumentParser.DOCX);
        Block support = doc.blocks().stream()
                .filter(b -> doc.textOf(b).contains("help desk"))
                .findFirst()
                .orElseThrow();
        assertThat(support.headingPath()).containsExactly("Support");
    }

    @Test
    void rejectsEmptyUnsupportedAndCorruptDocuments() {
        assertThatThrownBy(() -> parser.parse(new byte[0], "a.txt", null))
                .isInstanceOfSatisfying(
                        DocumentRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("empty_document"));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThatThrownBy(() -> parser.parse(png, "image.md", "text/markdown"))
                .isInstanceOfSatisfying(
                        DocumentRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("unsupported_media_type"));
        byte[] corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> parser.parse(corrupt, "broken.pdf", "application/pdf"))
                .isInstanceOfSatisfying(
                        DocumentRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("unreadable_document"));
        assertThatThrownBy(() -> parser.parse("   \n\n  ".getBytes(StandardCharsets.UTF_8), "blank.txt", null))
                .isInstanceOfSatisfying(
                        DocumentRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo("empty_document"));
    }
}
