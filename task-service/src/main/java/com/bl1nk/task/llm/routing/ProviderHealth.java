package com.bl1nk.task.llm.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live health of every provider+model this instance called: a Resilience4j circuit breaker each, plus exponentially
 * weighted latency and error rate, so failover skips broken providers and {@code fastest} can rank by real latency.
 */
public final class ProviderHealth {

    /** Weight of the newest sample in the moving averages. */
    private static final double ALPHA = 0.2;

    private final CircuitBreakerRegistry registry;
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    public ProviderHealth(BreakerSettings settings) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    /** Publishes every breaker's state and call counts as Micrometer metrics ({@code resilience4j.circuitbreaker.*}). */
    public void bindMetrics(MeterRegistry meters) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /** The breaker of one provider+model, created on first use. */
    public CircuitBreaker breaker(ModelTarget target) {
        return registry.circuitBreaker(target.healthKey());
    }

    /** The breaker state, {@code CLOSED} for a target never called. */
    public CircuitBreaker.State state(ModelTarget target) {
        return registry.find(target.healthKey()).map(CircuitBreaker::getState).orElse(CircuitBreaker.State.CLOSED);
    }

    /** Records a successful attempt and its latency (time to first token for streams). */
    public void recordSuccess(ModelTarget target, Duration latency) {
        stats.computeIfAbsent(target.healthKey(), k -> new Stats()).add(latency.toNanos() / 1_000_000.0, false);
    }

    /** Records a failed attempt. */
    public void recordFailure(ModelTarget target) {
        stats.computeIfAbsent(target.healthKey(), k -> new Stats()).add(-1, true);
    }

    /** A snapshot for the catalog and the {@code fastest} policy. */
    public Snapshot snapshot(ModelTarget target) {
        Stats s = stats.get(target.healthKey());
        String state = state(target).name();
        if (s == null) {
            return new Snapshot(null, 0.0, 0, state);
        }
        synchronized (s) {
            return new Snapshot(s.latencyMs < 0 ? null : s.latencyMs, s.errorRate, s.samples, state);
        }
    }

    /**
     * Health numbers of one provider+model.
     *
     * @param latencyMsEwma moving average latency in ms, {@code null} before the first success
     * @param errorRateEwma moving average share of failed attempts (0..1)
     * @param samples attempts seen by this instance
     * @param circuitState CLOSED, OPEN, HALF_OPEN, ...
     */
    public record Snapshot(Double latencyMsEwma, double errorRateEwma, long samples, String circuitState) {}

    /**
     * Breaker thresholds.
     *
     * @param slidingWindowSize attempts the failure rate is computed over
     * @param minimumNumberOfCalls attempts needed before the breaker may open
     * @param failureRateThreshold failure percentage that opens the breaker
     * @param waitInOpenState how long an open breaker rejects calls before letting probes through
     * @param permittedCallsInHalfOpenState probe calls in half-open state
     */
    public record BreakerSettings(
            int slidingWindowSize,
            int minimumNumberOfCalls,
            float failureRateThreshold,
            Duration waitInOpenState,
            int permittedCallsInHalfOpenState) {}

    private static final class Stats {
        private double latencyMs = -1;
        private double errorRate;
        private long samples;

        synchronized void add(double latency, boolean failed) {
            samples++;
            errorRate = samples == 1 ? (failed ? 1 : 0) : ALPHA * (failed ? 1 : 0) + (1 - ALPHA) * errorRate;
            if (!failed) {
                latencyMs = latencyMs < 0 ? latency : ALPHA * latency + (1 - ALPHA) * latencyMs;
            }
        }
    }
}
