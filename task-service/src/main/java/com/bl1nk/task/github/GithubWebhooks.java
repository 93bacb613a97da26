package com.bl1nk.task.github;

import com.bl1nk.common.error.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a verified delivery: decides synchronously (a few indexed reads) whether any rule routes it, records it
 * once, and leaves the slow work (GitHub reads, task creation) to {@link GithubDeliveryProcessor}.
 */
@Service
class GithubWebhooks {

    private static final Logger log = LoggerFactory.getLogger(GithubWebhooks.class);
    static final Set<String> ROUTABLE_EVENTS = Set.of("issue_comment", "issues", "pull_request");

    private final GithubStore store;
    private final GithubAppSettings settings;
    private final JsonMapper json;

    GithubWebhooks(GithubStore store, GithubAppSettings settings, JsonMapper json) {
        this.store = store;
        this.settings = settings;
        this.json = json;
    }

    /** What happened to a delivery: queued for an agent, a duplicate, or nothing to do. */
    enum Outcome {
        QUEUED,
        DUPLICATE,
        IGNORED
    }

    Outcome accept(String event, String deliveryId, String signature, byte[] body) {
        List<String> secrets = settings.current().webhookSecrets();
        if (secrets.isEmpty()) {
            throw ApiException.serviceUnavailable(
                    "github_not_configured",
                    "No GitHub webhook secret is configured: PUT /api/v1/github/app, or set"
                            + " bl1nk.task.github.webhook-secrets");
        }
        if (!WebhookSignatures.verify(body, signature, secrets)) {
            throw ApiException.unauthorized("The X-Hub-Signature-256 header is missing or does not match the body");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 100) {
            throw ApiException.badRequest("missing_delivery_id", "The X-GitHub-Delivery header is required");
        }
        if (event == null || !ROUTABLE_EVENTS.contains(event)) {
            return Outcome.IGNORED;
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_body", "The webhook body is not JSON");
        }
        GithubEvent parsed = GithubEvent.from(event, payload);
        Optional<String> trigger = parsed.trigger();
        if (trigger.isEmpty()
                || parsed.installationId() == null
                || parsed.repository() == null
                || parsed.issueNumber() == null) {
            return Outcome.IGNORED;
        }
        Optional<UUID> tenant = store.tenantOfInstallation(parsed.installationId());
        if (tenant.isEmpty()) {
            log.info("GitHub delivery {} from unmapped installation {}", deliveryId, parsed.installationId());
            return Outcome.IGNORED;
        }
        Optional<RoutingRule> rule = match(tenant.get(), parsed, trigger.get());
        if (rule.isEmpty()) {
            return Outcome.IGNORED;
        }
        String agentName = rule.get().agentName();
        String request = "";
        if (trigger.get().equals("command")) {
            GithubEvent.Command command = parsed.command().orElseThrow();
            if (agentName != null && !agentName.equals(command.agent())) {
                return Outcome.IGNORED;
            }
            agentName = command.agent();
            request = command.request();
        }
        GithubStore.Delivery delivery = new GithubStore.Delivery(
                null,
                deliveryId,
                tenant.get(),
                parsed.installationId(),
                event,
                parsed.action(),
                parsed.repository(),
                parsed.issueNumber(),
                parsed.commentId(),
                "queued",
                null,
                rule.get().id(),
                agentName,
                request,
                null,
                parsed.pullRequest() && !event.equals("issue_comment") ? "review" : "comment",
                null,
                null,
                0,
                null);
        return store.insertDelivery(delivery, new String(body, java.nio.charset.StandardCharsets.UTF_8))
                ? Outcome.QUEUED
                : Outcome.DUPLICATE;
    }

    private Optional<RoutingRule> match(UUID tenantId, GithubEvent event, String trigger) {
        return store.enabledRules(tenantId, event.installationId(), event.event()).stream()
                .filter(r -> r.trigger().equals(trigger))
                .filter(r -> r.repository() == null || r.repository().equalsIgnoreCase(event.repository()))
                .filter(r -> !trigger.equals("labeled")
                        || r.label() == null
                        || r.label().equals(event.label()))
                // a repository-specific rule wins over an installation-wide one
                .sorted((a, b) -> Boolean.compare(a.repository() == null, b.repository() == null))
                .findFirst();
    }
}
