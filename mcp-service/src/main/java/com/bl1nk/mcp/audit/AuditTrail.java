package com.bl1nk.mcp.audit;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code AuditRecorded} v1 events to {@code bl1nk:audit} for the gateway's audit writer; best effort so an
 * unavailable Redis never fails the action itself (the call audit row in Postgres is the record of calls). Publishing
 * happens off the request thread (bounded; inline when too many are pending) so a call does not wait for Redis.
 */
@Component
public class AuditTrail implements DisposableBean {

    private static final StreamCodec<AuditRecorded> AUDIT = StreamCodec.of(AuditRecorded.class);

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private static final int MAX_PENDING = 1_000;

    private final ObjectProvider<StreamPublisher> publisher;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore pending = new Semaphore(MAX_PENDING);

    AuditTrail(ObjectProvider<StreamPublisher> publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Records one action; {@code details} must never contain secret values. */
    public void record(
            UUID tenantId,
            String actor,
            String action,
            String resourceType,
            String resourceId,
            String outcome,
            Map<String, Object> details) {
        StreamPublisher streams = publisher.getIfAvailable();
        if (streams == null) {
            return;
        }
        AuditRecorded payload =
                new AuditRecorded(tenantId, actor, action, resourceType, resourceId, outcome, details, clock.instant());
        if (!pending.tryAcquire()) {
            publish(streams, tenantId, payload);
            return;
        }
        Optional<Traceparent> trace = TraceContext.current();
        executor.execute(() -> {
            try {
                if (trace.isPresent()) {
                    try (var scope = TraceContext.open(trace.get())) {
                        publish(streams, tenantId, payload);
                    }
                } else {
                    publish(streams, tenantId, payload);
                }
            } finally {
                pending.release();
            }
        });
    }

    private static void publish(StreamPublisher streams, UUID tenantId, AuditRecorded payload) {
        try {
            streams.publish(AUDIT, UUID.randomUUID(), tenantId, payload, 100_000);
        } catch (RuntimeException e) {
            log.warn("Could not publish audit event {} {}: {}", payload.action(), payload.resourceId(), e.toString());
        }
    }

    @Override
    public void destroy() {
        executor.close();
    }
}
