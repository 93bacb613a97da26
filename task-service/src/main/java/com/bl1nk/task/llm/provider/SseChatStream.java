package com.bl1nk.task.llm.provider;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an OpenAI-style SSE body ({@code data: {...}} lines ending with {@code data: [DONE]}) chunk by chunk, turning
 * stalls, early ends and in-stream error events into {@link UpstreamFailure}s.
 */
final class SseChatStream implements ChatStream {

    private static final int MAX_SKIPPED_LINES = 100_000;

    private final SseLineQueue lines;
    private final CompletableFuture<HttpResponse<Void>> exchange;
    private final CallTimeouts timeouts;
    private final JsonMapper json;
    private boolean first = true;
    private boolean done;
    private boolean closed;

    SseChatStream(
            SseLineQueue lines,
            CompletableFuture<HttpResponse<Void>> exchange,
            CallTimeouts timeouts,
            JsonMapper json) {
        this.lines = lines;
        this.exchange = exchange;
        this.timeouts = timeouts;
        this.json = json;
    }

    @Override
    public String next() {
        if (done) {
            return null;
        }
        for (int skipped = 0; skipped < MAX_SKIPPED_LINES; skipped++) {
            Duration wait = first ? timeouts.firstByte() : timeouts.streamIdle();
            Object item = lines.poll(wait);
            if (item == null) {
                close();
                throw UpstreamFailure.timeout("no streamed chunk within " + wait);
            }
            if (item == SseLineQueue.END) {
                done = true;
                throw UpstreamFailure.connection("the provider ended the stream without [DONE]", null);
            }
            if (item instanceof SseLineQueue.Failed failed) {
                done = true;
                throw UpstreamFailure.connection(
                        "the provider stream broke: "
                                + failed.cause().getClass().getSimpleName(),
                        failed.cause());
            }
            String line = (String) item;
            if (!line.startsWith("data:")) {
                continue; // blank separators, comments, event:/id: lines
            }
            String data = line.substring(5).strip();
            if (data.isEmpty()) {
                continue;
            }
            if (data.equals("[DONE]")) {
                done = true;
                return null;
            }
            if (data.startsWith("{\"error\"")) {
                throw inStreamError(data);
            }
            first = false;
            return data;
        }
        close();
        throw UpstreamFailure.badResponse("the provider stream sent too many lines without data");
    }

    private UpstreamFailure inStreamError(String data) {
        done = true;
        close();
        try {
            JsonNode node = json.readTree(data);
            String message = node.path("error").path("message").asString("the provider sent an error event");
            return UpstreamFailure.status(502, null, node, message);
        } catch (JacksonException e) {
            return UpstreamFailure.badResponse("the provider sent an unreadable error event");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (done && !lines.finished()) {
            // let a well-behaved provider finish the body so the connection can be reused
            for (int i = 0; i < 8; i++) {
                Object tail = lines.poll(Duration.ofMillis(200));
                if (tail == null || tail == SseLineQueue.END || tail instanceof SseLineQueue.Failed) {
                    break;
                }
            }
        }
        if (!lines.finished()) {
            lines.cancel();
            exchange.cancel(true);
        }
    }
}
