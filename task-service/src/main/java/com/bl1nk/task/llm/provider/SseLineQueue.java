package com.bl1nk.task.llm.provider;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the lines of a streamed HTTP body from the HTTP client's threads to the reading thread, so the reader can wait
 * for each line with its own timeout and abort a stalled provider.
 */
final class SseLineQueue implements Flow.Subscriber<String> {

    /** Marks the normal end of the body. */
    static final Object END = new Object();

    /** A failure of the body, carried through the queue in order. */
    record Failed(Throwable cause) {}

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private volatile boolean finished;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        if (!finished) {
            finished = true;
            queue.add(new Failed(throwable));
        }
    }

    @Override
    public void onComplete() {
        if (!finished) {
            finished = true;
            queue.add(END);
        }
    }

    /** The next line, {@link #END}, a {@link Failed}, or {@code null} when nothing came within {@code timeout}. */
    Object poll(Duration timeout) {
        try {
            return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(e);
        }
    }

    /** Whether the body ended (normally or not). */
    boolean finished() {
        return finished;
    }

    /** Reads the rest of the body as text, up to {@code maxChars}, waiting at most {@code timeout} in total. */
    String drain(Duration timeout, int maxChars) {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (text.length() < maxChars) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Object item = poll(Duration.ofNanos(left));
            if (!(item instanceof String line)) {
                break;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** Stops the body: the HTTP client closes the connection. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
