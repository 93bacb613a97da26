package com.bl1nk.task.github;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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

    static final String PLATFORM_ADMIN = "platform:admin";

    private final GithubStore store;

    GithubAdminController(GithubStore store) {
        this.store = store;
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
        if (!store.claimInstallation(tenant, request.installationId(), request.accountLogin())) {
            throw ApiException.conflict(
                    "installation_taken",
                    "GitHub installation " + request.installationId() + " belongs to another tenant");
        }
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
            @NotBlank @Size(max = 20_000) String promptTemplate) {}

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
                request.agentName(),
                request.promptTemplate(),
                true,
                Instant.now());
        store.insertRule(rule);
        return RuleResponse.of(rule);
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
        if (!store.deleteRule(identity.tenantId(), id)) {
            throw ApiException.notFound("routing rule", id);
        }
        return ResponseEntity.noContent().build();
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
        if (!store.redeliver(identity.tenantId(), id)) {
            throw ApiException.conflict(
                    "delivery_not_failed",
                    "Only failed deliveries can be redelivered; this one is " + current.status());
        }
        return ResponseEntity.accepted()
                .body(DeliveryResponse.of(
                        store.delivery(identity.tenantId(), id).orElseThrow()));
    }
}
