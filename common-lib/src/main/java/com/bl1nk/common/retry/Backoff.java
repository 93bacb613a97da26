package com.bl1nk.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter and a cap, so many clients retrying the same failure spread out instead of
 * hammering it in lockstep.
 *
 * @param base delay ceiling of the first retry
 * @param cap largest delay ever returned
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive");
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be at least base");
        }
    }

    /** The ceiling for retry {@code attempt} (1-based): {@code min(cap, base * 2^(attempt-1))}. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        int shift = Math.min(attempt - 1, 62);
        long baseNanos = base.toNanos();
        long capNanos = cap.toNanos();
        long ceiling = baseNanos > (capNanos >> shift) ? capNanos : baseNanos << shift;
        return Duration.ofNanos(Math.min(ceiling, capNanos));
    }

    /** A random delay in {@code [0, ceiling(attempt)]} ("full jitter"). */
    public Duration delay(int attempt, RandomGenerator random) {
        long ceiling = ceiling(attempt).toNanos();
        return Duration.ofNanos(random.nextLong(ceiling + 1));
    }

    /** Like {@link #delay(int, RandomGenerator)} with the default generator. */
    public Duration delay(int attempt) {
        return delay(attempt, RandomGenerator.getDefault());
    }

    /**
     * The delay to wait: the server's {@code Retry-After} when it gave one (capped), otherwise the jittered backoff.
     */
    public Duration delay(int attempt, Duration retryAfter, RandomGenerator random) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        }
        return delay(attempt, random);
    }
}
