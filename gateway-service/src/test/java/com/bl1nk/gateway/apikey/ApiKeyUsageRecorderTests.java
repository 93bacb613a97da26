package com.bl1nk.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ApiKeyUsageRecorderTests {

    private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    private final ApiKeyRepository repository = mock(ApiKeyRepository.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final ApiKeyUsageRecorder recorder = new ApiKeyUsageRecorder(
            repository,
            new ApiKeyProperties(Duration.ofSeconds(30), Duration.ofSeconds(30), MIN_INTERVAL, 100, null, null),
            Optional.of(clock));

    @Test
    void aBusyKeyIsWrittenAtMostOnceAMinuteWithItsLatestUseAndAddress() {
        UUID key = UUID.randomUUID();
        for (int i = 0; i < 500; i++) {
            recorder.recordUse(key, clock.instant().plusMillis(i), "10.0.0." + (i % 3));
        }
        recorder.flush();

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Map<UUID, ApiKeyUsageRecorder.Use>> batch = ArgumentCaptor.forClass(Map.class);
        verify(repository, times(1)).touchLastUsed(batch.capture(), eq(MIN_INTERVAL));
        assertThat(batch.getValue().get(key).at()).isEqualTo(clock.instant().plusMillis(499));
        assertThat(batch.getValue().get(key).ip()).isEqualTo("10.0.0.1");

        // used again within the minute: kept in memory, not written
        clock.advance(Duration.ofSeconds(30));
        recorder.recordUse(key, clock.instant(), "10.0.0.9");
        recorder.flush();
        verify(repository, times(1)).touchLastUsed(any(), any());

        // once the minute has passed, the newest use goes out
        clock.advance(Duration.ofSeconds(31));
        recorder.flush();
        verify(repository, times(2)).touchLastUsed(batch.capture(), eq(MIN_INTERVAL));
        assertThat(batch.getValue().get(key).ip()).isEqualTo("10.0.0.9");
    }

    @Test
    void nothingRecordedWritesNothing() {
        recorder.flush();

        verify(repository, never()).touchLastUsed(any(), any());
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
