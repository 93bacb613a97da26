package com.bl1nk.rag.embedding;

import java.util.List;

/**
 * Vectors for a batch of texts plus the tokens they cost, which the OpenAI-compatible API reports as usage.
 *
 * @param vectors one vector per input, in input order
 * @param promptTokens tokens consumed (reported by the provider, or estimated for the local model)
 */
public record EmbeddingResult(List<float[]> vectors, int promptTokens) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
    }
}
