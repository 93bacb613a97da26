package com.bl1nk.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Seconds until this workload's signing key reaches its maximum age ({@code bl1nk.metrics.signing-key-max-age},
 * counted from the key file's last change, which is what {@code ./bl1nk keys rotate} renews), so rotation is due on a
 * dashboard and alerted on before the policy is broken. Negative once overdue; NaN while the file is unreadable.
 */
public final class SigningKeyExpiryMetrics implements MeterBinder {

    private final Path keyFile;
    private final Duration maxAge;
    private final Clock clock;

    public SigningKeyExpiryMetrics(Path keyFile, Duration maxAge, Clock clock) {
        this.keyFile = keyFile;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TimeGauge.builder(
                        "bl1nk.identity.signing.key.expiry",
                        this,
                        TimeUnit.SECONDS,
                        SigningKeyExpiryMetrics::secondsLeft)
                .description("Seconds until the workload signing key is due for rotation")
                .strongReference(true)
                .register(registry);
    }

    /** Seconds left before the key file is older than the maximum age. */
    double secondsLeft() {
        try {
            long changed = Files.getLastModifiedTime(keyFile).toMillis();
            long due = changed + maxAge.toMillis();
            return (due - clock.millis()) / 1000.0;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
