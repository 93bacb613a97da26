package com.bl1nk.task.llm.provider;

/**
 * One model a provider serves, as the provider's owner declared it: the id clients ask for, the id sent upstream, and
 * what it can do.
 *
 * @param id the model id clients use in {@code model}
 * @param upstreamId the id sent to the provider (defaults to {@code id})
 * @param contextWindow context window in tokens, or {@code null} when unknown
 * @param supportsTools whether the model accepts {@code tools}, or {@code null} when unknown
 */
public record ModelDefinition(String id, String upstreamId, Integer contextWindow, Boolean supportsTools) {

    public ModelDefinition {
        upstreamId = upstreamId == null || upstreamId.isBlank() ? id : upstreamId;
    }

    /** A model whose upstream id is its id and whose capabilities are unknown. */
    public static ModelDefinition of(String id) {
        return new ModelDefinition(id, id, null, null);
    }
}
