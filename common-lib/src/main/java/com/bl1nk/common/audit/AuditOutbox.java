package com.bl1nk.common.audit;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records audited actions in {@code <schema>.audit_outbox}. Called inside the transaction that makes the change, the
 * event is committed or rolled back with it: a change is never without its event, and an event never describes a
 * change that did not happen. {@link AuditOutboxRelay} delivers the rows to {@code bl1nk:audit} afterwards.
 */
public final class AuditOutbox {

    /** The one encoding of {@code bl1nk:audit} messages. */
    public static final StreamCodec<AuditRecorded> AUDIT = StreamCodec.of(AuditRecorded.class);

    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final JdbcTemplate jdbc;
    private final String table;

    /** @param schema the service's own schema, which holds its {@code audit_outbox} table */
    public AuditOutbox(JdbcTemplate jdbc, String schema) {
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("bl1nk.schema.name must be a plain schema name, got '" + schema + "'");
        }
        this.jdbc = jdbc;
        this.table = schema + ".audit_outbox";
    }

    /** Records {@code event} with a fresh event id; returns the id. */
    public UUID record(AuditRecorded event) {
        UUID eventId = UUID.randomUUID();
        record(eventId, event);
        return eventId;
    }

    /**
     * Records {@code event} under {@code eventId} (a second record of the same id is ignored, so a retried step does not
     * audit twice), with the current trace.
     */
    public void record(UUID eventId, AuditRecorded event) {
        if (event.tenantId() == null) {
            throw new IllegalArgumentException("an audit event needs a tenant");
        }
        jdbc.update(
                "insert into " + table + " (event_id, tenant_id, payload, traceparent) values (?, ?, ?, ?)"
                        + " on conflict (event_id) do nothing",
                eventId,
                event.tenantId(),
                AUDIT.encodePayload(event),
                TraceContext.current().map(Traceparent::format).orElse(null));
    }

    String table() {
        return table;
    }
}
