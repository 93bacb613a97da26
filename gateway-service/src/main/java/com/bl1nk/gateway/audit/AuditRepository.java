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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code identity.audit_events} and its chain: idempotent chained appends by event id, tenant-scoped reads. */
@Repository
class AuditRepository {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;

    AuditRepository(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
    }

    /**
     * Appends the event to its tenant's hash chain unless a row with this event id exists; returns whether a row was
     * written. The recorded time is this writer's clock, never the producer's. One transaction: the chain head's row
     * lock orders concurrent writers (other replicas) of the same tenant.
     */
    boolean insertOnce(UUID eventId, AuditRecorded event, String traceId, Instant recordedAt) {
        Boolean written = transactions.execute(status -> {
            jdbc.sql("""
                            insert into identity.audit_chain_heads (tenant_id, last_seq, last_hash, updated_at)
                            values (:tenantId, 0, :genesis, now())
                            on conflict (tenant_id) do nothing
                            """)
                    .param("tenantId", event.tenantId())
                    .param("genesis", ChainLink.GENESIS)
                    .update();
            Head head = jdbc.sql("""
                            select last_seq, last_hash from identity.audit_chain_heads
                             where tenant_id = :tenantId for update
                            """)
                    .param("tenantId", event.tenantId())
                    .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                    .single();
            boolean stored = jdbc.sql("select exists (select 1 from identity.audit_events where event_id = :eventId)")
                    .param("eventId", eventId)
                    .query(Boolean.class)
                    .single();
            if (stored) {
                return false;
            }
            // the details as jsonb will store and return them (key order, number forms), so the hash of what is
            // stored can be recomputed from what is read back
            String details = jdbc.sql("select cast(:details as jsonb)::text")
                    .param("details", json.writeValueAsString(event.details()))
                    .query(String.class)
                    .single();
            long seq = head.lastSeq() + 1;
            ChainLink link = ChainLink.of(
                    seq,
                    eventId,
                    event.tenantId(),
                    event.actor(),
                    event.action(),
                    event.resourceType(),
                    event.resourceId(),
                    event.outcome(),
                    json.readValue(details, DETAILS),
                    traceId,
                    event.occurredAt(),
                    recordedAt);
            String hash = link.hash(json, head.lastHash());
            jdbc.sql("""
                            insert into identity.audit_events
                                (id, event_id, tenant_id, actor, action, resource_type, resource_id, outcome, details,
                                 trace_id, occurred_at, recorded_at, seq, prev_hash, hash)
                            values (:id, :eventId, :tenantId, :actor, :action, :resourceType, :resourceId, :outcome,
                                    cast(:details as jsonb), :traceId, :occurredAt, :recordedAt, :seq, :prevHash, :hash)
                            """)
                    .param("id", UUID.randomUUID())
                    .param("eventId", eventId)
                    .param("tenantId", event.tenantId())
                    .param("actor", event.actor())
                    .param("action", event.action())
                    .param("resourceType", event.resourceType())
                    .param("resourceId", event.resourceId())
                    .param("outcome", event.outcome())
                    .param("details", details)
                    .param("traceId", traceId)
                    .param("occurredAt", ChainLink.micros(event.occurredAt()).atOffset(ZoneOffset.UTC))
                    .param("recordedAt", ChainLink.micros(recordedAt).atOffset(ZoneOffset.UTC))
                    .param("seq", seq)
                    .param("prevHash", head.lastHash())
                    .param("hash", hash)
                    .update();
            jdbc.sql("""
                            update identity.audit_chain_heads set last_seq = :seq, last_hash = :hash, updated_at = now()
                             where tenant_id = :tenantId
                            """)
                    .param("seq", seq)
                    .param("hash", hash)
                    .param("tenantId", event.tenantId())
                    .update();
            return true;
        });
        return Boolean.TRUE.equals(written);
    }

    /** The newest link of a tenant's chain. */
    record Head(long lastSeq, String lastHash) {}

