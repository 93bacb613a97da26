package com.bl1nk.common.metrics;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reading of something expensive (a Redis command, a SQL count) reused for a while, so a gauge costs nothing per
 * scrape beyond one query per interval; a failed reading keeps the last value and is retried on the next scrape.
 */
public final class SampledValue<T> {

    private static final Logger log = LoggerFactory.getLogger(SampledValue.class);

    private final String what;
    private final Supplier<T> reader;
    private final long intervalNanos;
    private final T fallback;
    private volatile T value;
    private volatile long readAt;
    private volatile boolean read;

    /**
     * @param what names the reading in the log when it fails
     * @param reader reads the current value; may throw
     * @param interval how long a reading is reused
     * @param fallback the value until the first reading succeeds
     */
    public SampledValue(String what, Supplier<T> reader, Duration interval, T fallback) {
        this.what = what;
        this.reader = reader;
        this.intervalNanos = interval.toNanos();
        this.fallback = fallback;
        this.value = fallback;
    }

    /** The last reading, refreshed when older than the interval. */
    public T get() {
        long now = System.nanoTime();
        if (!read || now - readAt >= intervalNanos) {
            synchronized (this) {
                if (!read || System.nanoTime() - readAt >= intervalNanos) {
                    try {
                        T next = reader.get();
                        value = next == null ? fallback : next;
                        read = true;
                    } catch (RuntimeException e) {
                        Throwable cause = e;
                        while (cause.getCause() != null && cause.getCause() != cause) {
                            cause = cause.getCause();
                        }
                        log.warn("Could not read {} for metrics: {}", what, cause.toString());
                    }
                    readAt = System.nanoTime();
                }
            }
        }
        return value;
    }
}
