package com.bl1nk.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.audit.AuditOutboxRelay;
import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Audit events go through the outbox: recorded in the transaction of the change, relayed at least once, stored once.
 * The relay of the running gateway works in the background; the tests add a relay that fails on purpose.
 */
class AuditOutboxIT extends GatewayIntegrationTest {

    @Autowired
    AuditOutbox outbox;

    @Autowired
    JdbcTemplate jdbcTemplate;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    StreamPublisher publisher;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void anEventRecordedInATransactionThatRollsBackIsNeverDelivered() {
        UUID tenant = UUID.randomUUID();
        UUID committed = UUID.randomUUID();

        try {
            transactions.executeWithoutResult(status -> {
                outbox.record(UUID.randomUUID(), event(tenant, "change.rolled_back"));
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the change and its event are both gone
        }
        transactions.executeWithoutResult(status -> outbox.record(committed, event(tenant, "change.committed")));

        await().atMost(Duration.ofSeconds(15)).until(() -> stored(committed) == 1);
        assertThat(jdbc.sql("select action from identity.audit_events where tenant_id = :t")
                        .param("t", tenant)
                        .query(String.class)
                        .list())
                .containsExactly("change.committed");
    }

    @Test
    void aRelayThatDiesBetweenPublishingAndDeletingDeliversAgainAndTheWriterStoresOnce() {
        UUID tenant = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        AtomicBoolean crashed = new AtomicBoolean();
        // publishes to Redis, then fails as if the process died before deleting the outbox row
        StreamPublisher dying = new StreamPublisher(redis, keys, Clock.systemUTC()) {
            @Override
            public <T> String publish(StreamCodec<T> codec, UUID id, UUID tenantId, T payload, long maxLen) {
                String recordId = publisher.publish(codec, id, tenantId, payload, maxLen);
                if (!id.equals(eventId)) {
                    return recordId; // another test's event waiting in the shared outbox: relayed normally
                }
                crashed.set(true);
                throw new IllegalStateException("killed after XADD " + recordId);
            }
        };
        AuditOutboxRelay dyingRelay =
                new AuditOutboxRelay(outbox, jdbcTemplate, transactions, dying, Duration.ofHours(1), 1000);

        // the change and its event commit together; the dying relay runs in that transaction, so no other relay can
        // take the row first
        transactions.executeWithoutResult(status -> {
            outbox.record(eventId, event(tenant, "change.committed"));
            dyingRelay.relayPending();
        });

        assertThat(crashed).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries(eventId) >= 2 && outboxRows(eventId) == 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> stored(eventId) == 1);
        assertThat(stored(eventId)).isEqualTo(1);
    }

    private static AuditRecorded event(UUID tenant, String action) {
        return new AuditRecorded(
                tenant, "service:test", action, "thing", "1", AuditRecorded.SUCCESS, Map.of(), Instant.now());
    }

    private int stored(UUID eventId) {
        return jdbc.sql("select count(*) from identity.audit_events where event_id = :id")
                .param("id", eventId)
                .query(Integer.class)
                .single();
    }

    private int outboxRows(UUID eventId) {
        return jdbc.sql("select count(*) from identity.audit_outbox where event_id = :id")
                .param("id", eventId)
                .query(Integer.class)
                .single();
    }

    private long deliveries(UUID eventId) {
        return redis.opsForStream().range(keys.key(AuditRecorded.STREAM), Range.unbounded()).stream()
                .filter(r -> eventId.toString().equals(r.getValue().get("eventId")))
                .count();
    }
}
