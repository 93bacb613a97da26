package com.bl1nk.common.client;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs every call of one RestClient through the downstream's Resilience4j circuit breaker: transport failures and
 * HTTP 500 (the downstream itself broke) count as failures, and an open circuit fails fast with
 * {@link CircuitOpenException} instead of waiting for a timeout per call. 502, 503 and 504 do not count: a live service
 * answers them on purpose, for a tenant's own upstream (an MCP server, an embedding provider) or a tenant's share of a
 * busy pool, and one tenant's broken upstream must not open the circuit for every tenant.
 */
final class CircuitBreakerInterceptor implements ClientHttpRequestInterceptor {

    private final CircuitBreaker breaker;

    CircuitBreakerInterceptor(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!breaker.tryAcquirePermission()) {
            throw new CircuitOpenException(breaker.getName());
        }
        long start = System.nanoTime();
        ClientHttpResponse response;
        try {
            response = execution.execute(request, body);
        } catch (IOException | RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
        int status = response.getStatusCode().value();
        if (status == 500) {
            breaker.onError(
                    System.nanoTime() - start,
                    TimeUnit.NANOSECONDS,
                    new IOException(breaker.getName() + " answered HTTP " + status));
        } else {
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
        return response;
    }
}
