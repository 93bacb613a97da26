package com.bl1nk.billing.support;

import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.stream.StreamKeys;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every billing IT: the real app on a random port against the real local Postgres (throwaway database) and
 * Redis (per-run key prefix), one shared context for all ITs. Tests create fresh tenants instead of cleaning up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BillingIT {

    /** Identity secret of the test run (≥ 32 bytes). */
    public static final String SECRET = "billing-it-identity-secret-0123456789-abcdefghijklmnop";

    /** Redis key prefix of this run, so parallel runs never see each other's streams. */
    public static final String REDIS_PREFIX =
            "it-billing-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected StreamKeys streamKeys;

    @Autowired
    protected IdentityTokenCodec codec;

    protected Api api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", TestDatabase::url);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("bl1nk.identity.secret", () -> SECRET);
        registry.add("bl1nk.redis.key-prefix", () -> REDIS_PREFIX);
        // webhooks in tests go to MockWebServer on loopback, which production refuses
        registry.add("bl1nk.net.allow-loopback", () -> "true");
        registry.add("bl1nk.billing.reservations.sweep-interval", () -> "200ms");
        registry.add("bl1nk.billing.usage.claim-idle-time", () -> "300ms");
        registry.add("bl1nk.billing.usage.block-time", () -> "200ms");
        registry.add("bl1nk.billing.usage.max-attempts", () -> "3");
        registry.add("bl1nk.billing.alerts.dispatch-interval", () -> "200ms");
        registry.add("bl1nk.billing.alerts.retry-base", () -> "100ms");
        registry.add("bl1nk.billing.alerts.retry-cap", () -> "200ms");
    }

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    protected TestTenant newTenant() {
        return TestTenant.create(codec);
    }
}
