package com.bl1nk.task.github;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.task.error.TaskErrorCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenant-facing GitHub operations: installations, routing rules, recent deliveries and redelivery. */
@RestController
@RequestMapping("/api/v1/github")
class GithubAdminController {

    private static final Set<String> TRIGGERS_OF_COMMENTS = Set.of("command");
    private static final Set<String> TRIGGERS_OF_ISSUES = Set.of("opened", "labeled");
    private static final Set<String> TRIGGERS_OF_PULLS = Set.of("opened", "synchronize");
    /** What {@code /bl1nk <agent>} accepts as an agent: a name, or an id. */
    private static final java.util.regex.Pattern AGENT =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    static final String PLATFORM_ADMIN = "platform:admin";

    private final GithubStore store;
    private final TransactionTemplate tx;
    private final AuditOutbox audit;

    GithubAdminController(GithubStore store, TransactionTemplate tx, AuditOutbox audit) {
        this.store = store;
        this.tx = tx;
        this.audit = audit;
    }

    /** An installation to bind; {@code tenantId} is the tenant it feeds (the caller's own when absent). */
    record InstallationRequest(
            @NotNull @Positive Long installationId,
            @Size(max = 200) String accountLogin,
            UUID tenantId) {}

    record InstallationResponse(long installationId, String accountLogin, Instant createdAt) {}

