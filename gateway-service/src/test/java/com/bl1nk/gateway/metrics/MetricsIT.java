package com.bl1nk.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.testsupport.MetricsCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/** The gateway's meters: the audit stream and signing key are measured, requests have SLO buckets, all documented. */
class MetricsIT extends GatewayIntegrationTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void theAuditStreamAndTheSigningKeyAreMeasured() {
        assertThat(registry.get("bl1nk.stream.lag")
                        .tag("stream", "bl1nk:audit")
                        .tag("group", "audit-writer")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get("bl1nk.stream.dead.letters")
                        .tag("stream", "bl1nk:audit")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        // the test key was written moments ago: a full rotation period ahead, give or take the run so far
        assertThat(registry.get("bl1nk.identity.signing.key.expiry").timeGauge().value(TimeUnit.DAYS))
                .isBetween(89.0, 90.0);
    }

    @Test
    void requestsThroughTheEdgeHaveSloBuckets() {
        client().get()
                .uri("/api/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .exchange()
                .expectStatus()
                .isOk();
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        registry.find("http.server.requests").timers().stream().anyMatch(t -> t.count() > 0));
        Timer requests = registry.find("http.server.requests").timers().stream()
                .filter(t -> t.count() > 0)
                .findFirst()
                .orElseThrow();
        assertThat(Arrays.stream(requests.takeSnapshot().histogramCounts()).map(CountAtBucket::bucket))
                .contains(250_000_000.0, 1_000_000_000.0);
    }

    @Test
    void everyMeterIsDocumented() {
        MetricsCatalogue.assertDocumented(registry, "gateway-service");
    }
}
