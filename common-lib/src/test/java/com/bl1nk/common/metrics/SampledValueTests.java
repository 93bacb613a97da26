package com.bl1nk.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SampledValueTests {

    @Test
    void reusesAReadingWithinTheIntervalAndReadsAgainWithoutOne() {
        AtomicInteger reads = new AtomicInteger();
        SampledValue<Integer> cached = new SampledValue<>("x", reads::incrementAndGet, Duration.ofHours(1), -1);
        assertThat(cached.get()).isEqualTo(1);
        assertThat(cached.get()).isEqualTo(1);
        assertThat(reads).hasValue(1);

        SampledValue<Integer> fresh = new SampledValue<>("y", reads::incrementAndGet, Duration.ZERO, -1);
        assertThat(fresh.get()).isEqualTo(2);
        assertThat(fresh.get()).isEqualTo(3);
    }

    @Test
    void aFailedReadingKeepsTheLastValue() {
        AtomicInteger reads = new AtomicInteger();
        SampledValue<Integer> value = new SampledValue<>(
                "flaky",
                () -> {
                    if (reads.incrementAndGet() == 2) {
                        throw new IllegalStateException("redis down");
                    }
                    return reads.get();
                },
                Duration.ZERO,
                -1);
        assertThat(value.get()).isEqualTo(1);
        assertThat(value.get()).isEqualTo(1);
        assertThat(value.get()).isEqualTo(3);
    }

    @Test
    void theFallbackStandsUntilTheFirstReadingSucceeds() {
        SampledValue<Double> value = new SampledValue<>(
                "down",
                () -> {
                    throw new IllegalStateException("no database");
                },
                Duration.ZERO,
                Double.NaN);
        assertThat(value.get()).isNaN();
    }
}
