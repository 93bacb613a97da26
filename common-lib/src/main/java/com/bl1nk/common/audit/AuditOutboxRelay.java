package com.bl1nk.common.audit;

import com.bl1nk.common.stream.StreamPublisher;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers {@link AuditOutbox} rows to {@code bl1nk:audit}, oldest first, and deletes each once Redis has it. A row is
 * deleted only after its publish succeeded, so a crash or a Redis outage delays events but never loses one; a crash
 * between publish and delete publishes it again under the same event id, which the audit writer stores once. Several
 * replicas relay side by side ({@code for update skip locked}). On shutdown it relays once more.
 */
public final class AuditOutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditOutboxRelay.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StreamPublisher publisher;
    private final String table;
    private final Duration interval;
    private final int batchSize;
    private volatile ScheduledExecutorService scheduler;

    public AuditOutboxRelay(
            AuditOutbox outbox,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            StreamPublisher publisher,
            Duration interval,
            int batchSize) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.table = outbox.table();
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** Relays what is due now, in batches, until the outbox is empty or a publish fails; returns how many it sent. */
    public int relayPending() {
        int total = 0;
        while (true) {
            Integer sent = transactions.execute(status -> relayBatch());
            int n = sent == null ? 0 : sent;
            if (n < 0) {
                return total; // a publish failed: the rest waits for the next round
            }
            total += n;
            if (n < batchSize) {
                return total;
            }
        }
    }

    private int relayBatch() {
        List<Row> rows = jdbc.query(
                "select event_id, tenant_id, payload, traceparent from " + table
                        + " order by created_at, event_id limit ? for update skip locked",
                (rs, n) -> new Row(
                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)),
                batchSize);
        List<UUID> sent = new ArrayList<>();
        try {
            for (Row row : rows) {
                AuditRecorded event = AuditOutbox.AUDIT.decodePayload(row.payload());
                try (TraceContext.Scope ignored = Traceparent.parse(row.traceparent())
                        .map(TraceContext::open)
                        .orElseGet(TraceContext::openNewRoot)) {
                    publisher.publish(AuditOutbox.AUDIT, row.eventId(), row.tenantId(), event, 0);
                }
                sent.add(row.eventId());
            }
        } catch (RuntimeException e) {
            log.warn(
                    "Could not relay audit event to {} ({} of {} in this batch sent); will retry: {}",
                    AuditOutbox.AUDIT.stream(),
                    sent.size(),
                    rows.size(),
                    e.toString());
            delete(sent);
            return -1;
        }
        delete(sent);
        return sent.size();
    }

    private void delete(List<UUID> sent) {
        if (!sent.isEmpty()) {
            jdbc.update("delete from " + table + " where event_id = any(?)", (Object) sent.toArray(UUID[]::new));
        }
    }

    /** Rows not yet relayed. */
    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from " + table, Long.class);
        return n == null ? 0 : n;
    }

    private void relayQuietly() {
        try {
            relayPending();
        } catch (RuntimeException e) {
            log.warn("Audit outbox relay round failed; will retry: {}", e.toString());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("audit-outbox-relay").daemon(true).factory());
        executor.scheduleWithFixedDelay(
                this::relayQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // what was recorded just before shutdown (e.g. by a one-shot command) goes out now, not at the next start
            relayQuietly();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Stops before the data source and Redis connections (default phase) are closed. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    private record Row(UUID eventId, UUID tenantId, String payload, String traceparent) {}
}
