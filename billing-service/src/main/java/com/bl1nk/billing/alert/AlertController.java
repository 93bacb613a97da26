package com.bl1nk.billing.alert;

import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;
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

    private final AlertRepository alerts;
    private final UrlGuard urlGuard;
    private final ObjectProvider<SecretBox> secretBox;
    private final TransactionTemplate transactions;
    private final AuditOutbox audit;

    AlertController(
            AlertRepository alerts,
            UrlGuard urlGuard,
            ObjectProvider<SecretBox> secretBox,
            TransactionTemplate transactions,
            AuditOutbox audit) {
        this.alerts = alerts;
        this.urlGuard = urlGuard;
        this.secretBox = secretBox;
        this.transactions = transactions;
        this.audit = audit;
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
        List<AlertResponse> rows = alerts.page(identity.tenantId(), budgetId, after, size + 1);
        return Page.of(rows, size, a -> Cursors.encode(a.createdAt(), a.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/alert-webhook")
    AlertWebhook webhook(Identity identity) {
        String url = alerts.webhookUrl(identity.tenantId()).orElse(null);
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
            throw ApiException.of(
                    BillingErrorCode.SECRET_ENCRYPTION_UNAVAILABLE,
                    "Alert webhooks cannot be stored: the operator has not configured bl1nk.crypto.master-key");
        }
        String secret = WebhookSigner.newSecret();
        String encrypted = box.encrypt(secret, identity.tenantId());
        transactions.executeWithoutResult(status -> {
            alerts.saveWebhook(identity.tenantId(), url, encrypted);
            // the host only: a webhook URL's path or query often carries a token; the signing secret never appears
            audit.record(AuditRecorded.success(
                    identity.tenantId(),
                    identity.principal(),
                    "alert_webhook.set",
                    "alert_webhook",
                    identity.tenantId().toString(),
                    Map.of("host", String.valueOf(URI.create(url).getHost()), "secretRotated", true)));
        });
        return new AlertWebhook(url, secret, true);
    }

    @Requires(Permission.BILLING_ADMIN)
    @DeleteMapping("/alert-webhook")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteWebhook(Identity identity) {
        transactions.executeWithoutResult(status -> {
            if (alerts.clearWebhook(identity.tenantId())) {
                audit.record(AuditRecorded.success(
                        identity.tenantId(),
                        identity.principal(),
                        "alert_webhook.deleted",
                        "alert_webhook",
                        identity.tenantId().toString(),
                        Map.of()));
            }
        });
    }
}
