package com.bl1nk.mockllm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Bounded, thread-safe log of received provider requests, so tests can count upstream calls. */
final class RequestLog {

    private final int limit;
    private final ConcurrentLinkedDeque<RecordedRequest> entries = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    RequestLog(int limit) {
        this.limit = limit;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void add(RecordedRequest request) {
        entries.addLast(request);
        if (size.incrementAndGet() > limit && entries.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** Entries in arrival order (by sequence). */
    List<RecordedRequest> snapshot() {
        List<RecordedRequest> list = new ArrayList<>(entries);
        list.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return list;
    }

    void clear() {
        entries.clear();
        size.set(0);
        sequence.set(0);
    }
}
