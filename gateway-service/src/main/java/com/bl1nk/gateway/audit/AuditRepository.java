package com.bl1nk.gateway.audit;

import com.bl1nk.contracts.audit.AuditRecorded;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code identity.audit_events}: idempotent inserts by event id, tenant-scoped reads. */
@Repository
class AuditRepository {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts unless a row with this event id exists; returns whether a row was written. */
    boolean insertOnce(UUID eventId, AuditRecorded event, String traceId) {
        int rows = jdbc.sql("""
                        insert into identity.audit_events
                            (id, event_id, tenant_id, actor, action, resource_type, resource_id, outcome, details,
                             trace_id, occurred_at)
                        values (:id, :eventId, :tenantId, :actor, :action, :resourceType, :resourceId, :outcome,
                                cast(:details as jsonb), :traceId, :occurredAt)
                        on conflict (event_id) do nothing
                        """)
                .param("id", UUID.randomUUID())
                .param("eventId", eventId)
                .param("tenantId", event.tenantId())
                .param("actor", event.actor())
                .param("action", event.action())
                .param("resourceType", event.resourceType())
                .param("resourceId", event.resourceId())
                .param("outcome", event.outcome())
                .param("details", json.writeValueAsString(event.details()))
                .param("traceId", traceId)
                .param("occurredAt", event.occurredAt().atOffset(ZoneOffset.UTC))
                .update();
        return rows == 1;
    }

    /** One page of a tenant's events, newest first, strictly after the cursor position when given. */
    List<AuditEventView> list(
            UUID tenantId, String action, String resourceType, Instant afterOccurredAt, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, event_id, tenant_id, actor, action, resource_type, resource_id, outcome, details::text,
                       trace_id, occurred_at
                  from identity.audit_events
                 where tenant_id = :tenantId
                """);
        if (action != null) {
            sql.append(" and action = :action");
        }
        if (resourceType != null) {
            sql.append(" and resource_type = :resourceType");
        }
        if (afterId != null) {
            sql.append(" and (occurred_at, id) < (:afterOccurredAt, :afterId)");
        }
        sql.append(" order by occurred_at desc, id desc limit :limit");
        JdbcClient.StatementSpec spec =
                jdbc.sql(sql.toString()).param("tenantId", tenantId).param("limit", limit);
        if (action != null) {
            spec = spec.param("action", action);
        }
        if (resourceType != null) {
            spec = spec.param("resourceType", resourceType);
        }
        if (afterId != null) {
            spec = spec.param("afterOccurredAt", afterOccurredAt.atOffset(ZoneOffset.UTC))
                    .param("afterId", afterId);
        }
        return spec.query((rs, n) -> new AuditEventView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("event_id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("resource_type"),
                        rs.getString("resource_id"),
                        rs.getString("outcome"),
                        json.readValue(rs.getString("details"), DETAILS),
                        rs.getString("trace_id"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
