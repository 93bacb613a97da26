package com.bl1nk.billing.alert;

import com.bl1nk.billing.money.Money;
import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's alert history and its alert webhook (URL checked against SSRF, signing secret encrypted at rest with
 * the master key, bound to the tenant).
 */
@RestController
@RequestMapping("/api/v1/budgets")
class AlertController {

    private static final int MAX_URL_LENGTH = 2048;

    private final JdbcClient jdbc;
    private final UrlGuard urlGuard;
    private final ObjectProvider<SecretBox> secretBox;

    AlertController(JdbcClient jdbc, UrlGuard urlGuard, ObjectProvider<SecretBox> secretBox) {
        this.jdbc = jdbc;
        this.urlGuard = urlGuard;
        this.secretBox = secretBox;
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/alerts")
    Page<AlertResponse> alerts(
            Identity identity,
            @RequestParam(required = false) UUID budgetId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        JdbcClient.StatementSpec spec = jdbc.sql("select id, budget_id, period_start, threshold_percent, spent_usd,"
                        + " limit_usd, audit_published_at, webhook_state, webhook_attempts, webhook_last_status,"
                        + " created_at from billing.budget_alerts where tenant_id = :tenant"
                        + (budgetId == null ? "" : " and budget_id = :budget")
                        + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("tenant", identity.tenantId())
                .param("limit", size + 1);
        if (budgetId != null) {
            spec = spec.param("budget", budgetId);
        }
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        List<AlertResponse> rows = spec.query((rs, n) -> new AlertResponse(
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
        return Page.of(rows, size, a -> Cursors.encode(a.createdAt(), a.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/alert-webhook")
    AlertWebhook webhook(Identity identity) {
        String url = jdbc.sql("select alert_webhook_url from billing.tenant_settings where tenant_id = :tenant")
                .param("tenant", identity.tenantId())
                .query(String.class)
                .optional()
                .orElse(null);
        return new AlertWebhook(url, null, url != null);
    }

    @Requires(Permission.BILLING_ADMIN)
    @PutMapping("/alert-webhook")
    AlertWebhook setWebhook(Identity identity, @RequestBody AlertWebhook request) {
        if (request.url() == null || request.url().isBlank() || request.url().length() > MAX_URL_LENGTH) {
            throw ApiException.invalidField(
                    "url", "must be an http(s) URL of at most " + MAX_URL_LENGTH + " characters");
        }
        String url = urlGuard.check(request.url()).toString();
        SecretBox box = secretBox.getIfAvailable();
        if (box == null) {
            throw ApiException.serviceUnavailable(
                    "secret_encryption_unavailable",
                    "Alert webhooks cannot be stored: the operator has not configured bl1nk.crypto.master-key");
        }
        String secret = WebhookSigner.newSecret();
        jdbc.sql("insert into billing.tenant_settings (tenant_id, alert_webhook_url, alert_webhook_secret)"
                        + " values (:tenant, :url, :secret) on conflict (tenant_id) do update set"
                        + " alert_webhook_url = excluded.alert_webhook_url,"
                        + " alert_webhook_secret = excluded.alert_webhook_secret, updated_at = now()")
                .param("tenant", identity.tenantId())
                .param("url", url)
                .param("secret", box.encrypt(secret, identity.tenantId()))
                .update();
        return new AlertWebhook(url, secret, true);
    }

    @Requires(Permission.BILLING_ADMIN)
    @DeleteMapping("/alert-webhook")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWebhook(Identity identity) {
        jdbc.sql("update billing.tenant_settings set alert_webhook_url = null, alert_webhook_secret = null,"
                        + " updated_at = now() where tenant_id = :tenant")
                .param("tenant", identity.tenantId())
                .update();
    }
}
