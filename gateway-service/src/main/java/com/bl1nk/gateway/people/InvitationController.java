package com.bl1nk.gateway.people;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Invitations into the caller's tenant (owner/admin); accepting one is an open path in {@code gateway.session}. */
@RestController
@RequestMapping("/api/v1/invitations")
class InvitationController {

    private final InvitationService invitations;

    InvitationController(InvitationService invitations) {
        this.invitations = invitations;
    }

    @Operation(summary = "Invite someone by e-mail with a role; the single-use link is in this response only")
    @ApiResponse(responseCode = "201", description = "Created; the link is also mailed when SMTP is configured")
    @Requires(Permission.MEMBERS_ADMIN)
    @PostMapping
    Mono<ResponseEntity<CreatedInvitation>> invite(
            @Parameter(hidden = true) Identity identity,
            @RequestBody CreateInvitationRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.call(() -> invitations.invite(identity, request, ip))
                .map(created -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create(
                                "/api/v1/invitations/" + created.invitation().id()))
                        .body(created));
    }

    @Operation(summary = "List the tenant's invitations, newest first (never their tokens)")
    @Requires(Permission.MEMBERS_ADMIN)
    @GetMapping
    Mono<Page<InvitationView>> list(
            @Parameter(hidden = true) Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return Blocking.call(() -> invitations.list(identity, limit, cursor));
    }

    @Operation(summary = "Revoke a pending invitation; its link stops working")
    @ApiResponse(responseCode = "204", description = "Revoked (or no longer pending)")
    @Requires(Permission.MEMBERS_ADMIN)
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> revoke(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID id,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.run(() -> invitations.revoke(identity, id, ip))
                .thenReturn(ResponseEntity.noContent().build());
    }
}
