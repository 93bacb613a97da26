package com.bl1nk.common.client;

import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.ServiceTokenInterceptor;
import com.bl1nk.common.trace.TraceparentInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The one way a service builds a client of another service: a RestClient with the downstream's base URL, explicit
 * connect and read timeouts, this workload's own service token for the downstream (acting for the identity bound to
 * the thread), the trace context, and a Resilience4j circuit breaker named after the downstream.
 */
public class DownstreamClients {

    private final Supplier<RestClient.Builder> builders;
    private final IdentityTokenCodec tokens;
    private final Duration tokenTtl;
    private final CircuitBreakerRegistry breakers;

    public DownstreamClients(
            Supplier<RestClient.Builder> builders,
            IdentityTokenCodec tokens,
            Duration tokenTtl,
            CircuitBreakerRegistry breakers) {
        this.builders = builders;
        this.tokens = tokens;
        this.tokenTtl = tokenTtl;
        this.breakers = breakers;
    }

    /** A RestClient for {@code downstream}; clients of one downstream share its circuit breaker. */
    public RestClient restClient(Downstream downstream) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(downstream.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(downstream.readTimeout());
        return builders.get()
                .baseUrl(downstream.baseUrl())
                .requestFactory(factory)
                .requestInterceptor(new TraceparentInterceptor())
                .requestInterceptor(new ServiceTokenInterceptor(tokens, downstream.name(), tokenTtl))
                .requestInterceptor(new CircuitBreakerInterceptor(circuitBreaker(downstream.name())))
                .build();
    }

    /** The circuit breaker of the downstream called {@code name} (for health and metrics). */
    public CircuitBreaker circuitBreaker(String name) {
        return breakers.circuitBreaker(name);
    }
}
