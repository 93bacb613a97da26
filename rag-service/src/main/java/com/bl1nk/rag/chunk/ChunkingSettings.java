package com.bl1nk.rag.chunk;

/**
 * Token budget of a knowledge base's chunks: fixed per knowledge base so every document in it is cut the same way.
 *
 * @param maxTokens most tokens in one chunk
 * @param overlapTokens tokens of the previous chunk repeated at the start of the next one within a section
 */
public record ChunkingSettings(int maxTokens, int overlapTokens) {

    /** Fits MiniLM's 256-token window with room for the heading path prepended at embedding time. */
    public static final ChunkingSettings DEFAULT = new ChunkingSettings(200, 40);

    public ChunkingSettings {
        if (maxTokens < 32 || maxTokens > 2048) {
            throw new IllegalArgumentException("maxTokens must be within 32..2048");
        }
        if (overlapTokens < 0 || overlapTokens >= maxTokens) {
            throw new IllegalArgumentException("overlapTokens must be within 0..maxTokens-1");
        }
    }
}
