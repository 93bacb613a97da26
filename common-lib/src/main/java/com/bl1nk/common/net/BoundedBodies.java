package com.bl1nk.common.net;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Caps how much of a response body is read, while it is read: a body subscriber that passes bytes on until the cap,
 * then cancels the download and fails with {@link ResponseTooLargeException}. For every read from an upstream a tenant
 * controls (its model provider, its MCP server, a webhook it named), so a 2 GB answer costs at most the cap.
 */
public final class BoundedBodies {

    private BoundedBodies() {}

    /** A response body longer than the reader allows. */
    public static final class ResponseTooLargeException extends IOException {
        private final long limit;

        ResponseTooLargeException(long limit) {
            super("the response is larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** {@code inner}, failing once more than {@code maxBytes} have arrived. */
    public static <T> BodySubscriber<T> limit(BodySubscriber<T> inner, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        return new Limited<>(inner, maxBytes);
    }

    private static final class Limited<T> implements BodySubscriber<T> {
        private final BodySubscriber<T> inner;
        private final long maxBytes;
        private final AtomicBoolean failed = new AtomicBoolean();
        private volatile Flow.Subscription subscription;
        private long received;

        Limited(BodySubscriber<T> inner, long maxBytes) {
            this.inner = inner;
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed.get()) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > maxBytes) {
                if (failed.compareAndSet(false, true)) {
                    subscription.cancel();
                    inner.onError(new ResponseTooLargeException(maxBytes));
                }
                return;
            }
            inner.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!failed.get()) {
                inner.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!failed.get()) {
                inner.onComplete();
            }
        }
    }
}
