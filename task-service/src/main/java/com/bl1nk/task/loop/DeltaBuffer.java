package com.bl1nk.task.loop;

import java.util.function.Consumer;

/**
 * Coalesces streamed model tokens into fewer {@code model_delta} events (one per ~50 ms or 64 characters), so a
 * thousand streaming tasks do not cost one Redis write per token.
 */
final class DeltaBuffer {

    private static final long MAX_DELAY_NANOS = 50_000_000L;
    private static final int MAX_CHARS = 64;

    private final Consumer<String> sink;
    private final StringBuilder pending = new StringBuilder();
    private long firstPendingAt;

    DeltaBuffer(Consumer<String> sink) {
        this.sink = sink;
    }

    void add(String delta) {
        if (pending.isEmpty()) {
            firstPendingAt = System.nanoTime();
        }
        pending.append(delta);
        if (pending.length() >= MAX_CHARS || System.nanoTime() - firstPendingAt >= MAX_DELAY_NANOS) {
            flush();
        }
    }

    void flush() {
        if (!pending.isEmpty()) {
            String text = pending.toString();
            pending.setLength(0);
            sink.accept(text);
        }
    }
}
