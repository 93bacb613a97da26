package com.bl1nk.gateway.apikey;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Remembers when and from where each key was last used and writes it to the database in batches every flush
 * interval, at most once per {@code last-used-min-interval} per key: authentication never waits on an UPDATE, and a
 * busy key costs one write a minute, not one per request.
 */
@Component
public class ApiKeyUsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsageRecorder.class);

    /**
     * One use of a key.
     *
     * @param at when
     * @param ip the client address
     */
    public record Use(Instant at, String ip) {}

    private final ApiKeyRepository repository;
    private final ApiKeyProperties properties;
    private final Clock clock;
    private final Map<UUID, Use> pending = new ConcurrentHashMap<>();
    /** When this gateway last wrote each key's use; entries older than the min interval are dropped at each flush. */
    private final Map<UUID, Instant> written = new ConcurrentHashMap<>();

    private volatile Disposable flusher;

    ApiKeyUsageRecorder(ApiKeyRepository repository, ApiKeyProperties properties, Optional<Clock> clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Notes a use; cheap and non-blocking. */
    public void recordUse(UUID keyId, Instant at, String ip) {
        pending.merge(keyId, new Use(at, ip), (a, b) -> a.at().isAfter(b.at()) ? a : b);
    }

    /** Writes the pending uses of keys not written within the min interval; called by the timer, on shutdown, tests. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant recent = now.minus(properties.lastUsedMinInterval());
        written.values().removeIf(at -> at.isBefore(recent));
        Map<UUID, Use> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            if (written.containsKey(id)) {
                continue; // written less than a minute ago: stays pending until the interval has passed
            }
            Use use = pending.remove(id);
            if (use != null) {
                batch.put(id, use);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            repository.touchLastUsed(batch, properties.lastUsedMinInterval());
            batch.keySet().forEach(id -> written.put(id, now));
        } catch (RuntimeException e) {
            log.warn("Could not record API key usage for {} keys: {}", batch.size(), e.toString());
            batch.forEach((id, use) -> recordUse(id, use.at(), use.ip()));
        }
    }

    @Override
    public void start() {
        flusher = Flux.interval(properties.lastUsedFlushInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .subscribe(tick -> flush(), e -> log.error("API key usage flusher stopped", e));
    }

    @Override
    public void stop() {
        Disposable current = flusher;
        if (current != null) {
            current.dispose();
            flusher = null;
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }
}
