package com.bl1nk.gateway.serviceaccount;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.gateway.idempotency.IdempotentPosts;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Service accounts of the caller's tenant (owner/admin); their keys are created with {@code serviceAccountId}. */
@RestController
@RequestMapping("/api/v1/service-accounts")
class ServiceAccountController {

    private final ServiceAccountService accounts;
    private final IdempotentPosts idempotent;

    ServiceAccountController(ServiceAccountService accounts, IdempotentPosts idempotent) {
        this.accounts = accounts;
        this.idempotent = idempotent;
    }

    @Operation(summary = "Create a service account (a non-human owner of API keys)")
    @ApiResponse(responseCode = "201", description = "Created; Location names the new resource")
    @Requires(Permission.KEYS_ADMIN)
    @PostMapping
    Mono<ResponseEntity<ServiceAccountView>> create(
            @Parameter(hidden = true) Identity identity,
            @RequestHeader(name = IdempotentPosts.HEADER, required = false) String idempotencyKey,
            @RequestBody CreateServiceAccountRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return idempotent.execute(
                identity,
                "POST /api/v1/service-accounts",
                idempotencyKey,
                request,
                ServiceAccountView.class,
                () -> accounts.create(identity, request, clientIp),
                created -> "/api/v1/service-accounts/" + created.id());
    }

    @Operation(summary = "List the tenant's service accounts, newest first")
    @Requires(Permission.KEYS_ADMIN)
    @GetMapping
    Mono<Page<ServiceAccountView>> list(
            @Parameter(hidden = true) Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return Blocking.call(() -> accounts.list(identity, limit, cursor));
    }

    @Operation(summary = "Get one service account of the tenant")
    @Requires(Permission.KEYS_ADMIN)
    @GetMapping("/{id}")
    Mono<ServiceAccountView> get(@Parameter(hidden = true) Identity identity, @PathVariable UUID id) {
        return Blocking.call(() -> accounts.get(identity, id));
    }

    @Operation(summary = "Rename, describe, disable (its keys stop at once) or enable a service account")
    @Requires(Permission.KEYS_ADMIN)
    @PatchMapping("/{id}")
    Mono<ServiceAccountView> update(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID id,
            @RequestBody UpdateServiceAccountRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return Blocking.call(() -> accounts.update(identity, id, request, clientIp));
    }

    @Operation(summary = "Delete a service account; every key it owns is revoked")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Requires(Permission.KEYS_ADMIN)
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID id,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String clientIp = ClientAddress.of(exchange);
        return Blocking.run(() -> accounts.delete(identity, id, clientIp))
                .thenReturn(ResponseEntity.noContent().build());
    }
}
