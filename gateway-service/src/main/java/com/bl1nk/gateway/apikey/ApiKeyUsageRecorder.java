package com.bl1nk.gateway.apikey;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
 * Remembers when each key was last used and writes it to the database in batches every flush interval, so
 * authentication never waits on an UPDATE and a busy key costs one write per interval, not one per request.
 */
@Component
public class ApiKeyUsageRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyUsageRecorder.class);

    private final ApiKeyRepository repository;
    private final ApiKeyProperties properties;
    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private volatile Disposable flusher;

    ApiKeyUsageRecorder(ApiKeyRepository repository, ApiKeyProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /** Notes a use; cheap and non-blocking. */
    public void recordUse(UUID keyId, Instant at) {
        pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Writes all pending uses now; called by the timer, on shutdown, and by tests. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            repository.touchLastUsed(batch);
        } catch (RuntimeException e) {
            log.warn("Could not record API key usage for {} keys: {}", batch.size(), e.toString());
            batch.forEach(this::recordUse);
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
