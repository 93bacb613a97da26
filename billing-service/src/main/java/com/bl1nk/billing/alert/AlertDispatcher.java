package com.bl1nk.billing.alert;

import com.bl1nk.billing.money.Money;
import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.crypto.SecretBoxException;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.common.retry.Backoff;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers recorded threshold crossings: the audit event first, then the signed webhook with retries. Alerts are
 * claimed with a lease under SKIP LOCKED, so each replica delivers different ones and a crashed one's are retried.
 */
@Component
@ConditionalOnProperty(prefix = "bl1nk.billing.alerts", name = "dispatcher-enabled", matchIfMissing = true)
class AlertDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
    static final String EVENT_TYPE = "budget.threshold_crossed";

    private final JdbcClient jdbc;
    private final AuditOutbox auditOutbox;
    private final TransactionTemplate transactions;
    private final UrlGuard urlGuard;
    private final AlertProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Backoff backoff;
    private final ObjectProvider<SecretBox> secretBox;

    AlertDispatcher(
            JdbcClient jdbc,
            AuditOutbox auditOutbox,
            TransactionTemplate transactions,
            UrlGuard urlGuard,
            AlertProperties properties,
            JsonMapper json,
            Clock clock,
            ObjectProvider<SecretBox> secretBox) {
        this.secretBox = secretBox;
        this.jdbc = jdbc;
        this.auditOutbox = auditOutbox;
        this.transactions = transactions;
        this.urlGuard = urlGuard;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        // the guard re-checks every connection and redirect hop, so DNS rebinding cannot reach an internal address
        this.http = urlGuard.httpClientBuilder(properties.connectTimeout()).build();
        this.backoff = new Backoff(properties.retryBase(), properties.retryCap());
    }

    @Scheduled(fixedDelayString = "${bl1nk.billing.alerts.dispatch-interval:2s}")
    void dispatch() {
        try (TraceContext.Scope ignored = TraceContext.openNewRoot()) {
            for (Claimed alert : claim()) {
                try {
                    deliver(alert);
                } catch (RuntimeException e) {
                    log.warn("delivering alert {} failed; it is retried after its lease", alert.id(), e);
                }
            }
        } catch (RuntimeException e) {
            log.warn("alert dispatch round failed; retrying at the next interval", e);
        }
    }

    private List<Claimed> claim() {
        return jdbc.sql("update billing.budget_alerts a set webhook_next_at = now() + :lease * interval '1 millisecond'"
                        + " from billing.budgets b where b.id = a.budget_id and a.id in (select id from"
                        + " billing.budget_alerts where (audit_published_at is null or webhook_state = 'pending')"
                        + " and webhook_next_at <= now() order by created_at limit :batch for update skip locked)"
                        + " returning a.id, a.tenant_id, a.budget_id, a.period_start, a.threshold_percent,"
                        + " a.spent_usd, a.limit_usd, a.audit_published_at is not null as audited, a.webhook_state,"
                        + " a.webhook_attempts, b.scope, b.scope_id, b.period")
                .param("lease", properties.lease().toMillis())
                .param("batch", properties.batchSize())
                .query((rs, n) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getObject("budget_id", UUID.class),
                        rs.getTimestamp("period_start").toInstant(),
                        rs.getInt("threshold_percent"),
                        rs.getBigDecimal("spent_usd"),
                        rs.getBigDecimal("limit_usd"),
                        rs.getBoolean("audited"),
                        rs.getString("webhook_state"),
                        rs.getInt("webhook_attempts"),
                        rs.getString("scope"),
                        rs.getObject("scope_id", UUID.class),
                        rs.getString("period")))
                .list();
    }

    private void deliver(Claimed alert) {
        Map<String, Object> data = data(alert);
        if (!alert.audited()) {
            AuditRecorded audit = new AuditRecorded(
                    alert.tenantId(),
                    "service:billing-service",
                    EVENT_TYPE,
                    "budget",
                    alert.budgetId().toString(),
                    "alerted",
                    data,
                    clock.instant());
            // the alert id is the event id (recorded once, relayed at least once, stored once); the outbox row and the
            // mark commit together
            transactions.executeWithoutResult(status -> {
                auditOutbox.record(alert.id(), audit);
                jdbc.sql("update billing.budget_alerts set audit_published_at = now() where id = :id")
                        .param("id", alert.id())
                        .update();
            });
        }
        if (alert.webhookState().equals("pending")) {
            deliverWebhook(alert, data);
        }
    }

    private void deliverWebhook(Claimed alert, Map<String, Object> data) {
        Target target = jdbc.sql("select alert_webhook_url, alert_webhook_secret from billing.tenant_settings"
                        + " where tenant_id = :tenant and alert_webhook_url is not null")
                .param("tenant", alert.tenantId())
                .query((rs, n) -> new Target(rs.getString(1), rs.getString(2)))
                .optional()
                .orElse(null);
        if (target == null) {
            finish(alert.id(), "skipped", alert.webhookAttempts(), null);
            return;
        }
        String secret;
        try {
            SecretBox box = secretBox.getIfAvailable();
            if (box == null) {
                throw new SecretBoxException("no master key configured (bl1nk.crypto.master-key)");
            }
            secret = box.decrypt(target.secret(), alert.tenantId());
        } catch (SecretBoxException e) {
            log.warn("alert webhook secret of tenant {} cannot be decrypted: {}", alert.tenantId(), e.getMessage());
            finish(alert.id(), "failed", alert.webhookAttempts(), null);
            return;
        }
        Instant now = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", EVENT_TYPE);
        body.put("timestamp", now.toString());
        body.put("data", data);
        String payload = json.writeValueAsString(body);
        String messageId = "msg_" + alert.id();
        long timestamp = now.getEpochSecond();
        int attempts = alert.webhookAttempts() + 1;
        Integer status = null;
        try {
            URI uri = urlGuard.check(target.url());
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "bl1nk-billing")
                    .header(WebhookSigner.HEADER_ID, messageId)
                    .header(WebhookSigner.HEADER_TIMESTAMP, Long.toString(timestamp))
                    .header(WebhookSigner.HEADER_SIGNATURE, WebhookSigner.sign(secret, messageId, timestamp, payload))
                    .POST(HttpRequest.BodyPublishers.ofString(payload))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            status = response.statusCode();
            if (status >= 200 && status < 300) {
                finish(alert.id(), "delivered", attempts, status);
                return;
            }
            log.warn("alert webhook for tenant {} answered {}", alert.tenantId(), status);
        } catch (UrlBlockedException e) {
            log.warn("alert webhook of tenant {} refused by the SSRF guard: {}", alert.tenantId(), e.detail());
            finish(alert.id(), "failed", attempts, null);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            UrlBlockedException blocked = UrlBlockedException.findIn(e);
            if (blocked != null) {
                log.warn(
                        "alert webhook of tenant {} refused by the SSRF guard: {}", alert.tenantId(), blocked.detail());
                finish(alert.id(), "failed", attempts, null);
                return;
            }
            log.warn("alert webhook for tenant {} failed: {}", alert.tenantId(), e.toString());
        }
        if (attempts >= properties.maxAttempts()) {
            finish(alert.id(), "failed", attempts, status);
        } else {
            jdbc.sql("update billing.budget_alerts set webhook_attempts = :attempts, webhook_last_status = :status,"
                            + " webhook_next_at = :next where id = :id")
                    .param("attempts", attempts)
                    .param("status", status)
                    .param("next", Timestamp.from(clock.instant().plus(backoff.delay(attempts))))
                    .param("id", alert.id())
                    .update();
        }
    }

    private void finish(UUID id, String state, int attempts, Integer status) {
        jdbc.sql("update billing.budget_alerts set webhook_state = :state, webhook_attempts = :attempts,"
                        + " webhook_last_status = :status, webhook_delivered_at = case when :state = 'delivered'"
                        + " then now() end where id = :id")
                .param("state", state)
                .param("attempts", attempts)
                .param("status", status)
                .param("id", id)
                .update();
    }

    private static Map<String, Object> data(Claimed alert) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alertId", alert.id().toString());
        data.put("tenantId", alert.tenantId().toString());
        data.put("budgetId", alert.budgetId().toString());
        data.put("scope", alert.scope());
        data.put("scopeId", alert.scopeId() == null ? null : alert.scopeId().toString());
        data.put("period", alert.period());
        data.put("periodStart", alert.periodStart().toString());
        data.put("thresholdPercent", alert.threshold());
        data.put("spentUsd", Money.format(alert.spent()));
        data.put("limitUsd", Money.format(alert.limit()));
        data.put("currency", Money.USD);
        return data;
    }

    private record Claimed(
            UUID id,
            UUID tenantId,
            UUID budgetId,
            Instant periodStart,
            int threshold,
            BigDecimal spent,
            BigDecimal limit,
            boolean audited,
            String webhookState,
            int webhookAttempts,
            String scope,
            UUID scopeId,
            String period) {}

    private record Target(String url, String secret) {}
}
