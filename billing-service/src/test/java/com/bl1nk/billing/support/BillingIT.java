package com.bl1nk.billing.support;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Base of every billing IT: the real app on a random port against the real local Postgres (test-support's throwaway
 * database) and Redis (per-run key prefix), one shared context for all ITs. Tests create fresh tenants
 * ({@link #newTenant()}) instead of cleaning up, so no test sees another's budgets.
 */
// loopback webhooks: MockWebServer (production refuses loopback); a bigger pool for the 100-request ITs; short
// intervals so expiry, retries, dead-lettering and alert delivery show within a test's patience
@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.net.allow-loopback=true",
            "spring.datasource.hikari.maximum-pool-size=10",
            "spring.datasource.hikari.connection-timeout=30000",
            "bl1nk.billing.reservations.sweep-interval=200ms",
            "bl1nk.billing.usage.claim-idle-time=300ms",
            "bl1nk.billing.usage.block-time=200ms",
            "bl1nk.billing.usage.max-attempts=3",
            "bl1nk.billing.alerts.dispatch-interval=200ms",
            "bl1nk.billing.alerts.retry-base=100ms",
            "bl1nk.billing.alerts.retry-cap=200ms"
        })
public abstract class BillingIT {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected StreamKeys streamKeys;

    protected Api api;

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    protected TestTenant newTenant() {
        return TestTenant.create();
    }
}
