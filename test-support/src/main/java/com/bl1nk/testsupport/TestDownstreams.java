package com.bl1nk.testsupport;

import com.bl1nk.common.client.Downstream;
import com.bl1nk.common.client.DownstreamClients;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import org.springframework.web.client.RestClient;

/**
 * Service-to-service RestClients for client tests, built exactly as the services build theirs (common-lib's
 * {@link DownstreamClients}) with the test key of the calling workload, so a test exercises the real token, trace and
 * circuit-breaker path against a fake downstream on loopback.
 */
public final class TestDownstreams {

    private TestDownstreams() {}

    /** A RestClient of workload {@code caller} for {@code downstream} at {@code baseUrl} (1 s connect, 5 s read). */
    public static RestClient restClient(String caller, String downstream, String baseUrl) {
        return clients(caller)
                .restClient(new Downstream(downstream, baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    /** The client factory of workload {@code caller}, with default circuit breakers of its own. */
    public static DownstreamClients clients(String caller) {
        return new DownstreamClients(
                RestClient::builder,
                TestIdentities.codec(caller),
                Duration.ofMinutes(1),
                CircuitBreakerRegistry.ofDefaults());
    }
}
