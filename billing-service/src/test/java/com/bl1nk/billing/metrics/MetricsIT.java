package com.bl1nk.billing.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.testsupport.MetricsCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** billing-service's meters: budget utilisation moves with reservations, and every meter is in docs/metrics.md. */
class MetricsIT extends BillingIT {

    @Autowired
    MeterRegistry registry;

    @Test
    void budgetUtilisationFollowsReservationsWithoutNamingTheTenant() {
        TestTenant tenant = newTenant();
        Response budget = api.post(
                tenant.adminToken(), "/api/v1/budgets", Map.of("scope", "tenant", "period", "daily", "limitUsd", "1"));
        assertThat(budget.status()).as(budget.toString()).isEqualTo(201);
        double exhaustedBefore = gauge("bl1nk.budgets.exhausted");

        reserve(tenant, "0.97");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(gauge("bl1nk.budget.utilisation.max")).isGreaterThanOrEqualTo(0.97));

        reserve(tenant, "0.03");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(gauge("bl1nk.budgets.exhausted")).isEqualTo(exhaustedBefore + 1));
        assertThat(registry.get("bl1nk.budget.utilisation.max").gauge().getId().getTags())
                .isEmpty();
    }

    @Test
    void theUsageStreamIsMeasuredAndRequestsHaveSloBuckets() {
        assertThat(registry.get("bl1nk.stream.lag")
                        .tag("stream", "bl1nk:usage")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get("bl1nk.stream.dead.letters")
                        .tag("stream", "bl1nk:usage")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get("bl1nk.identity.signing.key.expiry").timeGauge().value())
                .isPositive();

        assertThat(api.get(newTenant().viewerToken(), "/api/v1/budgets").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.find("http.server.requests")
                                .tag("uri", "/api/v1/budgets")
                                .timer()
                        != null);
        Timer requests = registry.get("http.server.requests")
                .tag("uri", "/api/v1/budgets")
                .timer();
        assertThat(Arrays.stream(requests.takeSnapshot().histogramCounts()).map(CountAtBucket::bucket))
                .contains(250_000_000.0, 1_000_000_000.0);
    }

    @Test
    void everyMeterIsDocumented() {
        MetricsCatalogue.assertDocumented(registry, "billing-service");
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private void reserve(TestTenant tenant, String maxCost) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "mock-llm");
        body.put("model", "mock-gpt");
        body.put("maxCostUsd", maxCost);
        Response r = api.post(tenant.serviceToken(), "/internal/v1/reservations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