    /** Every chain whose head is past its newest checkpoint: what the next checkpoint round signs. */
    List<ChainHead> headsWithoutCheckpoint() {
        return jdbc.sql("""
                        select h.tenant_id, h.last_seq, h.last_hash
                          from identity.audit_chain_heads h
                         where h.last_seq > coalesce(
                               (select max(c.seq) from identity.audit_checkpoints c where c.tenant_id = h.tenant_id), 0)
                         order by h.tenant_id
                         limit 10000
                        """)
                .query((rs, n) -> new ChainHead(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))
                .list();
    }

    /** A tenant's chain head, if it has one. */
    java.util.Optional<ChainHead> head(UUID tenantId) {
        return jdbc.sql("select tenant_id, last_seq, last_hash from identity.audit_chain_heads where tenant_id = :t")
                .param("t", tenantId)
                .query((rs, n) -> new ChainHead(rs.getObject(1, UUID.class), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /** Stores a signed checkpoint; a second replica signing the same position inserts nothing. */
    void insertCheckpoint(ChainHead head, Instant signedAt, String keyId, String statement) {
        jdbc.sql("""
                        insert into identity.audit_checkpoints (id, tenant_id, seq, hash, signed_at, key_id, statement)
                        values (:id, :tenantId, :seq, :hash, :signedAt, :keyId, :statement)
                        on conflict (tenant_id, seq) do nothing
                        """)
                .param("id", UUID.randomUUID())
                .param("tenantId", head.tenantId())
                .param("seq", head.lastSeq())
                .param("hash", head.lastHash())
                .param("signedAt", signedAt.atOffset(ZoneOffset.UTC))
                .param("keyId", keyId)
                .param("statement", statement)
                .update();
    }

    /** A tenant's checkpoints, oldest first. */
    List<StoredCheckpoint> checkpoints(UUID tenantId) {
        return jdbc.sql("""
                        select seq, hash, signed_at, key_id, statement from identity.audit_checkpoints
                         where tenant_id = :tenantId order by seq
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> new StoredCheckpoint(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /** Chained events of a tenant with {@code seq > afterSeq}, in chain order, at most {@code limit}. */
    List<StoredLink> chainPage(UUID tenantId, long afterSeq, int limit) {
        return jdbc.sql("""
                        select seq, prev_hash, hash, event_id, tenant_id, actor, action, resource_type, resource_id,
                               outcome, details::text, trace_id, occurred_at, recorded_at
                          from identity.audit_events
                         where tenant_id = :tenantId and seq > :afterSeq
                         order by seq
                         limit :limit
                        """)
                .param("tenantId", tenantId)
                .param("afterSeq", afterSeq)
                .param("limit", limit)
                .query((rs, n) -> new StoredLink(
                        rs.getString("prev_hash"),
                        rs.getString("hash"),
                        ChainLink.of(
                                rs.getLong("seq"),
                                rs.getObject("event_id", UUID.class),
                                rs.getObject("tenant_id", UUID.class),
                                rs.getString("actor"),
                                rs.getString("action"),
                                rs.getString("resource_type"),
                                rs.getString("resource_id"),
                                rs.getString("outcome"),
                                json.readValue(rs.getString(11), DETAILS),
                                rs.getString("trace_id"),
                                rs.getObject("occurred_at", OffsetDateTime.class)
                                        .toInstant(),
                                rs.getObject("recorded_at", OffsetDateTime.class)
                                        .toInstant())))
                .list();
    }

    /** How many of a tenant's events predate the chain (stored before it existed). */
    long unchainedCount(UUID tenantId) {
        return jdbc.sql("select count(*) from identity.audit_events where tenant_id = :tenantId and seq is null")
                .param("tenantId", tenantId)
                .query(Long.class)
                .single();
    }

    /** Ids of every tenant that has a chain (for the command that verifies them all), at most 100,000. */
    List<UUID> chainedTenants() {
        return jdbc.sql("select tenant_id from identity.audit_chain_heads order by tenant_id limit 100000")
                .query(UUID.class)
                .list();
    }

    /** A chain's head as stored. */
    record ChainHead(UUID tenantId, long lastSeq, String lastHash) {}

    /** A checkpoint as stored. */
    record StoredCheckpoint(long seq, String hash, Instant signedAt, String keyId, String statement) {}

    /** An event row as stored: its hashes and the link they are computed from. */
    record StoredLink(String prevHash, String hash, ChainLink link) {}

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
