package com.bl1nk.task.github;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.task.error.TaskErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final AgentTasks agents;

    GithubWebhooks(GithubStore store, GithubAppSettings settings, JsonMapper json, AgentTasks agents) {
        this.store = store;
        this.settings = settings;
        this.json = json;
        this.agents = agents;
    }

    /** What happened to a delivery: queued for an agent, a duplicate, refused by its rule, or nothing to do. */
    enum Outcome {
        QUEUED,
        DUPLICATE,
        IGNORED,
        /** A rule matched but will not run for this author or agent; recorded as ignored, with the reason. */
        REFUSED
    }

    Outcome accept(String event, String deliveryId, String signature, byte[] body) {
        List<String> secrets = settings.current().webhookSecrets();
        if (secrets.isEmpty()) {
            throw ApiException.of(
                    TaskErrorCode.GITHUB_NOT_CONFIGURED,
                    "No GitHub webhook secret is configured: PUT /api/v1/github/app, or set"
                            + " bl1nk.task.github.webhook-secrets");
        }
        if (!WebhookSignatures.verify(body, signature, secrets)) {
            throw ApiException.unauthorized("The X-Hub-Signature-256 header is missing or does not match the body");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 100) {
            throw ApiException.of(TaskErrorCode.MISSING_DELIVERY_ID, "The X-GitHub-Delivery header is required");
        }
        if (event == null || !ROUTABLE_EVENTS.contains(event)) {
            return Outcome.IGNORED;
        }
        JsonNode payload;
        try {
            payload = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.of(CommonErrorCode.MALFORMED_BODY, "The webhook body is not JSON");
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
            agentName = command.agent();
            request = command.request();
        }
        Optional<String> refusal = refusal(tenant.get(), rule.get(), parsed, agentName);
        String status = refusal.isPresent() ? "ignored" : "queued";
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
                status,
                refusal.orElse(null),
                rule.get().id(),
                agentName,
                refusal.isPresent() ? null : request,
                null,
                refusal.isPresent()
                        ? null
                        : parsed.pullRequest() && !event.equals("issue_comment") ? "review" : "comment",
                null,
                null,
                0,
                null);
        // a refused delivery is recorded for the admin to see why nothing ran, without its payload or request:
        // nothing will ever read them, and whoever was refused should not fill the table with their comments
        String stored = refusal.isPresent() ? null : new String(body, StandardCharsets.UTF_8);
        if (!store.insertDelivery(delivery, stored)) {
            return Outcome.DUPLICATE;
        }
        if (refusal.isPresent()) {
            log.info(
                    "GitHub delivery {} refused by rule {}: {}",
                    deliveryId,
                    rule.get().id(),
                    refusal.get());
            return Outcome.REFUSED;
        }
        return Outcome.QUEUED;
    }

    /**
     * Why the rule will not run for this event, if it will not: its author is not associated with the repository
     * closely enough, or a command names an agent the rule does not let a commenter name.
     */
    private Optional<String> refusal(UUID tenantId, RoutingRule rule, GithubEvent event, String agentName) {
        if (!rule.admits(event.authorAssociation())) {
            String who = event.event().equals("issue_comment")
                    ? "the commenter"
                    : event.pullRequest() ? "the author of the pull request" : "the author of the issue";
            return Optional.of("author_association "
                    + (event.authorAssociation() == null ? "(none given)" : event.authorAssociation()) + " of " + who
                    + " is not allowed: routing rule " + rule.id() + " only runs for "
                    + String.join(", ", rule.allowedAssociations()));
        }
        if (rule.trigger().equals("command") && !allowsAgent(tenantId, rule, agentName)) {
            List<String> allowed = new ArrayList<>();
            if (rule.agentName() != null) {
                allowed.add(rule.agentName());
            }
            allowed.addAll(rule.allowedAgents());
            return Optional.of("agent '" + agentName + "' is not one routing rule " + rule.id()
                    + " lets a commenter name; it allows " + String.join(", ", allowed));
        }
        return Optional.empty();
    }

    private boolean allowsAgent(UUID tenantId, RoutingRule rule, String agentName) {
        if (agentName.equals(rule.agentName())
                || rule.allowedAgents().contains(RoutingRule.ANY_AGENT)
                || rule.allowedAgents().contains(agentName)) {
            return true;
        }
        List<UUID> ids = rule.allowedAgents().stream()
                .map(GithubWebhooks::uuid)
                .flatMap(Optional::stream)
                .toList();
        return !ids.isEmpty()
                && agents.agentIdByName(tenantId, agentName).map(ids::contains).orElse(false);
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
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
