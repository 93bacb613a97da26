package com.bl1nk.task.github;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/webhooks/github}: authenticated by signature, not API key. Answers 202 once the delivery is
 * stored (fast, well inside GitHub's 10 s), 200 with status {@code ignored} when a rule matched but refused who sent
 * it or the agent it named (recorded, with the reason, in the delivery listing), 204 when nothing routes it.
 */
@RestController
class GithubWebhookController {

    private final GithubWebhooks webhooks;
    private final GithubProperties properties;
    private final WebhookMetrics metrics;

    GithubWebhookController(GithubWebhooks webhooks, GithubProperties properties, WebhookMetrics metrics) {
        this.webhooks = webhooks;
        this.properties = properties;
        this.metrics = metrics;
    }

    @Requires(Permission.SIGNED_REQUEST)
    @PostMapping("/api/v1/webhooks/github")
    ResponseEntity<Map<String, Object>> receive(
            @RequestHeader(name = "X-GitHub-Event", required = false) String event,
            @RequestHeader(name = "X-GitHub-Delivery", required = false) String deliveryId,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
            InputStream body)
            throws IOException {
        byte[] bytes = body.readNBytes(properties.maxPayloadBytes() + 1);
        if (bytes.length > properties.maxPayloadBytes()) {
            metrics.rejected();
            throw ApiException.payloadTooLarge(
                    "Webhook bodies are limited to " + properties.maxPayloadBytes() + " bytes");
        }
        GithubWebhooks.Outcome outcome;
        try {
            outcome = webhooks.accept(event, deliveryId, signature, bytes);
        } catch (ApiException e) {
            metrics.rejected();
            throw e;
        }
        metrics.received(outcome);
        return switch (outcome) {
            case QUEUED -> ResponseEntity.accepted().body(Map.of("deliveryId", deliveryId, "status", "queued"));
            case DUPLICATE -> ResponseEntity.accepted().body(Map.of("deliveryId", deliveryId, "status", "duplicate"));
            case REFUSED -> ResponseEntity.ok(Map.of("deliveryId", deliveryId, "status", "ignored"));
            case IGNORED -> ResponseEntity.noContent().build();
        };
    }
}
