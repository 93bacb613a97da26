package com.bl1nk.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyExpiryMetricsTests {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void countsDownFromTheKeyFilesLastChangeToItsMaximumAge() throws Exception {
        Path key = Files.writeString(dir.resolve("task.pem"), "pem");
        Files.setLastModifiedTime(key, FileTime.from(NOW.minus(Duration.ofDays(80))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new SigningKeyExpiryMetrics(key, Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC)).bindTo(registry);

        double seconds =
                registry.get("bl1nk.identity.signing.key.expiry").timeGauge().value(TimeUnit.SECONDS);
        assertThat(seconds).isEqualTo(Duration.ofDays(10).toSeconds());
    }

    @Test
    void anOverdueKeyIsNegativeAndARotatedOneStartsOver() throws Exception {
        Path key = Files.writeString(dir.resolve("rag.pem"), "pem");
        Files.setLastModifiedTime(key, FileTime.from(NOW.minus(Duration.ofDays(91))));
        SigningKeyExpiryMetrics metrics =
                new SigningKeyExpiryMetrics(key, Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(metrics.secondsLeft()).isEqualTo(-Duration.ofDays(1).toSeconds());

        Files.setLastModifiedTime(key, FileTime.from(NOW));
        assertThat(metrics.secondsLeft()).isEqualTo(Duration.ofDays(90).toSeconds());
    }

    @Test
    void aMissingKeyFileReadsAsUnknown() {
        SigningKeyExpiryMetrics metrics = new SigningKeyExpiryMetrics(
                dir.resolve("gone.pem"), Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(metrics.secondsLeft()).isNaN();
    }
}
