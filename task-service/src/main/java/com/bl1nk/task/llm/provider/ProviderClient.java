package com.bl1nk.task.llm.provider;

import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one OpenAI-shaped chat request to one provider, once (no retries here: the call engine owns retries), and
 * returns the answer in OpenAI's shape whatever the provider speaks.
 */
public interface ProviderClient {

    /** Which provider kinds this client serves. */
    boolean supports(ProviderKind kind);

    /**
     * A non-streaming completion: the OpenAI {@code chat.completion} object.
     *
     * @param request the client's request with {@code model} already set to the upstream model id
     * @throws UpstreamFailure when no valid answer arrived
     */
    ObjectNode complete(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts);

    /**
     * Opens a streamed completion; returns once the provider accepted the request (HTTP 2xx), before any chunk.
     *
     * @throws UpstreamFailure when the provider refused or did not answer
     */
    ChatStream stream(ProviderConfig provider, ObjectNode request, CallTimeouts timeouts);
}
