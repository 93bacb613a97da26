package com.bl1nk.rag.knowledgebase;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the knowledge base API. */
public final class KnowledgeBaseRequests {

    private KnowledgeBaseRequests() {}

    /**
     * Creates a knowledge base; embedding and chunking default to the built-in model and 200/40 tokens.
     *
     * @param name unique per tenant
     * @param description free text
     * @param embedding which model embeds its documents
     * @param chunking chunk size and overlap in tokens
     */
    public record Create(
            @NotBlank @Size(max = 200) String name,
            @Size(max = 2000) String description,
            @Valid Embedding embedding,
            @Valid Chunking chunking) {}

    /**
     * Embedding choice: {@code provider} {@code local} (default) or a configured OpenAI-compatible provider, which
     * then needs {@code model} and {@code dimension}.
     */
    public record Embedding(
            @Size(max = 100) @Pattern(regexp = "[a-zA-Z0-9_.-]+") String provider,

            @Size(max = 200) String model,
            @Min(1) @Max(2000) Integer dimension) {}

    /** Chunk size and overlap in tokens. */
    public record Chunking(
            @Min(32) @Max(2048) Integer maxTokens,
            @Min(0) @Max(1024) Integer overlapTokens) {}
}
