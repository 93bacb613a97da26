package com.bl1nk.gateway.audit;

import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import com.bl1nk.common.stream.StreamWorkers;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code audit-writer} consumer group: appends every {@code AuditRecorded} event from {@code bl1nk:audit} to its
 * tenant's hash chain exactly once, however often Redis delivers it (the event id is unique in the table), stamped
 * with the writer's clock.
 */
@Configuration(proxyBeanMethods = false)
class AuditWriter {

    /** Consumer group name shared by every gateway replica. */
    static final String GROUP = "audit-writer";

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    @Bean
    @ConditionalOnProperty(prefix = "bl1nk.gateway.audit", name = "writer-enabled", matchIfMissing = true)
    StreamWorker auditWriterWorker(StreamWorkers workers, AuditRepository repository, Clock clock) {
        return workers.create(
                StreamWorkerSpec.of(AuditPublisher.AUDIT.stream(), GROUP),
                message -> write(repository, clock, message));
    }

    static void write(AuditRepository repository, Clock clock, StreamMessage message) {
        if (!AuditPublisher.AUDIT.matches(message)) {
            log.warn("Ignoring {} message {} of type {}", message.stream(), message.id(), message.type());
            return;
        }
        AuditRecorded event = AuditPublisher.AUDIT.decode(message);
        if (event.tenantId() == null || event.action() == null || event.occurredAt() == null) {
            throw new IllegalArgumentException("AuditRecorded message " + message.id() + " lacks required fields");
        }
        AuditRecorded complete = new AuditRecorded(
                event.tenantId(),
                event.actor() == null ? "unknown" : event.actor(),
                event.action(),
                event.resourceType() == null ? "unknown" : event.resourceType(),
                event.resourceId(),
                event.outcome() == null ? AuditRecorded.SUCCESS : event.outcome(),
                event.details(),
                event.occurredAt());
        String traceId = Traceparent.parse(message.traceparent())
                .map(Traceparent::traceId)
                .orElse(null);
        boolean written = repository.insertOnce(eventId(message), complete, traceId, clock.instant());
        if (!written) {
            log.debug("Audit event {} already stored; redelivery ignored", message.eventId());
        }
    }

    /** The producer's event id; a message without one gets a stable id derived from its record id. */
    private static UUID eventId(StreamMessage message) {
        if (message.eventId() != null) {
            return message.eventId();
        }
        return UUID.nameUUIDFromBytes((message.stream() + "/" + message.id()).getBytes(StandardCharsets.UTF_8));
    }
}