    @Requires(Permission.PLATFORM_ADMIN)
    @PostMapping("/installations")
    @ResponseStatus(HttpStatus.CREATED)
    InstallationResponse addInstallation(Identity identity, @Valid @RequestBody InstallationRequest request) {
        // Binding an installation decides whose repositories feed this tenant's agents and where they may post:
        // only the platform operator, who saw the App installed, may do it (a tenant could otherwise claim another
        // organisation's installation id).
        UUID tenant = request.tenantId() != null ? request.tenantId() : identity.tenantId();
        tx.executeWithoutResult(status -> {
            if (!store.claimInstallation(tenant, request.installationId(), request.accountLogin())) {
                throw ApiException.of(
                        TaskErrorCode.INSTALLATION_TAKEN,
                        "GitHub installation " + request.installationId() + " belongs to another tenant");
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("accountLogin", request.accountLogin());
            details.put("boundBy", identity.tenantId().toString());
            // in the chain of the tenant it now feeds, which may not be the operator's own
            audit.record(AuditRecorded.success(
                    tenant,
                    identity.principal(),
                    "github_installation.bound",
                    "github_installation",
                    String.valueOf(request.installationId()),
                    details));
        });
        return store.installations(tenant).stream()
                .filter(i -> i.installationId() == request.installationId())
                .map(i -> new InstallationResponse(i.installationId(), i.accountLogin(), i.createdAt()))
                .findFirst()
                .orElseThrow();
    }

    @Requires(Permission.GITHUB_READ)
    @GetMapping("/installations")
    Page<InstallationResponse> installations(Identity identity) {
        return new Page<>(
                store.installations(identity.tenantId()).stream()
                        .map(i -> new InstallationResponse(i.installationId(), i.accountLogin(), i.createdAt()))
                        .toList(),
                null);
    }

    /**
     * A routing rule to add. {@code allowedAssociations}: the GitHub {@code author_association} values that may set it
     * off (default OWNER, MEMBER, COLLABORATOR). {@code allowedAgents}, for command rules only: the agent names or
     * ids a commenter may name with {@code /bl1nk <agent>} besides {@code agentName}, {@code "*"} for any agent of
     * the tenant; absent or empty means only {@code agentName}, so a command rule needs one or the other.
     */
    record RuleRequest(
            @NotNull @Positive Long installationId,

            @Pattern(regexp = "[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", message = "must be owner/name") String repository,

            @NotBlank @Pattern(
                    regexp = "issue_comment|issues|pull_request",
                    message = "must be issue_comment, issues or pull_request")
            String event,

            @NotBlank String trigger,
            @Size(max = 100) String label,
            @Size(max = 100) String agentName,
            @NotBlank @Size(max = 20_000) String promptTemplate,
            @Size(max = 20) List<String> allowedAssociations,
            @Size(max = 50) List<String> allowedAgents) {}

    record RuleResponse(
            UUID id,
            long installationId,
            String repository,
            String event,
            String trigger,
            String label,
            String agentName,
            String promptTemplate,
            boolean enabled,
            List<String> allowedAssociations,
            List<String> allowedAgents,
            Instant createdAt) {

        static RuleResponse of(RoutingRule r) {
            return new RuleResponse(
                    r.id(),
                    r.installationId(),
                    r.repository(),
                    r.event(),
                    r.trigger(),
                    r.label(),
                    r.agentName(),
                    r.promptTemplate(),
                    r.enabled(),
                    r.allowedAssociations(),
                    r.allowedAgents(),
                    r.createdAt());
        }
    }

    @Requires(Permission.GITHUB_ADMIN)
    @PostMapping("/routing-rules")
    @ResponseStatus(HttpStatus.CREATED)
    RuleResponse addRule(Identity identity, @Valid @RequestBody RuleRequest request) {
        Set<String> allowed = switch (request.event()) {
            case "issue_comment" -> TRIGGERS_OF_COMMENTS;
            case "issues" -> TRIGGERS_OF_ISSUES;
            default -> TRIGGERS_OF_PULLS;
        };
        if (!allowed.contains(request.trigger())) {
            throw ApiException.invalidField("trigger", "for " + request.event() + " must be one of " + allowed);
        }
        if (!request.trigger().equals("command")
                && (request.agentName() == null || request.agentName().isBlank())) {
            throw ApiException.invalidField("agentName", "is required unless the trigger is a /bl1nk command");
        }
        List<String> associations = associations(request.allowedAssociations());
        List<String> agents = allowedAgents(request);
        boolean ours = store.installations(identity.tenantId()).stream()
                .anyMatch(i -> i.installationId() == request.installationId());
        if (!ours) {
            throw ApiException.notFound("installation", request.installationId());
        }
        RoutingRule rule = new RoutingRule(
                UUID.randomUUID(),
                identity.tenantId(),
                request.installationId(),
                request.repository(),
                request.event(),
                request.trigger(),
                request.label(),
                request.agentName() == null || request.agentName().isBlank()
                        ? null
                        : request.agentName().strip(),
                request.promptTemplate(),
                true,
                associations,
                agents,
                Instant.now());
        tx.executeWithoutResult(status -> {
            store.insertRule(rule);
            recordRule(identity, "github_routing_rule.created", rule);
        });
        return RuleResponse.of(rule);
    }

    /** The known associations asked for, in GitHub's order; the default when none were given. */
    private static List<String> associations(List<String> requested) {
        if (requested == null) {
            return RoutingRule.DEFAULT_ASSOCIATIONS;
        }
        if (requested.isEmpty()) {
            throw ApiException.invalidField(
                    "allowedAssociations",
                    "must name at least one of " + RoutingRule.AUTHOR_ASSOCIATIONS + "; leave it out for the default "
                            + RoutingRule.DEFAULT_ASSOCIATIONS);
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String value : requested) {
            String association = value == null ? null : value.strip().toUpperCase(Locale.ROOT);
            if (association == null || !RoutingRule.AUTHOR_ASSOCIATIONS.contains(association)) {
                throw ApiException.invalidField(
                        "allowedAssociations",
                        (value == null ? "null" : "'" + abbreviate(value) + "'")
                                + " is not a GitHub author_association; must be among "
                                + RoutingRule.AUTHOR_ASSOCIATIONS);
            }
            asked.add(association);
        }
        return RoutingRule.AUTHOR_ASSOCIATIONS.stream().filter(asked::contains).toList();
    }

    /** The agents a command may name besides the rule's own, without repeats. */
    private static List<String> allowedAgents(RuleRequest request) {
        List<String> requested = request.allowedAgents() == null ? List.of() : request.allowedAgents();
        boolean command = request.trigger().equals("command");
        if (!command && !requested.isEmpty()) {
            throw ApiException.invalidField(
                    "allowedAgents", "only applies to /bl1nk command rules; this rule always runs its agentName");
        }
        Set<String> agents = new LinkedHashSet<>();
        for (String value : requested) {
            String agent = value == null ? null : value.strip();
            if (agent == null
                    || !(agent.equals(RoutingRule.ANY_AGENT)
                            || AGENT.matcher(agent).matches())) {
                throw ApiException.invalidField(
                        "allowedAgents",
                        (value == null ? "null" : "'" + abbreviate(value) + "'") + " is not an agent name or id, nor \""
                                + RoutingRule.ANY_AGENT + "\" for any agent");
            }
            agents.add(agent);
        }
        if (command
                && agents.isEmpty()
                && (request.agentName() == null || request.agentName().isBlank())) {
            throw ApiException.invalidField(
                    "allowedAgents",
                    "must name the agents a commenter may run (\"" + RoutingRule.ANY_AGENT
                            + "\" for any agent of the tenant) when the rule has no agentName");
        }
        return List.copyOf(agents);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    @Requires(Permission.GITHUB_READ)
    @GetMapping("/routing-rules")
    Page<RuleResponse> rules(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<RoutingRule> rows = store.rules(
                identity.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows.stream().map(RuleResponse::of).toList(), size, r -> Cursors.encode(r.createdAt(), r.id()));
    }

    @Requires(Permission.GITHUB_ADMIN)
    @DeleteMapping("/routing-rules/{id}")
    ResponseEntity<Void> deleteRule(Identity identity, @PathVariable UUID id) {
        tx.executeWithoutResult(status -> {
            RoutingRule rule =
                    store.rule(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("routing rule", id));
            if (!store.deleteRule(identity.tenantId(), id)) {
                throw ApiException.notFound("routing rule", id);
            }
            recordRule(identity, "github_routing_rule.deleted", rule);
        });
        return ResponseEntity.noContent().build();
    }

    /** Audits a rule change; the prompt template is the tenant's text and stays out of the trail. */
    private void recordRule(Identity identity, String action, RoutingRule rule) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("installationId", rule.installationId());
        if (rule.repository() != null) {
            details.put("repository", rule.repository());
        }
        details.put("event", rule.event());
        details.put("trigger", rule.trigger());
        if (rule.agentName() != null) {
            details.put("agentName", rule.agentName());
        }
        details.put("allowedAgents", rule.allowedAgents());
        audit.record(AuditRecorded.success(
                identity.tenantId(),
                identity.principal(),
                action,
                "github_routing_rule",
                rule.id().toString(),
                details));
    }

    record DeliveryResponse(
            UUID id,
            String deliveryId,
            String event,
            String action,
            String repository,
            Long number,
            String status,
            String reason,
            UUID ruleId,
            String agentName,
            UUID taskId,
            String replyState,
            Long replyGithubId,
            int attempts,
            Instant receivedAt) {

        static DeliveryResponse of(GithubStore.Delivery d) {
            return new DeliveryResponse(
                    d.id(),
                    d.deliveryId(),
                    d.event(),
                    d.action(),
                    d.repository(),
                    d.issueNumber(),
                    d.status(),
                    d.reason(),
                    d.ruleId(),
                    d.agentName(),
                    d.taskId(),
                    d.replyState(),
                    d.replyGithubId(),
                    d.attempts(),
                    d.receivedAt());
        }
    }

    @Requires(Permission.GITHUB_READ)
    @GetMapping("/deliveries")
    Page<DeliveryResponse> deliveries(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<GithubStore.Delivery> rows = store.deliveries(
                identity.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(
                rows.stream().map(DeliveryResponse::of).toList(), size, d -> Cursors.encode(d.receivedAt(), d.id()));
    }

    @Requires(Permission.GITHUB_READ)
    @GetMapping("/deliveries/{id}")
    DeliveryResponse delivery(Identity identity, @PathVariable UUID id) {
        return store.delivery(identity.tenantId(), id)
                .map(DeliveryResponse::of)
                .orElseThrow(() -> ApiException.notFound("delivery", id));
    }

    @Requires(Permission.GITHUB_ADMIN)
    @PostMapping("/deliveries/{id}/redeliver")
    ResponseEntity<DeliveryResponse> redeliver(Identity identity, @PathVariable UUID id) {
        GithubStore.Delivery current =
                store.delivery(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("delivery", id));
        tx.executeWithoutResult(status -> {
            if (!store.redeliver(identity.tenantId(), id)) {
                throw ApiException.of(
                        TaskErrorCode.DELIVERY_NOT_FAILED,
                        "Only failed deliveries can be redelivered; this one is " + current.status());
            }
            audit.record(AuditRecorded.success(
                    identity.tenantId(),
                    identity.principal(),
                    "github_delivery.redelivered",
                    "github_delivery",
                    id.toString(),
                    Map.of(
                            "deliveryId",
                            String.valueOf(current.deliveryId()),
                            "event",
                            String.valueOf(current.event()))));
        });
        return ResponseEntity.accepted()
                .body(DeliveryResponse.of(
                        store.delivery(identity.tenantId(), id).orElseThrow()));
    }
}
