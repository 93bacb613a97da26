package com.bl1nk.task.llm.provider;

/**
 * An open streamed completion from a provider, yielding OpenAI {@code chat.completion.chunk} JSON texts one by one, so
 * every provider kind looks the same to the retry layer and the SSE writer.
 */
public interface ChatStream extends AutoCloseable {

    /**
     * The next chunk as JSON text, or {@code null} after the provider's normal end ({@code [DONE]}).
     *
     * @throws UpstreamFailure if the stream broke, timed out or carried an error event
     */
    String next();

    /** Aborts the upstream call if it is still open; safe to call twice. */
    @Override
    void close();
}
