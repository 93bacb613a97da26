package com.bl1nk.billing.alert;

import com.bl1nk.billing.money.Money;
import com.bl1nk.common.web.Cursors;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind the alert API (alert history, the tenant's alert webhook), so the controller only speaks HTTP. */
@Repository
class AlertRepository {

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} alerts of the tenant, newest first, optionally of one budget and after a cursor. */
    List<AlertResponse> page(UUID tenantId, UUID budgetId, Cursors.Cursor after, int limit) {
        JdbcClient.StatementSpec spec = jdbc.sql("select id, budget_id, period_start, threshold_percent, spent_usd,"
                        + " limit_usd, audit_published_at, webhook_state, webhook_attempts, webhook_last_status,"
                        + " created_at from billing.budget_alerts where tenant_id = :tenant"
                        + (budgetId == null ? "" : " and budget_id = :budget")
                        + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("tenant", tenantId)
                .param("limit", limit);
        if (budgetId != null) {
            spec = spec.param("budget", budgetId);
        }
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        return spec.query((rs, n) -> new AlertResponse(
                        rs.getObject("id", UUID.class),
                        rs.getObject("budget_id", UUID.class),
                        rs.getTimestamp("period_start").toInstant(),
                        rs.getInt("threshold_percent"),
                        Money.format(rs.getBigDecimal("spent_usd")),
                        Money.format(rs.getBigDecimal("limit_usd")),
                        rs.getTimestamp("audit_published_at") != null,
                        rs.getString("webhook_state"),
                        rs.getInt("webhook_attempts"),
                        (Integer) rs.getObject("webhook_last_status"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** The tenant's alert webhook URL, if one is set. */
    Optional<String> webhookUrl(UUID tenantId) {
        return jdbc.sql("select alert_webhook_url from billing.tenant_settings where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(String.class)
                .optional();
    }

    /** Sets (or replaces) the tenant's webhook URL and its encrypted signing secret. */
    void saveWebhook(UUID tenantId, String url, String encryptedSecret) {
        jdbc.sql("insert into billing.tenant_settings (tenant_id, alert_webhook_url, alert_webhook_secret)"
                        + " values (:tenant, :url, :secret) on conflict (tenant_id) do update set"
                        + " alert_webhook_url = excluded.alert_webhook_url,"
                        + " alert_webhook_secret = excluded.alert_webhook_secret, updated_at = now()")
                .param("tenant", tenantId)
                .param("url", url)
                .param("secret", encryptedSecret)
                .update();
    }

    /** Forgets the tenant's webhook URL and secret. */
    /** Clears the tenant's webhook; {@code false} when none was set. */
    boolean clearWebhook(UUID tenantId) {
        return jdbc.sql("update billing.tenant_settings set alert_webhook_url = null, alert_webhook_secret = null,"
                                + " updated_at = now() where tenant_id = :tenant and alert_webhook_url is not null")
                        .param("tenant", tenantId)
                        .update()
                > 0;
    }
}
