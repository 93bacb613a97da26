package com.bl1nk.task.llm;

import java.io.IOException;
import java.math.BigDecimal;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a streamed answer goes (the SSE response); the engine calls {@link #open} only once a provider produced its
 * first chunk, so everything before it (failover, budget refusal) can still become a plain HTTP error.
 */
public interface StreamSink {

    /** The first chunk is about to be written: send the response headers now. */
    void open(ServedBy servedBy, BigDecimal maxCostUsd) throws IOException;

    /** One {@code chat.completion.chunk} JSON text, unchanged. */
    void chunk(String json) throws IOException;

    /** The stream broke after the first token: send an error event (OpenAI's error shape) and end. */
    void error(ObjectNode error) throws IOException;

    /** The stream ended normally: send {@code [DONE]}. */
    void done(Usage usage, BigDecimal costUsd) throws IOException;
}
