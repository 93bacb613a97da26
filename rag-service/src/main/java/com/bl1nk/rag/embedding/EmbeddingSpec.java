package com.bl1nk.rag.embedding;

/**
 * Which model embeds a knowledge base: fixed at creation so query and document vectors always come from the same
 * model.
 *
 * @param provider {@code local} for the built-in model, otherwise a configured OpenAI-compatible provider name
 * @param model the provider's model name
 * @param dimension vector length the model returns
 */
public record EmbeddingSpec(String provider, String model, int dimension) {

    /** The built-in all-MiniLM-L6-v2 model. */
    public static final EmbeddingSpec LOCAL = new EmbeddingSpec(LocalMiniLm.PROVIDER, LocalMiniLm.MODEL, 384);

    /** True for the in-process model (no network, not metered). */
    public boolean isLocal() {
        return LocalMiniLm.PROVIDER.equals(provider);
    }
}
