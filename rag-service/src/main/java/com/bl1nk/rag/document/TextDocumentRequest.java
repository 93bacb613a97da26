package com.bl1nk.rag.document;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * Raw-text ingestion: the text goes through the same sniffing, limits and dedupe as a file upload.
 *
 * @param name document name, unique within the knowledge base (a second upload under it replaces it)
 * @param text the content
 * @param contentType {@code text/plain} (default), {@code text/markdown} or {@code text/html}
 * @param metadata flat JSON object stored with the document and usable as a query filter
 */
public record TextDocumentRequest(
        @NotBlank @Size(max = 500) String name,
        @NotNull String text,
        @Pattern(regexp = "text/(plain|markdown|html)") String contentType,
        Map<String, Object> metadata) {}
